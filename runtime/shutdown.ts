/**
 * Runs `stop` once on SIGINT or SIGTERM, then exits. A second signal exits at once, so an operator
 * is never stuck behind a shutdown that hangs — unless it comes within a second of the first: one
 * Ctrl-C reaches `npm start` twice (from the terminal, and relayed by npm), and the relayed copy must
 * not cut short the ordered stop it asked for.
 */
const RELAYED_WITHIN_MS = 1_000;

export function onShutdown(stop: () => Promise<void>): void {
  let stoppingSince: number | undefined;
  const handle = (signal: NodeJS.Signals) => {
    if (stoppingSince !== undefined) {
      if (Date.now() - stoppingSince < RELAYED_WITHIN_MS) return;
      process.exit(130);
    }
    stoppingSince = Date.now();
    stop()
      .catch((error: Error) => console.error(`shutdown after ${signal} failed: ${error.message}`))
      .finally(() => process.exit(0));
  };
  process.on('SIGINT', handle);
  process.on('SIGTERM', handle);
}
