import type { RunningSystem } from '../../runtime/system';

/**
 * Tests that refuse one user on purpose, more often than the refusal budget tolerates in ten minutes, start
 * each test with a fresh window (the budgets themselves are tested in test/system/budgets.test.ts).
 */
export async function freshBudgetWindow(system: RunningSystem): Promise<void> {
  await system.budgets.db.query('TRUNCATE budget_subjects, budget_lookups, budget_refusals');
}
