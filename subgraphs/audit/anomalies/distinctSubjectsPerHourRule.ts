import type { AnomalyRule } from './anomalyRule';

/**
 * DISTINCT_SUBJECTS_PER_HOUR: more distinct data subjects returned to one user within one clock hour than
 * the threshold. Casework touches a handful of people an hour; dozens suggest trawling (PIPL art. 6:
 * processing limited to the minimum necessary).
 */
export const distinctSubjectsPerHourRule: AnomalyRule = Object.freeze({
  flag: 'DISTINCT_SUBJECTS_PER_HOUR',
  measure(activity) {
    let observed = 0;
    let at: string | null = null;
    for (const hour of activity.hours) {
      if (hour.distinctSubjects > observed) {
        observed = hour.distinctSubjects;
        at = hour.hour;
      }
    }
    return { observed, at };
  },
  judge(measurement, thresholds) {
    const threshold = thresholds.distinctSubjectsPerHour;
    if (measurement.observed <= threshold) return null;
    return {
      flag: 'DISTINCT_SUBJECTS_PER_HOUR',
      ...measurement,
      threshold,
      message: `${measurement.observed} distinct data subjects in the hour from ${measurement.at}, above the threshold of ${threshold}.`,
    };
  },
} satisfies AnomalyRule);
