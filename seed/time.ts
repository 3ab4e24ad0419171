import type { Random } from './random';

/**
 * The synthetic world's calendar. "Today" is a fixed date, not the clock, so the same seed gives the
 * same rows on any day; events fall in the three years before it. Days are counted from 1970-01-01;
 * timestamps are written in China Standard Time (+08).
 */
export const REFERENCE_DATE = '2025-06-30';
const DAY_MS = 86_400_000;

export function dayNumber(date: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new Error(`not a YYYY-MM-DD date: "${date}"`);
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / DAY_MS;
}

// Formatting a Date costs more than the rest of a row, and the world has few distinct days (births
// from 1945, events until 2026): they are formatted once, into an array indexed by day.
const FIRST_CACHED_DAY = Date.UTC(1940, 0, 1) / DAY_MS;
const LAST_CACHED_DAY = Date.UTC(2030, 11, 31) / DAY_MS;
const formattedDays: (string | undefined)[] = new Array(LAST_CACHED_DAY - FIRST_CACHED_DAY + 1);

export function formatDay(day: number): string {
  if (day < FIRST_CACHED_DAY || day > LAST_CACHED_DAY) return new Date(day * DAY_MS).toISOString().slice(0, 10);
  let formatted = formattedDays[day - FIRST_CACHED_DAY];
  if (formatted === undefined) {
    formatted = new Date(day * DAY_MS).toISOString().slice(0, 10);
    formattedDays[day - FIRST_CACHED_DAY] = formatted;
  }
  return formatted;
}

export const REFERENCE_DAY = dayNumber(REFERENCE_DATE);
/** First day of the window in which incidents, cases, petitions… happen. */
export const EVENT_WINDOW_START_DAY = REFERENCE_DAY - 3 * 365;

export function yearOfDay(day: number): number {
  return Number(formatDay(day).slice(0, 4));
}

/** The same calendar date `years` later (29 February becomes 1 March in a common year). */
export function addYears(day: number, years: number): number {
  const date = new Date(day * DAY_MS);
  return Date.UTC(date.getUTCFullYear() + years, date.getUTCMonth(), date.getUTCDate()) / DAY_MS;
}

/** A day in [from, to], both inclusive. */
export function dayBetween(rng: Random, from: number, to: number): number {
  return to <= from ? from : rng.int(from, to);
}

/** A day in the event window, not before `notBefore` (but never after the reference date). */
export function eventDay(rng: Random, notBefore = EVENT_WINDOW_START_DAY): number {
  return dayBetween(rng, Math.min(REFERENCE_DAY, Math.max(notBefore, EVENT_WINDOW_START_DAY)), REFERENCE_DAY);
}

/** Minutes since midnight, in [fromHour:00, toHour:00). */
export function minuteOfDay(rng: Random, fromHour: number, toHour: number): number {
  return rng.int(fromHour * 60, toHour * 60 - 1);
}

/** 'YYYY-MM-DD HH:MM:SS+08', a value PostgreSQL reads as timestamptz. */
export function formatTimestamp(day: number, minute: number, second = 0): string {
  const hours = String(Math.floor(minute / 60)).padStart(2, '0');
  const minutes = String(minute % 60).padStart(2, '0');
  return `${formatDay(day)} ${hours}:${minutes}:${String(second).padStart(2, '0')}+08`;
}

/** A timestamp on `day` within office hours (08:30–17:30). */
export function officeHoursTimestamp(rng: Random, day: number): string {
  return formatTimestamp(day, rng.int(8 * 60 + 30, 17 * 60 + 29), rng.int(0, 59));
}

/** A timestamp on `day` at any hour, weighted towards the daytime and evening. */
export function anyTimeTimestamp(rng: Random, day: number): string {
  const minute = rng.chance(0.85) ? minuteOfDay(rng, 7, 23) : minuteOfDay(rng, 0, 24);
  return formatTimestamp(day, minute, rng.int(0, 59));
}
