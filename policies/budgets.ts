/**
 * Extraction budgets: how much one user may take under one purpose before the gateway refuses (429). The
 * audit's anomaly rules flag the same behaviours after the fact; these numbers make them limits. Plain data,
 * per purpose; validation (policies/validate.ts) checks them, `policy:explain` prints them.
 */
export interface PurposeBudgets {
  /** Distinct data subjects one user may reach under the purpose in one clock hour. */
  readonly subjectsPerUserHour: number;
  /**
   * Lookups by an identifier the purpose masks or pseudonymises (e.g. `person(idNumber:)` under a purpose
   * showing `330110********0018`): distinct values in one operation. Beyond a few, a request is testing
   * candidates, which is how a masked ID is re-identified.
   */
  readonly identifierLookupsPerOperation: number;
  /** The same lookups, per user per clock hour. */
  readonly identifierLookupsPerUserHour: number;
  /** Refused operations tolerated within a window; beyond it the user is probing and is stopped for the window. */
  readonly refusalBurst: { readonly refusals: number; readonly windowMinutes: number };
}

export interface PurposeBudgetOptions {
  readonly subjectsPerUserHour?: number;
  readonly identifierLookupsPerOperation?: number;
  readonly identifierLookupsPerUserHour?: number;
  readonly refusalBurst?: Partial<PurposeBudgets['refusalBurst']>;
}

/**
 * The defaults: the audit anomaly thresholds' numbers (50 subjects an hour; 5 refusals in 10 minutes), and a
 * lookup budget that covers looking up the two or three parties of one matter, not testing 33 candidates.
 */
export const DEFAULT_BUDGETS: PurposeBudgets = Object.freeze({
  subjectsPerUserHour: 50,
  identifierLookupsPerOperation: 3,
  identifierLookupsPerUserHour: 20,
  refusalBurst: Object.freeze({ refusals: 5, windowMinutes: 10 }),
});

/**
 * The most any purpose may allow. A case-bound purpose may go above the defaults up to these (its reach is
 * the case's subjects, and a fraud case can have many payees); a purpose without a case may not loosen at all.
 */
export const BUDGET_CEILINGS: PurposeBudgets = Object.freeze({
  subjectsPerUserHour: 500,
  identifierLookupsPerOperation: 50,
  identifierLookupsPerUserHour: 500,
  refusalBurst: Object.freeze({ refusals: 50, windowMinutes: 60 }),
});

/** The defaults with a purpose's options laid over them (unchecked: validation reports bad values). */
export function budgetsOf(options: PurposeBudgetOptions = {}): PurposeBudgets {
  return Object.freeze({
    subjectsPerUserHour: options.subjectsPerUserHour ?? DEFAULT_BUDGETS.subjectsPerUserHour,
    identifierLookupsPerOperation: options.identifierLookupsPerOperation ?? DEFAULT_BUDGETS.identifierLookupsPerOperation,
    identifierLookupsPerUserHour: options.identifierLookupsPerUserHour ?? DEFAULT_BUDGETS.identifierLookupsPerUserHour,
    refusalBurst: Object.freeze({ ...DEFAULT_BUDGETS.refusalBurst, ...options.refusalBurst }),
  });
}

/**
 * The codes a budget refuses with (429, gateway/errors.ts): the audit's BUDGET_EXCEEDED anomaly flags a user
 * whose operations were refused with one of them.
 */
export const BUDGET_REFUSAL_CODES: readonly string[] = Object.freeze([
  'SUBJECT_BUDGET_EXCEEDED',
  'IDENTIFIER_LOOKUP_BUDGET_EXCEEDED',
  'REFUSAL_BUDGET_EXCEEDED',
]);

/** The budgets as `name → value` rows, in a fixed order: for validation messages and the policy document. */
export function budgetEntries(budgets: PurposeBudgets): [name: string, value: number][] {
  return [
    ['subjectsPerUserHour', budgets.subjectsPerUserHour],
    ['identifierLookupsPerOperation', budgets.identifierLookupsPerOperation],
    ['identifierLookupsPerUserHour', budgets.identifierLookupsPerUserHour],
    ['refusalBurst.refusals', budgets.refusalBurst.refusals],
    ['refusalBurst.windowMinutes', budgets.refusalBurst.windowMinutes],
  ];
}

/** A shorter refusal window counts fewer refusals together: lower is looser. */
const LOOSER_WHEN_LOWER: ReadonlySet<string> = new Set(['refusalBurst.windowMinutes']);

/**
 * What is wrong with a purpose's budgets, as sentence fragments (empty: nothing). Each must be a positive
 * whole number no higher than its ceiling, only a case-bound purpose may be looser than a default, and the per-operation
 * lookup budget cannot exceed the hourly one.
 */
export function budgetProblems(budgets: PurposeBudgets, caseBound: boolean): string[] {
  const problems: string[] = [];
  const defaults = new Map(budgetEntries(DEFAULT_BUDGETS));
  const ceilings = new Map(budgetEntries(BUDGET_CEILINGS));
  for (const [name, value] of budgetEntries(budgets)) {
    const ceiling = ceilings.get(name) as number;
    const fallback = defaults.get(name) as number;
    if (!Number.isInteger(value) || value < 1) {
      problems.push(`its budget ${name} is ${String(value)}; a budget is a whole number of at least 1 (the default is ${fallback})`);
    } else if (value > ceiling) {
      problems.push(`its budget ${name} is ${value}, above the ceiling of ${ceiling} for any purpose`);
    } else if (!caseBound && (LOOSER_WHEN_LOWER.has(name) ? value < fallback : value > fallback)) {
      problems.push(
        `its budget ${name} is ${value}, looser than the default of ${fallback}; only a purpose bound to a case reference may loosen a budget, because the case bounds its reach`,
      );
    }
  }
  if (budgets.identifierLookupsPerOperation > budgets.identifierLookupsPerUserHour) {
    problems.push(
      `its identifierLookupsPerOperation (${budgets.identifierLookupsPerOperation}) exceeds its identifierLookupsPerUserHour (${budgets.identifierLookupsPerUserHour}), so one operation could spend more than the hour allows`,
    );
  }
  return problems;
}
