import DataLoader from 'dataloader';
import type { RowScope } from '@govgraph/policies';
import type { Database } from './database';

/**
 * Loaders for the two shapes every subgraph needs. Each batch is ONE statement whose `$1` is the
 * array of keys (`WHERE key = ANY($1)`), and each row carries its key in a column named `key`.
 * Loaders are made per request (see `SubgraphDefinition.createLoaders`) so nothing is cached across callers.
 *
 * `scope`: give it when the statement reads rows that carry a district (or rows only unrestricted callers
 * may see); it becomes `$2`, used by the statement's `inJurisdiction(…)` condition (kit/jurisdiction.ts).
 * Leave it out only for rows read through a parent already found in scope (an incident's involvements,
 * a case's parties).
 */
interface Keyed {
  key: string;
}

const USES_SECOND_PARAMETER = /\$2(?![0-9])/;

/** A scoped statement that forgot its condition would show every district: refuse it when the loader is made. */
function parametersFor(sql: string, scope: RowScope | undefined): (keys: readonly string[]) => unknown[] {
  if (scope !== undefined && !USES_SECOND_PARAMETER.test(sql)) {
    throw new TypeError('a statement given a row scope must filter on $2 (see kit/jurisdiction.ts)');
  }
  if (scope === undefined && USES_SECOND_PARAMETER.test(sql)) {
    throw new TypeError('a statement that filters on $2 needs the row scope');
  }
  return scope === undefined ? (keys) => [keys] : (keys) => [keys, scope.district];
}

/** One row (or null) per key: entities by their id. */
export function rowByKey<Row extends Keyed>(db: Database, sql: string, scope?: RowScope): DataLoader<string, Row | null> {
  const parameters = parametersFor(sql, scope);
  return new DataLoader(async (keys) => {
    const rows = await db.query<Row>(sql, parameters(keys));
    const byKey = new Map(rows.map((row) => [row.key, row]));
    return keys.map((key) => byKey.get(key) ?? null);
  });
}

/** All rows per key, in the statement's order: a person's cases, an incident's involved persons. */
export function rowsByKey<Row extends Keyed>(db: Database, sql: string, scope?: RowScope): DataLoader<string, Row[]> {
  const parameters = parametersFor(sql, scope);
  return new DataLoader(async (keys) => {
    const rows = await db.query<Row>(sql, parameters(keys));
    const byKey = new Map<string, Row[]>();
    for (const row of rows) {
      const list = byKey.get(row.key);
      if (list) list.push(row);
      else byKey.set(row.key, [row]);
    }
    return keys.map((key) => byKey.get(key) ?? []);
  });
}
