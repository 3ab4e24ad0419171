/**
 * A map whose entries lapse `lifetimeMs` after they were last set or touched: the development identity
 * provider's login sessions and pending login forms live in one, in memory, swept as it is used.
 */
export interface ExpiringMap<Value> {
  set(key: string, value: Value): void;
  /** The live value, its lifetime renewed when `touch` is set. */
  get(key: string, touch?: boolean): Value | undefined;
  delete(key: string): void;
}

export function createExpiringMap<Value>(options: { lifetimeMs: number; clock: () => number }): ExpiringMap<Value> {
  const entries = new Map<string, { value: Value; expiresAt: number }>();
  const sweep = (now: number) => {
    for (const [key, entry] of entries) if (now >= entry.expiresAt) entries.delete(key);
  };
  return {
    set: (key, value) => {
      const now = options.clock();
      sweep(now);
      entries.set(key, { value, expiresAt: now + options.lifetimeMs });
    },
    get: (key, touch = false) => {
      const now = options.clock();
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (now >= entry.expiresAt) {
        entries.delete(key);
        return undefined;
      }
      if (touch) entry.expiresAt = now + options.lifetimeMs;
      return entry.value;
    },
    delete: (key) => {
      entries.delete(key);
    },
  };
}
