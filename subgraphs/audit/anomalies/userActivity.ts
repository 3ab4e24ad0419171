/**
 * One user's activity over a period, as the statistics statement aggregates it: the input of the anomaly
 * rules. The SQL only counts; what counts as anomalous is decided here, in pure functions.
 */

/** One clock hour (UTC) in which the user sent at least one operation. */
export interface HourActivity {
  /** Start of the hour, ISO-8601 UTC: `2025-06-30T02:00:00.000Z`. */
  readonly hour: string;
  readonly operations: number;
  readonly refused: number;
  /** Distinct data subjects the hour's answers returned to the user. */
  readonly distinctSubjects: number;
}

export interface UserActivity {
  readonly username: string;
  /** Ascending by hour. */
  readonly hours: readonly HourActivity[];
  /** Times of the user's refused operations, ascending (ISO-8601 UTC). */
  readonly refusedTimes: readonly string[];
  /** Times of those refused by an extraction budget (policies/budgets.ts BUDGET_REFUSAL_CODES), ascending. */
  readonly budgetRefusedTimes: readonly string[];
}
