import { createHash } from 'node:crypto';
import { canonicalJson } from './canonicalJson';
import type { AuditRecord } from './record';

/** The prev_hash of a chain's first record (seq 1). */
export const GENESIS_HASH = '0'.repeat(64);

/** A position in a chain: the last record's seq and hash (seq 0 and GENESIS_HASH before the first). */
export interface ChainHead {
  readonly seq: number;
  readonly hash: string;
}

export const EMPTY_CHAIN_HEAD: ChainHead = Object.freeze({ seq: 0, hash: GENESIS_HASH });

/**
 * sha256 hex of `prevHash + '\n' + canonicalJson(record)`. The record carries its chainId and seq,
 * so the hash covers the content and the position; prevHash links it to everything before.
 */
export function chainHash(prevHash: string, record: AuditRecord): string {
  return hashCanonical(prevHash, canonicalJson(record));
}

/** The same, over a record already in canonical form (the verifier canonicalises once). */
export function hashCanonical(prevHash: string, canonicalRecord: string): string {
  return createHash('sha256').update(`${prevHash}\n${canonicalRecord}`, 'utf8').digest('hex');
}
