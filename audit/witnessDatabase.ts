import path from 'node:path';
import type { Database } from '../subgraphs/kit/database';
import { openServiceDatabase, type ServiceDatabaseSource } from '../runtime/serviceDatabase';

export const WITNESS_MIGRATIONS_DIRECTORY = path.join(__dirname, 'witnessMigrations');

/** `<prefix>_audit_witness`, e.g. govgraph_audit_witness. */
export function auditWitnessDatabaseName(prefix: string): string {
  return `${prefix}_audit_witness`;
}

/** Where the checkpoint witness is (AUDIT_WITNESS_URL; production: another server than the audit log's). */
export type AuditWitnessDatabaseSource = ServiceDatabaseSource;

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
