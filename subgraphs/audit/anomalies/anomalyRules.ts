import type { AnomalyRule } from './anomalyRule';
import { budgetExceededRule } from './budgetExceededRule';
import { distinctSubjectsPerHourRule } from './distinctSubjectsPerHourRule';
import { offHoursAccessRule } from './offHoursAccessRule';
import { refusalBurstRule } from './refusalBurstRule';

/** Every anomaly rule, in the order flags are reported. Adding one: a file here, a line below, a flag in the schema. */
export const ANOMALY_RULES: readonly AnomalyRule[] = Object.freeze([distinctSubjectsPerHourRule, offHoursAccessRule, refusalBurstRule, budgetExceededRule]);
