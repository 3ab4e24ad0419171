import type { RowScope } from '@govgraph/policies';
import { inJurisdiction, unrestrictedOnly } from './jurisdiction';
import { cursorError, decodeCursor } from './pagination';
import { badTimeArgument, isTimeValue, type TimeCast } from './timeArguments';

/** A filter on one column; undefined and null values are skipped so optional arguments just work. */
export interface ColumnFilter {
  column: string;
  op: '=' | '>=' | '<';
  value: unknown;
  /** SQL type for the placeholder, e.g. 'timestamptz'; a date or time is checked before it reaches SQL. */
  cast?: string;
  /** The client's name for the value (e.g. `filter.from`), for the BAD_USER_INPUT a bad one gets. */
  argument?: string;
}

/**
 * Which rows of the search the caller may see: `column` is the rows' district column, or null for rows
 * that carry no district (only unrestricted callers see those). Required, so no search forgets it.
 */
export interface Jurisdiction {
  column: string | null;
  scope: RowScope;
}

export interface PageQuery {
  /** `SELECT … FROM …` without WHERE. */
  select: string;
  filters: readonly ColumnFilter[];
  jurisdiction: Jurisdiction;
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
  const given = query.filters.filter((filter) => filter.value !== undefined && filter.value !== null);
  for (const filter of given) {
    if (isTimeCast(filter.cast) && !isTimeValue(filter.value, filter.cast)) throw badTimeArgument(filter.argument ?? 'filter', filter.cast);
  }
  const conditions = given.map((filter) => `${filter.column} ${filter.op} ${placeholder(filter.value, filter.cast)}`);
  conditions.push(jurisdictionCondition(query.jurisdiction, values));
  const [first, second] = query.orderBy;
  if (query.after) {
    const [sortValue, id] = decodeCursor(query.after, 2);
    // A well-formed cursor with a forged time in it is as foreign as any other.
    if (isTimeCast(query.orderCast) && !isTimeValue(sortValue, query.orderCast)) throw cursorError();
    conditions.push(`(${first}, ${second}) < (${placeholder(sortValue, query.orderCast)}, ${placeholder(id)})`);
  }
  const text = `${query.select} WHERE ${conditions.join(' AND ')} ORDER BY ${first} DESC, ${second} DESC LIMIT ${placeholder(query.size + 1)}`;
  return { text, values };
}

/** The search's jurisdiction condition; appends the scope's district to `values` as its parameter. */
export function jurisdictionCondition(jurisdiction: Jurisdiction, values: unknown[]): string {
  values.push(jurisdiction.scope.district);
  return jurisdiction.column === null ? unrestrictedOnly(values.length) : inJurisdiction(jurisdiction.column, values.length);
}

function isTimeCast(cast: string | undefined): cast is TimeCast {
  return cast === 'date' || cast === 'timestamptz';
}
