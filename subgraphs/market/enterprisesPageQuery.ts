import { decodeCursor, jurisdictionCondition, type ColumnFilter, type RowScope } from '@govgraph/subgraph-kit';
import { ENTERPRISE } from './loaders';

export interface EnterpriseFilter {
  district?: string | null;
  industry?: string | null;
  status?: string | null;
}

/**
 * One keyset-paginated statement for `Query.enterprises`: ascending credit code, rows after the cursor,
 * LIMIT size + 1. The kit's `buildPageQuery` walks a (sort value, unique id) pair newest first; here the
 * sort value is itself the unique key, so the cursor is the credit code alone. Pairing the key with
 * itself would put two independent values in a cursor for one column, and a forged one could mean anything.
 */
export function buildEnterprisesPageQuery(
  filter: EnterpriseFilter,
  after: string | null | undefined,
  size: number,
  scope: RowScope,
): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const placeholder = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  const filters: ColumnFilter[] = [
    { column: 'e.district', op: '=', value: filter.district },
    { column: 'e.industry', op: '=', value: filter.industry },
    { column: 'e.status', op: '=', value: filter.status },
  ];
  const conditions = filters
    .filter((columnFilter) => columnFilter.value !== undefined && columnFilter.value !== null)
    .map((columnFilter) => `${columnFilter.column} ${columnFilter.op} ${placeholder(columnFilter.value)}`);
  conditions.push(jurisdictionCondition({ column: 'e.district', scope }, values));
  if (after) {
    const [creditCode] = decodeCursor(after, 1);
    conditions.push(`e.credit_code > ${placeholder(creditCode)}`);
  }
  return {
    text: `SELECT ${ENTERPRISE} FROM enterprises e WHERE ${conditions.join(' AND ')} ORDER BY e.credit_code LIMIT ${placeholder(size + 1)}`,
    values,
  };
}
