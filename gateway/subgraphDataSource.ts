import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { FetcherResponse } from '@apollo/utils.fetcher';
import { GraphQLError } from 'graphql';
import { ACCESS_CONTEXT_HEADER, type AccessContextSigner } from '@govgraph/access-context';
import { operationDigestOf } from '@govgraph/access-context';
import { isCircuitOpen, withCircuitBreaker, type CircuitBreakerSettings } from './circuitBreaker';
import type { GatewayContext } from './context';
import { loggerFor } from '@govgraph/observability';
import type { GatewayMetrics } from './observability/metrics';
import { observedFetcher } from './observability/observedFetcher';
import { DEADLINE_HEADER, SubgraphAnswerTooLargeError, subgraphFetcher, type AgencyConnections } from './subgraphFetcher';

export interface SubgraphDataSourceOptions {
  /** The subgraph's name: the audience of the access context, so it cannot be replayed to another agency. */
  name: string;
  url: string;
  timeoutMs: number;
  /** The gateway's pool of connections to the agencies, which bounds the answers it reads. */
  connections: AgencyConnections;
  signer: AccessContextSigner;
  /** When this agency's fetches count as failing fast (gateway/circuitBreaker.ts); default thresholds when unset. */
  breaker?: CircuitBreakerSettings;
  /** Fetch latency, errors and circuit state go here (gateway/observability/metrics.ts). */
  metrics?: GatewayMetrics;
}

/**
 * One agency's subgraph as the gateway calls it. Each fetch carries a short-lived signed access context
 * (who, which purpose, which case): the agency refuses anything without one and enforces the same
 * policies on what reaches it.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly name: string;
  private readonly signer: AccessContextSigner;

  constructor(options: SubgraphDataSourceOptions) {
    const breaker = withCircuitBreaker(options.name, subgraphFetcher({ timeoutMs: options.timeoutMs, connections: options.connections }), options.breaker, undefined, (state) =>
      options.metrics?.circuit(options.name, state),
    );
    options.metrics?.circuit(options.name, 'closed');
    super({ url: options.url, fetcher: observedFetcher(options.name, breaker, options.metrics) });
    this.name = options.name;
    this.signer = options.signer;
  }

  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    // Without a request context (a health check) nothing is sent on anyone's behalf: the agency refuses it.
    if (!context || !('access' in context)) return;
    context.touched.add(this.name);
    request.http?.headers.set('x-request-id', context.requestId);
    if (context.deadline !== undefined) request.http?.headers.set(DEADLINE_HEADER, String(context.deadline));
    // The context is bound to this fetch's exact body: RemoteGraphQLDataSource.sendRequest sends
    // JSON.stringify of the request without `http` (query, operationName, variables, extensions), so the
    // same serialisation here is the same bytes the agency hashes. Replayed with any other body, refused.
    const { http: _http, ...body } = request;
    const operation = operationDigestOf(JSON.stringify(body));
    request.http?.headers.set(ACCESS_CONTEXT_HEADER, await this.signer.sign(context.access, this.name, operation));
  }

  /**
   * A fetch that failed (refused, timed out, answered non-2xx): the gateway would pass the raw error on
   * without the agency's name. The operator's log gets the detail; the client gets the agency and a
   * code, and the other agencies' data still comes back.
   */
  override didEncounterError(error: Error, _request: unknown, response?: FetcherResponse): void {
    if (error instanceof SubgraphAnswerTooLargeError) {
      loggerFor('gateway').warn({ subgraph: this.name, limit: error.limit }, 'subgraph answer too large');
      throw new GraphQLError(`The ${this.name} service's answer to this operation is larger than ${error.limit} bytes; its part of the answer is missing. Ask for fewer items or fields`, {
        extensions: { code: 'SUBGRAPH_ANSWER_TOO_LARGE', serviceName: this.name, limit: error.limit },
      });
    }
    // An open circuit is logged once, when it opens; not once per request it refuses.
    const open = isCircuitOpen(error);
    if (!open) loggerFor('gateway').error({ subgraph: this.name, ...(response ? { status: response.status } : {}), error: error.message }, 'subgraph fetch failed');
    throw new GraphQLError(`The ${this.name} service is unavailable; its part of the answer is missing`, {
      extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: this.name, ...(open ? { circuit: 'open' } : {}) },
    });
  }
}
