import DataLoader from 'dataloader';
import type { Database } from './database';

/**
 * Loaders for the two shapes every subgraph needs. Each batch is ONE statement whose `$1` is the
 * array of keys (`WHERE key = ANY($1)`), and each row carries its key in a column named `key`.
 * Loaders are made per request (see `SubgraphDefinition.createLoaders`) so nothing is cached across callers.
 */
interface Keyed {
  key: string;
}

/** One row (or null) per key: entities by their id. */
export function rowByKey<Row extends Keyed>(db: Database, sql: string): DataLoader<string, Row | null> {
  return new DataLoader(async (keys) => {
    const rows = await db.query<Row>(sql, [keys]);
    const byKey = new Map(rows.map((row) => [row.key, row]));
    return keys.map((key) => byKey.get(key) ?? null);
  });
}

/** All rows per key, in the statement's order: a person's cases, an incident's involved persons. */
export function rowsByKey<Row extends Keyed>(db: Database, sql: string): DataLoader<string, Row[]> {
  return new DataLoader(async (keys) => {
    const rows = await db.query<Row>(sql, [keys]);
    const byKey = new Map<string, Row[]>();
    for (const row of rows) {
      const list = byKey.get(row.key);
      if (list) list.push(row);
      else byKey.set(row.key, [row]);
    }
    return keys.map((key) => byKey.get(key) ?? []);
  });
}
