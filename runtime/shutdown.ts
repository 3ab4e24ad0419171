/**
 * Runs `stop` once on SIGINT or SIGTERM, then exits. A second signal exits at once, so an operator
 * is never stuck behind a shutdown that hangs.
 */
export function onShutdown(stop: () => Promise<void>): void {
  let stopping = false;
  const handle = (signal: NodeJS.Signals) => {
    if (stopping) {
      process.exit(130);
    }
    stopping = true;
    stop()
      .catch((error: Error) => console.error(`shutdown after ${signal} failed: ${error.message}`))
      .finally(() => process.exit(0));
  };
  process.on('SIGINT', handle);
  process.on('SIGTERM', handle);
}
