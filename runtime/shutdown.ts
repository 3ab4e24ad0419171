/**
 * Runs `stop` once on SIGINT or SIGTERM, then exits. A second signal exits at once, so an operator
 * is never stuck behind a shutdown that hangs — unless it comes within a second of the first: one
 * Ctrl-C reaches `npm start` twice (from the terminal, and relayed by npm), and the relayed copy must
 * not cut short the ordered stop it asked for.
 */
const RELAYED_WITHIN_MS = 1_000;

/**
 * The longest an ordered stop may take before the process exits anyway. A process whose supervisor died
 * stops itself (runtime/supervisorOrphanGuard.ts) and must not live on because a database it closes is
 * going away at the same moment and a connection waits for it.
 */
export const SHUTDOWN_DEADLINE_MS = 20_000;

export function onShutdown(stop: () => Promise<void>, deadlineMs: number = SHUTDOWN_DEADLINE_MS): void {
  let stoppingSince: number | undefined;
  const handle = (signal: NodeJS.Signals) => {
    if (stoppingSince !== undefined) {
      if (Date.now() - stoppingSince < RELAYED_WITHIN_MS) return;
      process.exit(130);
    }
    stoppingSince = Date.now();
    setTimeout(() => {
      console.error(`shutdown after ${signal} did not finish within ${deadlineMs / 1000} s; exiting`);
      process.exit(1);
    }, deadlineMs).unref();
    stop()
      .catch((error: Error) => console.error(`shutdown after ${signal} failed: ${error.message}`))
      .finally(() => process.exit(0));
  };
  process.on('SIGINT', handle);
  process.on('SIGTERM', handle);
}
