import path from 'node:path';
import { databaseUrl, ensureDatabase } from '../../runtime/databases';
import { openDatabase, type Database } from '../../subgraphs/kit/database';
import { migrate } from '../../subgraphs/kit/migrate';

export const BUDGET_MIGRATIONS_DIRECTORY = path.join(__dirname, 'migrations');

/** `<prefix>_budgets`, e.g. govgraph_budgets. */
export function budgetDatabaseName(prefix: string): string {
  return `${prefix}_budgets`;
}

export interface BudgetDatabaseSource {
  /** A PostgreSQL server on which `<prefix>_budgets` is created when missing. */
  serverUrl?: string;
  prefix: string;
  /** The budgets' own URL (BUDGET_DATABASE_URL). */
  explicitUrl?: string;
  /** Create the database when missing and apply migrations (default true); false for the gateway's role, which owns nothing. */
  migrate?: boolean;
  onError?: (error: Error) => void;
}

/**
 * Opens the extraction budgets' database (migrations/001_init.sql): one per deployment, shared by every
 * gateway instance. PostgreSQL rather than Redis because the system already needs it and `npm start`
 * runs on an embedded server alone; a transaction per charge is what makes the count exact.
 */
export async function openBudgetDatabase(source: BudgetDatabaseSource): Promise<Database> {
  const migrating = source.migrate ?? true;
  let url = source.explicitUrl;
  if (!url) {
    if (!source.serverUrl) throw new Error('No budgets database: set DATABASE_URL (a server) or BUDGET_DATABASE_URL');
    const name = budgetDatabaseName(source.prefix);
    if (migrating) await ensureDatabase(source.serverUrl, name);
    url = databaseUrl(source.serverUrl, name);
  }
  const db = openDatabase({ connectionString: url, name: 'budgets', max: 10, onError: source.onError });
  if (!migrating) return db;
  try {
    await migrate(db, BUDGET_MIGRATIONS_DIRECTORY);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}
