import type { Anomaly, AnomalyFlag, AnomalyRule, Measurement } from './anomalyRule';
import { ANOMALY_RULES } from './anomalyRules';
import type { AnomalyThresholds } from './thresholds';
import type { UserActivity } from './userActivity';

/** What the statistics statement counts per user over the period. */
export interface UserTotals {
  readonly username: string;
  readonly agency: string | null;
  readonly roles: readonly string[];
  readonly operations: number;
  readonly refused: number;
  readonly distinctSubjects: number;
}

/** One user's statistics as `AuditUserStatistics` shows them. */
export interface UserStatistics extends UserTotals {
  readonly maxDistinctSubjectsPerHour: number;
  readonly offHoursAccesses: number;
  readonly maxRefusedInBurstWindow: number;
  readonly budgetRefusals: number;
  readonly flags: readonly AnomalyFlag[];
  readonly anomalies: readonly Anomaly[];
}

/** Each rule's measurement is also a statistic, flagged or not. */
type MeasuredStatistic = 'maxDistinctSubjectsPerHour' | 'offHoursAccesses' | 'maxRefusedInBurstWindow' | 'budgetRefusals';
const STATISTIC_OF: Readonly<Record<AnomalyFlag, MeasuredStatistic>> = {
  DISTINCT_SUBJECTS_PER_HOUR: 'maxDistinctSubjectsPerHour',
  OFF_HOURS_ACCESS: 'offHoursAccesses',
  REFUSAL_BURST: 'maxRefusedInBurstWindow',
  BUDGET_EXCEEDED: 'budgetRefusals',
};

export function userStatistics(
  totals: UserTotals,
  activity: UserActivity,
  thresholds: AnomalyThresholds,
  rules: readonly AnomalyRule[] = ANOMALY_RULES,
): UserStatistics {
  const measured: Record<MeasuredStatistic, number> = { maxDistinctSubjectsPerHour: 0, offHoursAccesses: 0, maxRefusedInBurstWindow: 0, budgetRefusals: 0 };
  const anomalies: Anomaly[] = [];
  for (const rule of rules) {
    const measurement: Measurement = rule.measure(activity, thresholds);
    measured[STATISTIC_OF[rule.flag]] = measurement.observed;
    const anomaly = rule.judge(measurement, thresholds);
    if (anomaly) anomalies.push(anomaly);
  }
  return {
    ...totals,
    ...measured,
    flags: anomalies.map((anomaly) => anomaly.flag),
    anomalies,
  };
}

/** The order an officer reviews users in: the most flags first, then by username. */
export function byConcern(a: UserStatistics, b: UserStatistics): number {
  return b.flags.length - a.flags.length || (a.username < b.username ? -1 : a.username > b.username ? 1 : 0);
}
