import type { AnomalyRule } from './anomalyRule';

/**
 * REFUSAL_BURST: many refused operations in a short window: someone probing what a purpose lets through,
 * or a script retrying what policy denies. A window of W minutes holds the refusals at t where
 * first ≤ t < first + W.
 */
export const refusalBurstRule: AnomalyRule = Object.freeze({
  flag: 'REFUSAL_BURST',
  measure(activity, thresholds) {
    const windowMs = thresholds.refusalBurst.windowMinutes * 60_000;
    const times = activity.refusedTimes.map((time) => Date.parse(time));
    let observed = 0;
    let at: string | null = null;
    let first = 0;
    for (let last = 0; last < times.length; last += 1) {
      while ((times[last] as number) - (times[first] as number) >= windowMs) first += 1;
      const count = last - first + 1;
      if (count > observed) {
        observed = count;
        at = activity.refusedTimes[first] ?? null;
      }
    }
    return { observed, at };
  },
  judge(measurement, thresholds) {
    const { refusals, windowMinutes } = thresholds.refusalBurst;
    if (measurement.observed < refusals) return null;
    return {
      flag: 'REFUSAL_BURST',
      ...measurement,
      threshold: refusals,
      message: `${measurement.observed} refused operations within ${windowMinutes} minutes from ${measurement.at} (a burst is ${refusals} or more).`,
    };
  },
} satisfies AnomalyRule);
