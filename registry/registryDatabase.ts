import path from 'node:path';
import { databaseUrl, ensureDatabase } from '../runtime/databases';
import { openDatabase, type Database } from '../subgraphs/kit/database';
import { migrate } from '../subgraphs/kit/migrate';

export const REGISTRY_MIGRATIONS_DIRECTORY = path.join(__dirname, 'migrations');

/** `<prefix>_registry`, e.g. govgraph_registry. */
export function registryDatabaseName(prefix: string): string {
  return `${prefix}_registry`;
}

export interface RegistryDatabaseSource {
  /** A PostgreSQL server on which `<prefix>_registry` is created when missing. */
  serverUrl?: string;
  prefix: string;
  /** The registry's own URL (REGISTRY_DATABASE_URL). */
  explicitUrl?: string;
  /** Create the database when missing and apply migrations (default true); false for the gateway's role, which owns nothing. */
  migrate?: boolean;
  onError?: (error: Error) => void;
}

/** The URL the registry database is reached at, without opening it (the LISTEN connection needs it too). */
export function registryDatabaseUrl(source: Pick<RegistryDatabaseSource, 'serverUrl' | 'prefix' | 'explicitUrl'>): string {
  if (source.explicitUrl) return source.explicitUrl;
  if (!source.serverUrl) throw new Error('No registry database: set DATABASE_URL (a server) or REGISTRY_DATABASE_URL');
  return databaseUrl(source.serverUrl, registryDatabaseName(source.prefix));
}

/**
 * Opens the schema registry's database (migrations/001_init.sql): one per deployment, shared by every
 * gateway instance, which all serve the supergraph it holds.
 */
export async function openRegistryDatabase(source: RegistryDatabaseSource): Promise<Database> {
  const migrating = source.migrate ?? true;
  const url = registryDatabaseUrl(source);
  if (!source.explicitUrl && migrating) await ensureDatabase(source.serverUrl!, registryDatabaseName(source.prefix));
  const db = openDatabase({ connectionString: url, name: 'registry', max: 5, onError: source.onError });
  if (!migrating) return db;
  try {
    await migrate(db, REGISTRY_MIGRATIONS_DIRECTORY);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}
