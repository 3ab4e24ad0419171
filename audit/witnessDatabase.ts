import path from 'node:path';
import { openDatabase, type Database } from '../subgraphs/kit/database';
import { migrate } from '../subgraphs/kit/migrate';
import { databaseUrl, ensureDatabase } from '../runtime/databases';

export const WITNESS_MIGRATIONS_DIRECTORY = path.join(__dirname, 'witnessMigrations');

/** `<prefix>_audit_witness`, e.g. govgraph_audit_witness. */
export function auditWitnessDatabaseName(prefix: string): string {
  return `${prefix}_audit_witness`;
}

export interface AuditWitnessDatabaseSource {
  /** A PostgreSQL server on which `<prefix>_audit_witness` is created when missing. */
  serverUrl?: string;
  prefix: string;
  /** The witness's own URL (AUDIT_WITNESS_URL; production: another server than the audit log's). */
  explicitUrl?: string;
  /** Create the database when missing and apply migrations (default true); false for the gateway's role, which owns nothing. */
  migrate?: boolean;
  onError?: (error: Error) => void;
}

/** Opens the checkpoint witness's database (see audit/witnessMigrations/001_init.sql). */
export async function openAuditWitnessDatabase(source: AuditWitnessDatabaseSource): Promise<Database> {
  const migrating = source.migrate ?? true;
  let url = source.explicitUrl;
  if (!url) {
    if (!source.serverUrl) throw new Error('No audit witness database: set DATABASE_URL (a server) or AUDIT_WITNESS_URL');
    const name = auditWitnessDatabaseName(source.prefix);
    if (migrating) await ensureDatabase(source.serverUrl, name);
    url = databaseUrl(source.serverUrl, name);
  }
  // One connection: the witness sees one statement per checkpoint, a few per minute.
  const db = openDatabase({ connectionString: url, name: 'audit-witness', max: 2, onError: source.onError });
  if (!migrating) return db;
  try {
    await migrate(db, WITNESS_MIGRATIONS_DIRECTORY);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}
