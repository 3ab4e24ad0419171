import { LRUCache } from 'lru-cache';

/**
 * The access contexts this subgraph has admitted, by `jti`, each remembered until no verifier would accept
 * it any more (its `exp` plus the clock tolerance): a context answers one fetch, and a second use within its
 * lifetime — a replay of a captured header — is refused.
 *
 * In process memory, which is enough while each agency runs as one process (npm start, docker-compose): every
 * fetch for the agency reaches this one store. An agency served by several instances behind a balancer needs
 * one store they share, with an atomic "set if absent, with expiry" (Redis `SET jti 1 NX PXAT <exp>`, or a
 * PostgreSQL table with a primary key on jti and a sweep of expired rows), or a replay sent to another
 * instance would be admitted there.
 *
 * Bounded: at most `capacity` live entries (expired ones are dropped first). When that many contexts are
 * still live the store refuses new ones rather than forget a live one, which would reopen it to replay.
 */

export type ClaimOutcome = 'claimed' | 'already used' | 'full';

export interface UsedContextsOptions {
  /** Live contexts remembered at most. Default 200 000 (some 40 MB at worst; a minute of 3 000 fetches a second). */
  capacity?: number;
}

export interface UsedContexts {
  /** Whether `jti` was admitted already (a cheap refusal before the body is read). */
  has(jti: string): boolean;
  /**
   * Admits `jti` once, remembered for `rememberMs` (until no verifier would accept it). Synchronous, so two
   * racing uses of one context cannot both win.
   */
  claim(jti: string, rememberMs: number): ClaimOutcome;
}

export function createUsedContexts(options: UsedContextsOptions = {}): UsedContexts {
  const capacity = options.capacity ?? 200_000;
  // `has` neither refreshes an entry nor returns an expired one; `ttl` per entry is set by `claim`.
  const seen = new LRUCache<string, true>({ max: capacity, ttl: 1 });
  return {
    has: (jti) => seen.has(jti),
    claim(jti, rememberMs) {
      if (seen.has(jti)) return 'already used';
      if (rememberMs <= 0) return 'claimed'; // no verifier accepts it again: nothing to remember
      if (seen.size >= capacity) {
        seen.purgeStale();
        // Everything left is live: evicting any of it would let that context be replayed.
        if (seen.size >= capacity) return 'full';
      }
      seen.set(jti, true, { ttl: Math.ceil(rememberMs) });
      return 'claimed';
    },
  };
}
