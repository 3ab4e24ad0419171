import { GraphQLError } from 'graphql';
import { RECORD_TIME_PATTERN } from '../../audit/record';

/**
 * Arguments checked before they reach SQL: a bad one is the caller's mistake (BAD_USER_INPUT, naming the
 * argument), never a failed cast inside a statement (which would surface as an internal error).
 */

function badInput(argumentName: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', argumentName } });
}

/** A date, or a date and time with a zone (Z or ±hh:mm); a time without a zone would depend on the server's. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2}))?$/;

/**
 * A time bound as records write their times (`2025-06-30T08:00:00.000Z`), so comparing text compares
 * instants: `2025-06-30T08:00:00Z` as given would sort after the record of that very millisecond.
 */
export function auditTime(value: string, argumentName: string): string {
  const instant = ISO_INSTANT.test(value) ? new Date(value) : undefined;
  if (instant === undefined || Number.isNaN(instant.getTime())) {
    throw badInput(argumentName, `\`${argumentName}\` must be an ISO-8601 date, or date and time with a zone (e.g. 2025-06-30T08:00:00+08:00)`);
  }
  return instant.toISOString();
}

export function optionalAuditTime(value: string | null | undefined, argumentName: string): string | undefined {
  return value === undefined || value === null ? undefined : auditTime(value, argumentName);
}

/** A resident ID number (GB 11643: 17 digits and a check character), as the gateway pseudonymised it. */
export function residentIdNumber(value: string, argumentName: string): string {
  const normalised = value.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(normalised)) {
    throw badInput(argumentName, `\`${argumentName}\` must be an 18-character resident ID number`);
  }
  return normalised;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `value` can be a record id at all (ids are uuids); anything else names no record. */
export function isRecordId(value: string): boolean {
  return UUID.test(value);
}

/** A record's own time, exactly as the writer formats it: what a cursor carries. */
export function isRecordTime(value: string): boolean {
  return RECORD_TIME_PATTERN.test(value);
}
