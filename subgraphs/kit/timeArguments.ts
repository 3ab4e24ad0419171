import { GraphQLError } from 'graphql';

/**
 * Dates and times from a client — a filter bound, the time inside a cursor — checked before they reach SQL:
 * a bad one is the caller's mistake (BAD_USER_INPUT), never a failed cast inside a statement, which would
 * surface as an internal error. Pure.
 */
export type TimeCast = 'date' | 'timestamptz';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** A date, or a date and time with a zone (Z or ±hh:mm): a time without one would depend on the server's. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2}))?$/;

export function isTimeValue(value: unknown, cast: TimeCast): value is string {
  if (typeof value !== 'string') return false;
  const date = ISO_DATE.exec(value.slice(0, 10));
  if (!date) return false;
  // A calendar date that exists: 2025-02-30 matches the pattern but is no day.
  const [, year, month, day] = date.map(Number) as [number, number, number, number];
  const calendar = new Date(Date.UTC(year, month - 1, day));
  if (calendar.getUTCFullYear() !== year || calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day) return false;
  if (cast === 'date') return value.length === 10;
  return ISO_INSTANT.test(value) && !Number.isNaN(new Date(value).getTime());
}

export function badTimeArgument(argumentName: string, cast: TimeCast): GraphQLError {
  const expected = cast === 'date' ? 'an ISO-8601 date (e.g. 2025-06-30)' : 'an ISO-8601 date, or date and time with a zone (e.g. 2025-06-30T08:00:00+08:00)';
  return new GraphQLError(`\`${argumentName}\` must be ${expected}`, { extensions: { code: 'BAD_USER_INPUT', argumentName } });
}
