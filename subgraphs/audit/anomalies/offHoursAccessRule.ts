import type { AnomalyRule } from './anomalyRule';
import { isWithinWorkingHours } from './workingHours';

/**
 * OFF_HOURS_ACCESS: operations outside working hours (before the start hour, from the end hour, or at a
 * weekend, on the working-hours clock). Counted per clock hour: with a whole-hour UTC offset an hour is
 * wholly inside or outside working hours, so the count is exact.
 */
export const offHoursAccessRule: AnomalyRule = Object.freeze({
  flag: 'OFF_HOURS_ACCESS',
  measure(activity, thresholds) {
    let observed = 0;
    let at: string | null = null;
    for (const hour of activity.hours) {
      if (isWithinWorkingHours(hour.hour, thresholds.workingHours)) continue;
      observed += hour.operations;
      at ??= hour.hour;
    }
    return { observed, at };
  },
  judge(measurement, thresholds) {
    const threshold = thresholds.offHoursAccesses;
    if (measurement.observed <= threshold) return null;
    const { timeZone, startHour, endHour } = thresholds.workingHours;
    const hours = `${String(startHour).padStart(2, '0')}:00–${String(endHour).padStart(2, '0')}:00 on weekdays, ${timeZone}`;
    return {
      flag: 'OFF_HOURS_ACCESS',
      ...measurement,
      threshold,
      message: `${measurement.observed} operations outside working hours (${hours}), the first in the hour from ${measurement.at}.`,
    };
  },
} satisfies AnomalyRule);
