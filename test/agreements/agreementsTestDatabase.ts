import { randomBytes } from 'node:crypto';
import { agreementsDatabaseName, openAgreementsDatabase } from '../../agreements/agreementsDatabase';
import { databaseUrl, dropDatabase } from '../../runtime/databases';
import type { Database } from '../../subgraphs/kit/database';
import { testServerUrl } from '../support/agencyDatabases';

export interface AgreementsTestDatabase {
  db: Database;
  /** The database's URL (the test server's superuser). */
  url: string;
  drop(): Promise<void>;
}

/** A fresh, migrated agreements database `gg_<label>_<random>_agreements` on the test server; `drop()` removes it. */
export async function createAgreementsTestDatabase(label: string): Promise<AgreementsTestDatabase> {
  const server = testServerUrl();
  const prefix = `gg_${label}_${randomBytes(3).toString('hex')}`;
  const db = await openAgreementsDatabase({ serverUrl: server, prefix, onError: () => undefined });
  return {
    db,
    url: databaseUrl(server, agreementsDatabaseName(prefix)),
    drop: async () => {
      await db.close();
      await dropDatabase(server, agreementsDatabaseName(prefix));
    },
  };
}
