import { decodeCursor } from './pagination';

/** A filter on one column; undefined and null values are skipped so optional arguments just work. */
export interface ColumnFilter {
  column: string;
  op: '=' | '>=' | '<';
  value: unknown;
  /** SQL type for the placeholder, e.g. 'timestamptz'. */
  cast?: string;
}

export interface PageQuery {
  /** `SELECT … FROM …` without WHERE. */
  select: string;
  filters: readonly ColumnFilter[];
  /** Two columns, newest/greatest first; the second breaks ties (a unique id). */
  orderBy: readonly [string, string];
  /** SQL type of orderBy[0] for the cursor comparison. */
  orderCast: string;
  after?: string | null;
  size: number;
}

/** Builds one keyset-paginated statement: rows after the cursor, LIMIT size + 1. */
export function buildPageQuery(query: PageQuery): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const placeholder = (value: unknown, cast?: string) => {
    values.push(value);
    return cast ? `$${values.length}::${cast}` : `$${values.length}`;
  };
  const conditions = query.filters
    .filter((filter) => filter.value !== undefined && filter.value !== null)
    .map((filter) => `${filter.column} ${filter.op} ${placeholder(filter.value, filter.cast)}`);
  const [first, second] = query.orderBy;
  if (query.after) {
    const [sortValue, id] = decodeCursor(query.after, 2);
    conditions.push(`(${first}, ${second}) < (${placeholder(sortValue, query.orderCast)}, ${placeholder(id)})`);
  }
  const where = conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '';
  const text = `${query.select}${where} ORDER BY ${first} DESC, ${second} DESC LIMIT ${placeholder(query.size + 1)}`;
  return { text, values };
}
