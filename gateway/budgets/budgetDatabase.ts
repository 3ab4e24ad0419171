import path from 'node:path';
import type { Database } from '../../subgraphs/kit/database';
import { openServiceDatabase } from '../../subgraphs/kit/serviceDatabase';

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
export function openBudgetDatabase(source: BudgetDatabaseSource): Promise<Database> {
  return openServiceDatabase(source, {
    databaseName: budgetDatabaseName(source.prefix),
    label: 'budgets',
    missing: 'budgets database: set DATABASE_URL (a server) or BUDGET_DATABASE_URL',
    migrationsDirectory: BUDGET_MIGRATIONS_DIRECTORY,
    max: 10,
  });
}
