import type { SensitiveKind } from '../kinds';
import type { MaskContext, MaskStrategy } from './strategy';

/** Characters kept at the start and end, per kind (GB/T 35273 display de-identification conventions). */
const KEEP: Readonly<Partial<Record<SensitiveKind, readonly [head: number, tail: number]>>> = Object.freeze({
  ID_NUMBER: [6, 4], // division code + sequence tail: 330110********0018
  PHONE: [3, 4], // carrier prefix + last four: 138****8000
  BANK_ACCOUNT: [0, 4], // last four only, as on receipts: ***************4565
});
/** An unclassified field masked by a field rule keeps what a card keeps: the least. */
const DEFAULT_KEEP = [0, 4] as const;

/** Replaces all but the first `head` and last `tail` characters with `*`, keeping the length. */
export function keepEnds(text: string, head: number, tail: number): string {
  const chars = Array.from(text);
  // Too short to keep anything without showing (nearly) all of it.
  if (chars.length <= head + tail) return '*'.repeat(chars.length);
  return chars.slice(0, head).join('') + '*'.repeat(chars.length - head - tail) + chars.slice(chars.length - tail).join('');
}

export const partial: MaskStrategy = Object.freeze({
  name: 'partial',
  description: 'Keeps the ends of an identifier, same length: ID number first 6 + last 4, phone first 3 + last 4, bank card last 4.',
  kinds: Object.freeze(['ID_NUMBER', 'PHONE', 'BANK_ACCOUNT'] as const),
  scalars: Object.freeze(['String', 'ID'] as const),
  mask: (value: unknown, context: MaskContext) => {
    if (value === null || value === undefined) return value;
    const [head, tail] = (context.kind && KEEP[context.kind]) ?? DEFAULT_KEEP;
    return keepEnds(String(value), head, tail);
  },
});
