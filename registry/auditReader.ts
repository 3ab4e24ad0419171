import { openDatabase, type Database } from '../subgraphs/kit/database';

/**
 * The registry's own small pool on the audit database, every transaction read-only: it reads the view
 * `recorded_operations` (audit/migrations/004) and nothing else. Apart from the audit writer's pool, so
 * a schema check never takes a connection an audit commit is waiting for. In production the role is a
 * member of govgraph_operations_reader (runtime/databaseRoles.ts), which may read only that view.
 */
export function openAuditReader(auditDatabaseUrl: string, onError?: (error: Error) => void): Database {
  const url = new URL(auditDatabaseUrl);
  url.searchParams.set('options', '-c default_transaction_read_only=on');
  return openDatabase({ connectionString: url.toString(), name: 'registry-audit-reader', max: 2, ...(onError ? { onError } : {}) });
}
