/**
 * When the supervisor restarts a child that exited, and when it stops trying. Pure: the child's
 * history in, a decision out.
 *
 * Each crash after a short run doubles the wait (a child that dies at once must not spin the CPU);
 * a child that ran healthy for `stableAfterMs` starts again from the first delay; after `maxFastCrashes`
 * short runs in a row the supervisor gives up, since restarting will not fix what kills it.
 */
export interface RestartPolicy {
  initialDelayMs: number;
  maxDelayMs: number;
  /** A run at least this long resets the back-off. */
  stableAfterMs: number;
  /** Give up after this many consecutive runs shorter than `stableAfterMs`. */
  maxFastCrashes: number;
}

export const DEFAULT_RESTART_POLICY: Readonly<RestartPolicy> = Object.freeze({
  initialDelayMs: 250,
  maxDelayMs: 10_000,
  stableAfterMs: 30_000,
  maxFastCrashes: 5,
});

/** How many short runs in a row the child has had so far (0 after a stable run). */
export type FastCrashCount = number;

export type RestartDecision =
  | { action: 'restart'; delayMs: number; fastCrashes: FastCrashCount }
  | { action: 'give-up'; fastCrashes: FastCrashCount };

/** What to do after a run of `ranMs` ended, given the short runs before it. */
export function decideRestart(policy: RestartPolicy, previousFastCrashes: FastCrashCount, ranMs: number): RestartDecision {
  const fastCrashes = ranMs >= policy.stableAfterMs ? 0 : previousFastCrashes + 1;
  if (fastCrashes >= policy.maxFastCrashes) return { action: 'give-up', fastCrashes };
  const delayMs = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.max(0, fastCrashes - 1));
  return { action: 'restart', delayMs, fastCrashes };
}
