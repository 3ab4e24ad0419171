import { agencyDatabaseName, type Agency } from '../subgraphs/agencies';
import { openDatabase, type Database } from '../subgraphs/kit/database';
import { migrate } from '../subgraphs/kit/migrate';
import { subgraphDefinitions } from '../subgraphs/registry';
import { databaseUrl, ensureDatabase } from './databases';

export interface AgencyDatabaseSource {
  /** A PostgreSQL server on which `<prefix>_<agency>` is created when missing. */
  serverUrl?: string;
  prefix: string;
  /** The agency's own database URL, used as is (production: each agency runs its own server). */
  explicitUrl?: string;
  /**
   * Create the database when missing and apply its migrations (default true). False for a service
   * connecting as its own role, which owns nothing: `npm run migrate` has done both beforehand.
   */
  migrate?: boolean;
  /** An idle connection lost (the server went away); default: logged. */
  onError?: (error: Error) => void;
}

/** Opens an agency's database, creating it on the shared server if needed, and applies its migrations. */
export async function openAgencyDatabase(agency: Agency, source: AgencyDatabaseSource): Promise<Database> {
  const migrating = source.migrate ?? true;
  let url = source.explicitUrl;
  if (!url) {
    if (!source.serverUrl) {
      throw new Error(`No database for ${agency}: set DATABASE_URL (a server) or ${agency.toUpperCase()}_DATABASE_URL`);
    }
    const name = agencyDatabaseName(agency, source.prefix);
    if (migrating) await ensureDatabase(source.serverUrl, name);
    url = databaseUrl(source.serverUrl, name);
  }
  const db = openDatabase({ connectionString: url, name: agency, ...(source.onError ? { onError: source.onError } : {}) });
  if (!migrating) return db;
  try {
    await migrate(db, subgraphDefinitions[agency].migrationsDirectory);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}
