import { redactedValue } from './redact';
import type { MaskContext, MaskStrategy } from './strategy';

/**
 * YYYY-MM-DD (optionally followed by a time), YYYYMMDD, or a bare YYYY — what this mask writes, so masking a
 * masked value gives it back (an agency masks before the gateway masks again: subgraphs/kit/agencyMasks.ts).
 */
const DATE = /^(\d{4})(?:-\d{2}-\d{2}(?:[T ].*)?|\d{4})?$/;

export const year: MaskStrategy = Object.freeze({
  name: 'year',
  description: "Keeps only the year of a date: '1978-03-15' → '1978'. Anything that is not a date is redacted.",
  kinds: Object.freeze(['BIRTH_DATE'] as const),
  scalars: Object.freeze(['String'] as const),
  mask: (value: unknown, context: MaskContext) => {
    if (value === null || value === undefined) return value;
    const match = DATE.exec(String(value));
    return match ? (match[1] as string) : redactedValue(context);
  },
});
