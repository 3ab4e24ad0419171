import type { WorkingHours } from './thresholds';

/**
 * Whether an instant falls in working hours on the working-hours clock: Monday to Friday, from `startHour`
 * until `endHour` local time. Public holidays and make-up working days (调休) are not known here.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: 'numeric', hourCycle: 'h23' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

const WEEKEND: ReadonlySet<string> = new Set(['Sat', 'Sun']);

export function isWithinWorkingHours(instant: string, hours: WorkingHours): boolean {
  const parts = formatterFor(hours.timeZone).formatToParts(new Date(instant));
  const weekday = parts.find((part) => part.type === 'weekday')?.value;
  const hour = Number(parts.find((part) => part.type === 'hour')?.value);
  if (weekday === undefined || !Number.isInteger(hour)) throw new Error(`cannot read the local time of ${instant}`);
  return !WEEKEND.has(weekday) && hour >= hours.startHour && hour < hours.endHour;
}
