import { SENSITIVE_KINDS } from '../kinds';
import type { MaskContext, MaskStrategy, MaskTarget } from './strategy';

/** The placeholder a non-null string field gets when its value is withheld. */
export const REDACTED_TEXT = '***';

function refuse(target: MaskTarget): string | undefined {
  if (target.nullable || target.scalar === 'String' || target.scalar === 'ID') return undefined;
  return `redact cannot withhold a non-null ${target.scalar}: any ${target.scalar} it wrote would read as real data (use band, or deny the field)`;
}

/**
 * The value that stands for "withheld" at this position: null where the schema allows it, else a placeholder
 * string. Other strategies fall back to it when a value does not parse (fail closed, never pass it through).
 */
export function redactedValue(context: Pick<MaskContext, 'scalar' | 'nullable'>): string | null {
  if (context.nullable) return null;
  if (context.scalar === 'String' || context.scalar === 'ID') return REDACTED_TEXT;
  throw new Error(`Cannot redact a non-null ${context.scalar}: the policy should have denied this field`);
}

export const redact: MaskStrategy = Object.freeze({
  name: 'redact',
  description: 'Withholds the value: null where the field is nullable, otherwise the placeholder "***".',
  kinds: SENSITIVE_KINDS,
  scalars: Object.freeze(['String', 'ID', 'Float', 'Int', 'Boolean'] as const),
  refuse,
  mask: (value: unknown, context: MaskContext) => (value === null || value === undefined ? value : redactedValue(context)),
});
