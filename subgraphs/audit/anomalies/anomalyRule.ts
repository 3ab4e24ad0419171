import type { AnomalyThresholds } from './thresholds';
import type { UserActivity } from './userActivity';

/** The anomaly flags, as the schema's `AuditAnomalyFlag` names them. */
export type AnomalyFlag = 'DISTINCT_SUBJECTS_PER_HOUR' | 'OFF_HOURS_ACCESS' | 'REFUSAL_BURST' | 'BUDGET_EXCEEDED';

/** What a rule measured over one user's activity: the worst value, and where it was first seen. */
export interface Measurement {
  readonly observed: number;
  /** Start of the hour or window (ISO-8601 UTC); null when nothing was seen. */
  readonly at: string | null;
}

export interface Anomaly extends Measurement {
  readonly flag: AnomalyFlag;
  readonly threshold: number;
  /** One sentence for the reviewing officer. */
  readonly message: string;
}

/**
 * One anomaly rule: a pure measurement of a user's activity and a judgement of it against the thresholds.
 * The measurement is reported as a statistic whether or not it is anomalous.
 */
export interface AnomalyRule {
  readonly flag: AnomalyFlag;
  measure(activity: UserActivity, thresholds: AnomalyThresholds): Measurement;
  /** The anomaly the measurement shows, or null. */
  judge(measurement: Measurement, thresholds: AnomalyThresholds): Anomaly | null;
}
