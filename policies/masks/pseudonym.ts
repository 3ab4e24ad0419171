import { createHmac } from 'node:crypto';
import { SENSITIVE_KINDS } from '../kinds';
import type { MaskContext, MaskStrategy } from './strategy';

/** Marks a value as a pseudonym, so nobody mistakes it for an identifier of the agency. */
export const PSEUDONYM_PREFIX = 'PSN-';

/**
 * HMAC-SHA256 under the gateway's key over (purpose, value): the same person gets the same pseudonym within a
 * purpose (so records can be counted and linked), another one under another purpose (so two purposes' outputs
 * cannot be joined), and without the key nobody can recompute it from a guessed ID number. 64 bits are kept.
 */
export function pseudonymOf(value: string, purpose: string, key: string | Uint8Array): string {
  if (key.length === 0) throw new Error('The pseudonym key is empty: configure a secret before masking with pseudonym');
  const digest = createHmac('sha256', key).update(`${purpose.length}:${purpose}:`).update(value).digest('hex');
  return PSEUDONYM_PREFIX + digest.slice(0, 16);
}

export const pseudonym: MaskStrategy = Object.freeze({
  name: 'pseudonym',
  description: 'Replaces a value with a keyed HMAC pseudonym (PSN-…), stable within a purpose and different across purposes.',
  kinds: SENSITIVE_KINDS,
  scalars: Object.freeze(['String', 'ID'] as const),
  mask: (value: unknown, context: MaskContext) =>
    value === null || value === undefined ? value : pseudonymOf(String(value), context.purpose, context.pseudonymKey),
});
