import path from 'node:path';
import type { Database } from '../subgraphs/kit/database';
import { openServiceDatabase, type ServiceDatabaseSource } from '../runtime/serviceDatabase';

export const AUDIT_MIGRATIONS_DIRECTORY = path.join(__dirname, 'migrations');

/** `<prefix>_audit`, e.g. govgraph_audit. */
export function auditDatabaseName(prefix: string): string {
  return `${prefix}_audit`;
}

/**
 * Where the audit log is (AUDIT_DATABASE_URL; production: its own server). `max` is the pool size: the
 * writer needs one connection at a time, plus one for checkpoints. `migrate: false` for a connection that
 * owns nothing: the gateway as a member of govgraph_audit_writer, or the verifier.
 */
export type AuditDatabaseSource = ServiceDatabaseSource & { max?: number };

/** Opens the audit log's database, creating it on the shared server if needed, and applies its migrations. */
export function openAuditDatabase(source: AuditDatabaseSource): Promise<Database> {
  return openServiceDatabase(source, {
    databaseName: auditDatabaseName(source.prefix),
    label: 'audit',
    missing: 'audit database: set DATABASE_URL (a server) or AUDIT_DATABASE_URL',
    migrationsDirectory: AUDIT_MIGRATIONS_DIRECTORY,
    max: source.max ?? 4,
  });
}
