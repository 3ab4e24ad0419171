import { DEFAULT_BUDGETS } from '../../../policies/budgets';

/**
 * The anomaly rules' thresholds. Defaults follow the review API's brief; a deployment tunes them through
 * `createAuditSubgraph({ thresholds })`, checked once at start-up so a bad value never reaches a request.
 */

export interface WorkingHours {
  /** IANA time zone whose clock the hours are read on; a whole-hour offset from UTC (statistics count per hour). */
  readonly timeZone: string;
  /** First working hour, 0–23 (08 → from 08:00). */
  readonly startHour: number;
  /** First hour after work, 1–24 (20 → until 19:59). Saturdays and Sundays are outside working hours. */
  readonly endHour: number;
}

export interface AnomalyThresholds {
  /** DISTINCT_SUBJECTS_PER_HOUR: flagged above this many distinct data subjects in one clock hour. */
  readonly distinctSubjectsPerHour: number;
  /** OFF_HOURS_ACCESS: flagged above this many operations outside working hours (0: any). */
  readonly offHoursAccesses: number;
  /** REFUSAL_BURST: flagged at `refusals` or more refused operations within `windowMinutes`. */
  readonly refusalBurst: { readonly refusals: number; readonly windowMinutes: number };
  /** BUDGET_EXCEEDED: flagged at this many or more operations refused by an extraction budget. */
  readonly budgetRefusals: number;
  readonly workingHours: WorkingHours;
}

export interface AnomalyThresholdOptions {
  readonly distinctSubjectsPerHour?: number;
  readonly offHoursAccesses?: number;
  readonly refusalBurst?: Partial<AnomalyThresholds['refusalBurst']>;
  readonly budgetRefusals?: number;
  readonly workingHours?: Partial<WorkingHours>;
}

/**
 * Where a rule and a purpose's default budget (policies/budgets.ts) measure the same thing, the numbers are
 * the budget's: the gateway refuses past them, and the review flags who reached them.
 */
export const DEFAULT_ANOMALY_THRESHOLDS: AnomalyThresholds = Object.freeze({
  distinctSubjectsPerHour: DEFAULT_BUDGETS.subjectsPerUserHour,
  offHoursAccesses: 0,
  refusalBurst: Object.freeze({ ...DEFAULT_BUDGETS.refusalBurst }),
  budgetRefusals: 1,
  workingHours: Object.freeze({ timeZone: 'Asia/Shanghai', startHour: 8, endHour: 20 }),
});

function wholeNumber(name: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`audit anomaly threshold ${name} must be a whole number from ${min} to ${max}, not ${value}`);
  }
  return value;
}

function knownTimeZone(timeZone: string): string {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    throw new RangeError(`audit working hours: "${timeZone}" is not an IANA time zone (e.g. Asia/Shanghai)`);
  }
  return timeZone;
}

/** The defaults with `options` laid over them, checked; throws a RangeError naming the bad value. */
export function anomalyThresholds(options: AnomalyThresholdOptions = {}): AnomalyThresholds {
  const burst = { ...DEFAULT_ANOMALY_THRESHOLDS.refusalBurst, ...options.refusalBurst };
  const hours = { ...DEFAULT_ANOMALY_THRESHOLDS.workingHours, ...options.workingHours };
  const startHour = wholeNumber('workingHours.startHour', hours.startHour, 0, 23);
  return Object.freeze({
    distinctSubjectsPerHour: wholeNumber(
      'distinctSubjectsPerHour',
      options.distinctSubjectsPerHour ?? DEFAULT_ANOMALY_THRESHOLDS.distinctSubjectsPerHour,
      0,
    ),
    offHoursAccesses: wholeNumber('offHoursAccesses', options.offHoursAccesses ?? DEFAULT_ANOMALY_THRESHOLDS.offHoursAccesses, 0),
    refusalBurst: Object.freeze({
      refusals: wholeNumber('refusalBurst.refusals', burst.refusals, 1),
      windowMinutes: wholeNumber('refusalBurst.windowMinutes', burst.windowMinutes, 1),
    }),
    budgetRefusals: wholeNumber('budgetRefusals', options.budgetRefusals ?? DEFAULT_ANOMALY_THRESHOLDS.budgetRefusals, 1),
    workingHours: Object.freeze({
      timeZone: knownTimeZone(hours.timeZone),
      startHour,
      endHour: wholeNumber('workingHours.endHour', hours.endHour, startHour + 1, 24),
    }),
  });
}
