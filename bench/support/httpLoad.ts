import { performance } from 'node:perf_hooks';

export interface LoadRound {
  requests: number;
  milliseconds: number;
  latencies: number[];
}

export interface LoadOptions {
  url: string;
  headers: Record<string, string>;
  query: string;
  variables?: Record<string, unknown>;
  seconds: number;
  concurrency: number;
}

/** `concurrency` clients posting `query` back to back for `seconds`; any non-200 answer or GraphQL error aborts the run. */
export async function loadRound(options: LoadOptions): Promise<LoadRound> {
  const body = JSON.stringify({ query: options.query, ...(options.variables ? { variables: options.variables } : {}) });
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (performance.now() < deadline) {
        const sent = performance.now();
        const response = await fetch(options.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...options.headers },
          body,
        });
        const answer = (await response.json()) as { errors?: unknown[] };
        if (response.status !== 200 || answer.errors) throw new Error(`HTTP ${response.status}: ${JSON.stringify(answer.errors)}`);
        latencies.push(performance.now() - sent);
      }
    }),
  );
  return { requests: latencies.length, milliseconds: performance.now() - started, latencies };
}

export interface LoadSummary {
  perSecond: number;
  p50: number;
  p95: number;
  requests: number;
}

export function summarise(rounds: readonly LoadRound[]): LoadSummary {
  const latencies = rounds.flatMap((round) => round.latencies).sort((a, b) => a - b);
  const requests = rounds.reduce((total, round) => total + round.requests, 0);
  const milliseconds = rounds.reduce((total, round) => total + round.milliseconds, 0);
  const at = (quantile: number) => latencies[Math.min(latencies.length - 1, Math.floor(quantile * latencies.length))] ?? 0;
  return { perSecond: (requests / milliseconds) * 1000, p50: at(0.5), p95: at(0.95), requests };
}

/** Warms both targets, then alternates rounds A, B, A, B… so both see the same machine. */
export async function compare(a: Omit<LoadOptions, 'seconds' | 'concurrency'>, b: Omit<LoadOptions, 'seconds' | 'concurrency'>, settings: { seconds: number; concurrency: number; rounds: number }) {
  await loadRound({ ...a, ...settings });
  await loadRound({ ...b, ...settings });
  const roundsA: LoadRound[] = [];
  const roundsB: LoadRound[] = [];
  for (let round = 0; round < settings.rounds; round += 1) {
    roundsA.push(await loadRound({ ...a, ...settings }));
    roundsB.push(await loadRound({ ...b, ...settings }));
  }
  return { a: summarise(roundsA), b: summarise(roundsB) };
}

export function formatSummary(label: string, summary: LoadSummary): string {
  return `  ${label.padEnd(24)} ${summary.perSecond.toFixed(0).padStart(6)} req/s   p50 ${summary.p50.toFixed(1)} ms   p95 ${summary.p95.toFixed(1)} ms   (${summary.requests} requests)`;
}
