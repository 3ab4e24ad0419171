/**
 * Waits until a child's GET /readyz answers 200 (the gateway: graph loaded; a subgraph: its database
 * answers). Gives up when the child is gone or after `timeoutMs`.
 */
export async function waitUntilReady(url: string, options: { alive: () => boolean; timeoutMs: number }): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (!options.alive()) throw new Error(`exited before ${url} answered`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      await response.body?.cancel();
      if (response.ok) return;
    } catch {
      // Not listening yet, or too slow to answer: ask again.
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer 200 within ${options.timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
