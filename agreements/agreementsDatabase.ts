import path from 'node:path';
import type { Database } from '../subgraphs/kit/database';
import { openServiceDatabase, type ServiceDatabaseSource } from '../runtime/serviceDatabase';
import { APPLICATIONS, type ApplicationEntry } from './applications';

export const AGREEMENTS_MIGRATIONS_DIRECTORY = path.join(__dirname, 'migrations');

/** `<prefix>_agreements`, e.g. govgraph_agreements. */
export function agreementsDatabaseName(prefix: string): string {
  return `${prefix}_agreements`;
}

/** Where the agreements are (AGREEMENTS_DATABASE_URL); migrating also registers the applications. */
export type AgreementsDatabaseSource = ServiceDatabaseSource;

/**
 * Opens the data-sharing agreements' database (migrations/001_init.sql): one per deployment, shared by
 * every gateway instance, which serves the workflow API and enforces what is in force from it.
 */
export function openAgreementsDatabase(source: AgreementsDatabaseSource): Promise<Database> {
  return openServiceDatabase(source, {
    databaseName: agreementsDatabaseName(source.prefix),
    label: 'agreements',
    missing: 'agreements database: set DATABASE_URL (a server) or AGREEMENTS_DATABASE_URL',
    migrationsDirectory: AGREEMENTS_MIGRATIONS_DIRECTORY,
    max: 6,
    afterMigrations: (db) => registerApplications(db, APPLICATIONS),
  });
}

/**
 * The applications as applications.ts lists them: added when new, their description brought up to date.
 * An application dropped from the list stays (its requests and agreements name it).
 */
export async function registerApplications(db: Database, applications: readonly ApplicationEntry[]): Promise<void> {
  if (applications.length === 0) return;
  await db.query(
    `INSERT INTO applications (client_id, name, seed_system, owning_unit, contacts)
     SELECT * FROM jsonb_to_recordset($1::jsonb) AS a(client_id text, name text, seed_system text, owning_unit text, contacts jsonb)
     ON CONFLICT (client_id) DO UPDATE SET name = EXCLUDED.name, seed_system = EXCLUDED.seed_system,
       owning_unit = EXCLUDED.owning_unit, contacts = EXCLUDED.contacts
     WHERE (applications.name, applications.seed_system, applications.owning_unit, applications.contacts)
       IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.seed_system, EXCLUDED.owning_unit, EXCLUDED.contacts)`,
    [
      JSON.stringify(
        applications.map((entry) => ({
          client_id: entry.clientId,
          name: entry.name,
          seed_system: entry.seedSystem,
          owning_unit: entry.owningUnit,
          contacts: entry.contacts,
        })),
      ),
    ],
  );
}
