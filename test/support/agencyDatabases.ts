import { randomBytes } from 'node:crypto';
import { AGENCIES, type Agency } from '../../subgraphs/agencies';
import { openDatabase, type Database } from '../../subgraphs/kit/database';
import { migrate } from '../../subgraphs/kit/migrate';
import { subgraphDefinitions } from '../../subgraphs/registry';
import { databaseUrl, dropDatabase, ensureDatabase } from '../../runtime/databases';
import { systemDatabaseNames } from '../../runtime/system';

export function testServerUrl(): string {
  const url = process.env.GOVGRAPH_TEST_SERVER_URL;
  if (!url) throw new Error('GOVGRAPH_TEST_SERVER_URL is not set: run tests through jest (globalSetup starts the server)');
  return url;
}

export interface TestDatabases {
  prefix: string;
  dbs: Record<Agency, Database>;
  drop(): Promise<void>;
}

/** Fresh, migrated databases for the five agencies, named `<prefix>_<agency>`; `drop()` removes them. */
export async function createAgencyDatabases(label: string): Promise<TestDatabases> {
  const server = testServerUrl();
  const prefix = `gg_${label}_${randomBytes(3).toString('hex')}`;
  const dbs = {} as Record<Agency, Database>;
  for (const agency of AGENCIES) {
    const name = `${prefix}_${agency}`;
    await ensureDatabase(server, name);
    dbs[agency] = openDatabase({ connectionString: databaseUrl(server, name), name: agency, onError: () => undefined });
    await migrate(dbs[agency], subgraphDefinitions[agency].migrationsDirectory);
  }
  return {
    prefix,
    dbs,
    drop: async () => {
      await Promise.all(AGENCIES.map((agency) => dbs[agency].close()));
      await Promise.all(AGENCIES.map((agency) => dropDatabase(server, `${prefix}_${agency}`)));
    },
  };
}

/** Drops every database a whole system creates under `prefix` (runtime/system.ts `systemDatabaseNames`). */
export async function dropSystemDatabases(prefix: string, server: string = testServerUrl()): Promise<void> {
  const names = systemDatabaseNames(prefix);
  await Promise.all(names.map((name) => dropDatabase(server, name)));
}
