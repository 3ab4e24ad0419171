import type pg from 'pg';
import { AGENCIES, type Agency } from '../subgraphs/agencies';
import type { Database } from '../subgraphs/kit/database';
import { DEMO_CAST } from './demoCast';
import { copyTable } from './load/copyTable';
import { createProgressMeter } from './load/progress';
import { createWorld, DEFAULT_SEED, type World } from './population/world';
import { agencyTables } from './tables';
import type { TableSpec } from './tables/tableSpec';

export interface SeedOptions {
  /** Random persons to generate, on top of the demo cast; enterprises are a tenth of that. */
  persons: number;
  onProgress?: (line: string) => void;
  /** The same seed and persons always give the same rows. */
  seed?: number;
}

export interface SeedReport {
  milliseconds: number;
  /** Rows loaded per `agency.table`. */
  counts: Record<string, number>;
}

/** Seeding refused or failed, with a message fit for the command line. */
export class SeedError extends Error {
  override name = 'SeedError';
}

/** Seeded means the demo cast's first person is registered with the police (police commits last). */
export async function isSeeded(dbs: Record<Agency, Database>): Promise<boolean> {
  const rows = await dbs.police.query<{ seeded: boolean }>(
    'SELECT EXISTS (SELECT 1 FROM persons WHERE id_number = $1) AS seeded',
    [DEMO_CAST.wang.idNumber],
  );
  return rows[0]?.seeded === true;
}

/** The tables the seed fills, per agency, in foreign-key order. */
export function seededTables(): Record<Agency, string[]> {
  const tables = agencyTables(createWorld({ seed: DEFAULT_SEED, persons: 0 }));
  return Object.fromEntries(AGENCIES.map((agency) => [agency, tables[agency].map((spec) => spec.table)])) as Record<Agency, string[]>;
}

/** Empties every table the seed fills (bin/seed --reset). */
export async function resetDatabases(dbs: Record<Agency, Database>): Promise<void> {
  const tables = seededTables();
  await Promise.all(AGENCIES.map((agency) => dbs[agency].query(`TRUNCATE ${tables[agency].join(', ')}`)));
}

/**
 * Generates the synthetic world and loads it into the five agency databases in parallel, each in one
 * transaction with its tables COPYed in foreign-key order. Refuses databases that already hold rows,
 * so a re-run never duplicates. Police commits last: if anything fails before, every database is
 * rolled back and isSeeded stays false.
 */
export async function seedDatabases(dbs: Record<Agency, Database>, options: SeedOptions): Promise<SeedReport> {
  const started = performance.now();
  const world = createWorld({ seed: options.seed ?? DEFAULT_SEED, persons: options.persons });
  const tables = agencyTables(world);
  await assertEmpty(dbs, tables);

  const clients: Partial<Record<Agency, pg.PoolClient>> = {};
  const committed = new Set<Agency>();
  const loaded: Partial<Record<Agency, Record<string, number>>> = {};
  let aborted = false;
  try {
    for (const agency of AGENCIES) {
      const client = await dbs[agency].pool.connect();
      clients[agency] = client;
      await client.query('BEGIN');
    }
    const loads = await Promise.allSettled(
      AGENCIES.map(async (agency) => {
        try {
          loaded[agency] = await loadAgency(agency, clients[agency]!, tables[agency], world, options.onProgress, () => aborted);
        } catch (error) {
          aborted = true;
          throw error;
        }
      }),
    );
    const failure = loads.find((load): load is PromiseRejectedResult => load.status === 'rejected');
    if (failure) throw failure.reason;
    for (const agency of [...AGENCIES.filter((name) => name !== 'police'), 'police' as const]) {
      await clients[agency]!.query('COMMIT');
      committed.add(agency);
    }
  } catch (error) {
    await Promise.all(
      AGENCIES.filter((agency) => clients[agency] && !committed.has(agency)).map((agency) =>
        clients[agency]!.query('ROLLBACK').catch(() => undefined),
      ),
    );
    throw error;
  } finally {
    for (const client of Object.values(clients)) client?.release();
  }
  // Fresh statistics, so the subgraphs' first queries get good plans.
  await Promise.all(AGENCIES.map((agency) => dbs[agency].query('ANALYZE')));
  const counts = Object.assign({}, ...AGENCIES.map((agency) => loaded[agency])) as Record<string, number>;
  return { milliseconds: Math.round(performance.now() - started), counts };
}

async function loadAgency(
  agency: Agency,
  client: pg.PoolClient,
  specs: readonly TableSpec[],
  world: World,
  onProgress: ((line: string) => void) | undefined,
  isAborted: () => boolean,
): Promise<Record<string, number>> {
  const totalUnits = specs.reduce((total, spec) => total + spec.units, 0);
  const meter = createProgressMeter(agency, totalUnits, world.persons, onProgress);
  const counts: Record<string, number> = {};
  for (const spec of specs) counts[`${agency}.${spec.table}`] = await copyTable(client, spec, meter.tick, isAborted);
  return counts;
}

async function assertEmpty(dbs: Record<Agency, Database>, tables: Record<Agency, TableSpec[]>): Promise<void> {
  if (await isSeeded(dbs)) {
    throw new SeedError('the databases are already seeded (the demo cast is there); reset them first (npm run seed -- --reset)');
  }
  const filled: string[] = [];
  await Promise.all(
    AGENCIES.map(async (agency) => {
      for (const { table } of tables[agency]) {
        const rows = await dbs[agency].query<{ filled: boolean }>(`SELECT EXISTS (SELECT 1 FROM ${table}) AS filled`);
        if (rows[0]?.filled) filled.push(`${agency}.${table}`);
      }
    }),
  );
  if (filled.length > 0) {
    throw new SeedError(`the databases already hold rows (${filled.sort().join(', ')}); reset them first (npm run seed -- --reset)`);
  }
}
