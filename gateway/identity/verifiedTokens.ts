import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { Identity } from './identity';

/** How many verified tokens are kept by default: far more than the users active within a token's lifetime. */
export const DEFAULT_VERIFIED_TOKEN_ENTRIES = 10_000;

/**
 * Tokens already verified, so a user's next request within the token's lifetime costs a hash, not an RSA
 * verification. Keyed by the SHA-256 of the token (the cache holds no bearer credential), bounded (least
 * recently used out first), and an entry is never served at or after the token's `exp` — stricter than the
 * verifier's clock tolerance, so the cache can only refuse earlier, never accept longer. Only identities the
 * verifier accepted are put here: a token that failed is verified again (and fails again) every time.
 */
export interface VerifiedTokens {
  get(token: string): Identity | undefined;
  remember(token: string, identity: Identity): void;
  readonly size: number;
}

export function createVerifiedTokens(options: { maxEntries?: number; clock?: () => number } = {}): VerifiedTokens {
  const maxEntries = options.maxEntries ?? DEFAULT_VERIFIED_TOKEN_ENTRIES;
  if (!(Number.isInteger(maxEntries) && maxEntries >= 0)) throw new TypeError('verified token cache: maxEntries must be a whole number ≥ 0');
  const clock = options.clock ?? Date.now;
  if (maxEntries === 0) return { get: () => undefined, remember: () => undefined, size: 0 };
  const entries = new LRUCache<string, Identity>({ max: maxEntries });
  const keyOf = (token: string) => createHash('sha256').update(token).digest('base64url');
  return {
    get(token) {
      const key = keyOf(token);
      const identity = entries.get(key);
      if (!identity) return undefined;
      if (clock() >= identity.expiresAt.getTime()) {
        entries.delete(key);
        return undefined;
      }
      return identity;
    },
    remember(token, identity) {
      if (clock() < identity.expiresAt.getTime()) entries.set(keyOf(token), identity);
    },
    get size() {
      return entries.size;
    },
  };
}
