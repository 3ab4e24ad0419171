import path from 'node:path';
import type { Database } from '../subgraphs/kit/database';
import { openServiceDatabase, serviceDatabaseUrl, type ServiceDatabaseSource } from '../runtime/serviceDatabase';

export const REGISTRY_MIGRATIONS_DIRECTORY = path.join(__dirname, 'migrations');

/** `<prefix>_registry`, e.g. govgraph_registry. */
export function registryDatabaseName(prefix: string): string {
  return `${prefix}_registry`;
}

/** Where the schema registry is (REGISTRY_DATABASE_URL). */
export type RegistryDatabaseSource = ServiceDatabaseSource;

const registrySpec = (prefix: string) => ({
  databaseName: registryDatabaseName(prefix),
  missing: 'registry database: set DATABASE_URL (a server) or REGISTRY_DATABASE_URL',
});

/** The URL the registry database is reached at, without opening it (the LISTEN connection needs it too). */
export function registryDatabaseUrl(source: Pick<RegistryDatabaseSource, 'serverUrl' | 'prefix' | 'explicitUrl'>): string {
  return serviceDatabaseUrl(source, registrySpec(source.prefix));
}

/**
 * Opens the schema registry's database (migrations/001_init.sql): one per deployment, shared by every
 * gateway instance, which all serve the supergraph it holds.
 */
export function openRegistryDatabase(source: RegistryDatabaseSource): Promise<Database> {
  return openServiceDatabase(source, { ...registrySpec(source.prefix), label: 'registry', migrationsDirectory: REGISTRY_MIGRATIONS_DIRECTORY, max: 5 });
}
