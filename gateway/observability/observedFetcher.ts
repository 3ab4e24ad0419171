import type { Fetcher } from '@apollo/utils.fetcher';
import { performance } from 'node:perf_hooks';
import { injectTraceContext, SpanKind, SpanStatusCode, tracerFor, tracingOn, context, trace } from '@govgraph/observability';
import { isCircuitOpen } from '../circuitBreaker';
import type { FetchOutcome, GatewayMetrics } from './metrics';

/**
 * A subgraph's fetcher, timed and traced: the fetch histogram by subgraph and outcome, and a CLIENT span
 * whose W3C traceparent goes to the agency, so that its server span joins the gateway's trace. Outermost,
 * so an open circuit's instant refusal is counted too.
 */
export function observedFetcher(subgraph: string, fetcher: Fetcher, metrics: GatewayMetrics | undefined): Fetcher {
  if (!metrics && !tracingOn()) return fetcher;
  return async (url, init) => {
    const started = performance.now();
    const span = tracingOn()
      ? tracerFor('gateway').startSpan('govgraph.subgraph.fetch', { kind: SpanKind.CLIENT, attributes: { 'govgraph.subgraph': subgraph } })
      : undefined;
    let outcome: FetchOutcome = 'failed';
    try {
      let sent = init;
      if (span) {
        const headers = { ...(init?.headers as Record<string, string> | undefined) };
        injectTraceContext(headers, trace.setSpan(context.active(), span));
        sent = { ...init, headers };
      }
      const response = await fetcher(url, sent);
      outcome = response.status >= 400 ? 'http_error' : 'ok';
      span?.setAttribute('http.response.status_code', response.status);
      return response;
    } catch (error) {
      outcome = isCircuitOpen(error) ? 'circuit_open' : 'failed';
      throw error;
    } finally {
      metrics?.subgraphFetch(subgraph, outcome, (performance.now() - started) / 1000);
      if (span) {
        span.setAttribute('govgraph.outcome', outcome);
        if (outcome !== 'ok') span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
      }
    }
  };
}
