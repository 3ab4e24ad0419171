import { databaseUrl, ensureDatabase } from './databases';
import { openDatabase, type Database } from '../subgraphs/kit/database';
import { migrate } from '../subgraphs/kit/migrate';

/** Where one of the system's own databases (audit, witness, budgets, registry, agreements) is found. */
export interface ServiceDatabaseSource {
  /** A PostgreSQL server on which `<prefix>_<name>` is created when missing. */
  serverUrl?: string;
  prefix: string;
  /** The database's own URL, used as is (its `…_DATABASE_URL`). */
  explicitUrl?: string;
  /** Create the database when missing and apply migrations (default true); false for a role that owns nothing. */
  migrate?: boolean;
  onError?: (error: Error) => void;
}

export interface ServiceDatabaseSpec {
  /** The database's name on a shared server, e.g. `govgraph_registry`. */
  databaseName: string;
  /** The pool's name in logs and `application_name`. */
  label: string;
  /** Said when neither a server nor an explicit URL is given, e.g. "set DATABASE_URL (a server) or REGISTRY_DATABASE_URL". */
  missing: string;
  migrationsDirectory: string;
  max: number;
  /** Run after the migrations, before the database is handed out (e.g. registering applications). */
  afterMigrations?: (db: Database) => Promise<void>;
}

/** The URL a service database is reached at, without opening it (a LISTEN connection needs it too). */
export function serviceDatabaseUrl(source: Pick<ServiceDatabaseSource, 'serverUrl' | 'explicitUrl'>, spec: Pick<ServiceDatabaseSpec, 'databaseName' | 'missing'>): string {
  if (source.explicitUrl) return source.explicitUrl;
  if (!source.serverUrl) throw new Error(`No ${spec.missing}`);
  return databaseUrl(source.serverUrl, spec.databaseName);
}

/** Opens a service database: created on the shared server when missing and migrated, unless `migrate` is false. */
export async function openServiceDatabase(source: ServiceDatabaseSource, spec: ServiceDatabaseSpec): Promise<Database> {
  const migrating = source.migrate ?? true;
  const url = serviceDatabaseUrl(source, spec);
  if (!source.explicitUrl && migrating) await ensureDatabase(source.serverUrl!, spec.databaseName);
  const db = openDatabase({ connectionString: url, name: spec.label, max: spec.max, onError: source.onError });
  if (!migrating) return db;
  try {
    await migrate(db, spec.migrationsDirectory);
    await spec.afterMigrations?.(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}
