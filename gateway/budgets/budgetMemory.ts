import { LRUCache } from 'lru-cache';

/** The two counted budgets: distinct subjects answered, distinct values looked up by a masked identifier. */
export type BudgetKind = 'subjects' | 'lookups';

/**
 * What this gateway knows the shared store has already charged in the current hour, per (kind, user,
 * purpose). A charge adds only values the hour does not hold yet, and rows leave the store only once their
 * hour is a day old; so a charge whose values are all known adds nothing, is within the budget whatever the
 * count, and needs no round trip. That is the common case: a cockpit re-reading the parties of its case, a
 * risk card refreshed. A value is known only after the store committed it, and only for as long as the
 * database says the hour lasts (a duration it returns, so the two clocks need not agree).
 *
 * The door's count (budgetStore.ts `standing`) is compared on every request: a store holding fewer of the
 * owner's rows than are known here was emptied by someone (an operator forgiving a user, a test starting a
 * fresh hour), and what is known is forgotten.
 */
export interface BudgetMemory {
  /** When every key is known charged this hour (charging them again would add nothing): the hour's count as last known. */
  covering(kind: BudgetKind, user: string, purpose: string, keys: readonly string[]): number | undefined;
  /** The store has committed `keys` as charged, the hour now holding `used`; `msLeftInHour` as the database counts it. */
  remember(kind: BudgetKind, user: string, purpose: string, keys: readonly string[], used: number, msLeftInHour: number): void;
  /** The store's count of the owner's rows this hour; fewer than are known here means rows were removed. */
  reconcile(kind: BudgetKind, user: string, purpose: string, counted: number): void;
}

export interface BudgetMemoryOptions {
  /** Owners (kind, user, purpose) remembered at once, least recently used out first; 0 remembers nothing. */
  maxOwners?: number;
  /** Keys remembered per owner; past it, further keys are charged through the store every time. */
  maxKeysPerOwner?: number;
  /** Keys remembered over all owners (least recently used owners out first): the memory's bound, ≈ 100 B a key. */
  maxKeys?: number;
  clock?: () => number;
}

/** Keys known per owner, and until when (this gateway's clock) they are known. */
interface Known {
  keys: Set<string>;
  until: number;
  /** The hour's count at the last charge. */
  used: number;
}

/** A margin before the hour's end: an entry is dropped this long before the database's hour turns. */
const HOUR_END_MARGIN_MS = 1_000;

export function createBudgetMemory(options: BudgetMemoryOptions = {}): BudgetMemory {
  const maxOwners = options.maxOwners ?? 10_000;
  // A budget allows at most a few hundred subjects an hour (policies/budgets.ts); only break-glass goes past it.
  const maxKeys = options.maxKeysPerOwner ?? 1_000;
  const clock = options.clock ?? Date.now;
  if (maxOwners === 0) return { covering: () => undefined, remember: () => undefined, reconcile: () => undefined };
  // Sized by keys, so that many users each with many subjects cannot grow it past maxKeys (≈ 20 MB by default).
  const owners = new LRUCache<string, Known>({ max: maxOwners, maxSize: options.maxKeys ?? 200_000, sizeCalculation: (known) => known.keys.size + 1 });
  // JSON: no user or purpose name can make two owners one key.
  const ownerKey = (kind: BudgetKind, user: string, purpose: string) => JSON.stringify([kind, user, purpose]);
  const current = (key: string): Known | undefined => {
    const known = owners.get(key);
    if (known && clock() >= known.until) {
      owners.delete(key);
      return undefined;
    }
    return known;
  };
  return {
    covering(kind, user, purpose, keys) {
      const known = current(ownerKey(kind, user, purpose));
      return known !== undefined && keys.every((key) => known.keys.has(key)) ? known.used : undefined;
    },
    remember(kind, user, purpose, keys, used, msLeftInHour) {
      const until = clock() + msLeftInHour - HOUR_END_MARGIN_MS;
      if (until <= clock()) return;
      const key = ownerKey(kind, user, purpose);
      const known = current(key) ?? { keys: new Set<string>(), until, used };
      known.until = Math.min(known.until, until);
      known.used = Math.max(known.used, used);
      for (const value of keys) {
        if (known.keys.size >= maxKeys) break;
        known.keys.add(value);
      }
      // Set anew: the cache sizes an entry when it is set (and not when the same one is set again).
      owners.delete(key);
      owners.set(key, known);
    },
    reconcile(kind, user, purpose, counted) {
      const key = ownerKey(kind, user, purpose);
      const known = owners.peek(key);
      if (known && known.keys.size > counted) owners.delete(key);
    },
  };
}
