import { redactedValue } from './redact';
import type { MaskContext, MaskStrategy } from './strategy';

/** Lower bounds of the amount bands, in yuan. Fixed, so the same amount always lands in the same band. */
export const AMOUNT_BANDS: readonly number[] = Object.freeze([0, 1e4, 5e4, 1e5, 5e5, 1e6, 5e6, 1e7, 5e7, 1e8]);

/** 0 → '0', 50000 → '5万', 1e8 → '1亿'. */
function yuan(amount: number): string {
  if (amount >= 1e8) return `${amount / 1e8}亿`;
  if (amount >= 1e4) return `${amount / 1e4}万`;
  return String(amount);
}

/** The index of the band holding a non-negative amount. */
function bandIndex(magnitude: number): number {
  let index = 0;
  for (let i = 0; i < AMOUNT_BANDS.length; i += 1) {
    if (magnitude >= (AMOUNT_BANDS[i] as number)) index = i;
  }
  return index;
}

/** The band's lower bound; bands go by magnitude, so a negative amount keeps its sign. */
export function bandLowerBound(amount: number): number {
  const bound = AMOUNT_BANDS[bandIndex(Math.abs(amount))] as number;
  return amount < 0 ? -bound : bound;
}

/** The band's label: `10万-50万`, `1亿以上`; a negative amount reads `-(1万-5万)`. */
export function bandLabel(amount: number): string {
  const index = bandIndex(Math.abs(amount));
  const lower = AMOUNT_BANDS[index] as number;
  const upper = AMOUNT_BANDS[index + 1];
  const label = upper === undefined ? `${yuan(lower)}以上` : `${yuan(lower)}-${yuan(upper)}`;
  return amount < 0 ? `-(${label})` : label;
}

/** '12,345.60', '12345.6元' → 12345.6; undefined when the text is not an amount. */
function parseAmount(text: string): number | undefined {
  const cleaned = text.replace(/[,，\s]/g, '').replace(/元$/, '');
  if (cleaned === '') return undefined;
  const amount = Number(cleaned);
  return Number.isFinite(amount) ? amount : undefined;
}

/** Every label `bandLabel` writes: a label masked again stays itself (an agency masks before the gateway does). */
const BAND_LABELS: ReadonlySet<string> = new Set(AMOUNT_BANDS.flatMap((bound) => [bandLabel(bound), bandLabel(-Math.max(bound, 1))]));

export const band: MaskStrategy = Object.freeze({
  name: 'band',
  description:
    'Replaces an amount with its band (0, 1万, 5万, 10万, 50万, 100万, 500万, 1000万, 5000万, 1亿): a number becomes the band’s lower bound, a string its label such as 10万-50万.',
  kinds: Object.freeze(['MONEY_AMOUNT'] as const),
  scalars: Object.freeze(['Float', 'Int', 'String'] as const),
  mask: (value: unknown, context: MaskContext) => {
    if (value === null || value === undefined) return value;
    if (context.scalar === 'String' && BAND_LABELS.has(String(value))) return String(value);
    const amount = typeof value === 'number' ? value : parseAmount(String(value));
    if (amount === undefined || !Number.isFinite(amount)) return redactedValue(context);
    return context.scalar === 'String' ? bandLabel(amount) : bandLowerBound(amount);
  },
});
