import path from 'node:path';
import type { Database } from '../../subgraphs/kit/database';
import { openServiceDatabase, type ServiceDatabaseSource } from '../../runtime/serviceDatabase';

export const BUDGET_MIGRATIONS_DIRECTORY = path.join(__dirname, 'migrations');

/** `<prefix>_budgets`, e.g. govgraph_budgets. */
export function budgetDatabaseName(prefix: string): string {
  return `${prefix}_budgets`;
}

/** Where the extraction budgets are counted (BUDGET_DATABASE_URL). */
export type BudgetDatabaseSource = ServiceDatabaseSource;

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
