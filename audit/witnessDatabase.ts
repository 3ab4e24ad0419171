import path from 'node:path';
import type { Database } from '../subgraphs/kit/database';
import { openServiceDatabase } from '../subgraphs/kit/serviceDatabase';

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
export function openAuditWitnessDatabase(source: AuditWitnessDatabaseSource): Promise<Database> {
  return openServiceDatabase(source, {
    databaseName: auditWitnessDatabaseName(source.prefix),
    label: 'audit-witness',
    missing: 'audit witness database: set DATABASE_URL (a server) or AUDIT_WITNESS_URL',
    migrationsDirectory: WITNESS_MIGRATIONS_DIRECTORY,
    // The witness sees one statement per checkpoint, a few per minute.
    max: 2,
  });
}
