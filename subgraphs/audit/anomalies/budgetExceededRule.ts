import type { AnomalyRule } from './anomalyRule';

/**
 * BUDGET_EXCEEDED: operations the gateway refused because the user reached a purpose's extraction budget
 * (distinct subjects an hour, identifier lookups, refusals). The gateway already stopped them; the flag puts
 * the user in front of the reviewing officer, since reaching a budget is what trawling looks like.
 */
export const budgetExceededRule: AnomalyRule = Object.freeze({
  flag: 'BUDGET_EXCEEDED',
  measure(activity) {
    return { observed: activity.budgetRefusedTimes.length, at: activity.budgetRefusedTimes[0] ?? null };
  },
  judge(measurement, thresholds) {
    const threshold = thresholds.budgetRefusals;
    if (measurement.observed < threshold) return null;
    return {
      flag: 'BUDGET_EXCEEDED',
      ...measurement,
      threshold,
      message: `${measurement.observed} operations refused for exceeding an extraction budget, the first at ${measurement.at}.`,
    };
  },
} satisfies AnomalyRule);
