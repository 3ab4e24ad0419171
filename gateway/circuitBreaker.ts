import type { Fetcher, FetcherRequestInit, FetcherResponse } from '@apollo/utils.fetcher';
import CircuitBreaker from 'opossum';
import { loggerFor } from '@govgraph/observability';
import type { CircuitState } from './observability/metrics';
import { SubgraphAnswerTooLargeError } from './subgraphFetcher';

/**
 * One subgraph's circuit breaker (opossum) around the gateway's fetcher. While an agency fails or is
 * too slow to answer within the fetch deadline, every request would otherwise wait the whole timeout
 * for its part; once enough of the recent fetches failed the breaker opens and that agency's part fails
 * at once (SUBGRAPH_UNAVAILABLE, `circuit: "open"`), sparing both the clients and the struggling agency.
 * After `resetMs` one probe goes through (half-open): its success closes the breaker.
 */
export interface CircuitBreakerSettings {
  /** Open when at least this share (%) of the window's fetches failed… */
  errorPercent: number;
  /** …and the window holds at least this many fetches. */
  minRequests: number;
  /** The rolling window failures are counted over. */
  windowMs: number;
  /** Open this long before a probe is let through. */
  resetMs: number;
}

export const DEFAULT_CIRCUIT_BREAKER: Readonly<CircuitBreakerSettings> = Object.freeze({
  errorPercent: 50,
  minRequests: 10,
  windowMs: 10_000,
  resetMs: 5_000,
});

/** The breaker refused the fetch without calling the agency. */
export class CircuitOpenError extends Error {
  override name = 'CircuitOpenError';
}

export function isCircuitOpen(error: unknown): boolean {
  return error instanceof CircuitOpenError;
}

/** An agency that answered 5xx: a failure for the breaker, but its response still goes to the data source. */
class ServerErrorResponse extends Error {
  constructor(readonly response: FetcherResponse) {
    super(`HTTP ${response.status}`);
  }
}

export function withCircuitBreaker(
  name: string,
  fetcher: Fetcher,
  settings: CircuitBreakerSettings = DEFAULT_CIRCUIT_BREAKER,
  log: (line: string) => void = (line) => loggerFor('gateway').warn(line),
  /** Each transition, for the circuit-state gauge. */
  onState: (state: CircuitState) => void = () => undefined,
): Fetcher {
  const breaker = new CircuitBreaker(
    async (url: string, init?: FetcherRequestInit) => {
      const response = await fetcher(url, init);
      if (response.status >= 500) throw new ServerErrorResponse(response);
      return response;
    },
    {
      // The fetcher has its own deadline (a timed-out fetch counts as a failure); opossum adds none.
      timeout: false,
      // An answer over the size limit says the operation asked too much, not that the agency is failing.
      errorFilter: (error: unknown) => error instanceof SubgraphAnswerTooLargeError,
      errorThresholdPercentage: settings.errorPercent,
      volumeThreshold: settings.minRequests,
      rollingCountTimeout: settings.windowMs,
      resetTimeout: settings.resetMs,
      name,
    },
  );
  // Transitions only: an open breaker refusing every request must not write a line per request.
  breaker.on('open', () => {
    onState('open');
    log(`${name}: circuit open — failing its part fast for ${settings.resetMs / 1000} s`);
  });
  breaker.on('halfOpen', () => {
    onState('halfOpen');
    log(`${name}: circuit half-open — probing`);
  });
  breaker.on('close', () => {
    onState('closed');
    log(`${name}: circuit closed — answering again`);
  });

  return async (url, init) => {
    try {
      return await breaker.fire(url, init);
    } catch (error) {
      if (error instanceof ServerErrorResponse) return error.response;
      if ((error as { code?: string }).code === 'EOPENBREAKER') {
        throw new CircuitOpenError(`the ${name} circuit is open after repeated failures`);
      }
      throw error;
    }
  };
}
