import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { Fetcher } from '@apollo/utils.fetcher';
import { ACCESS_CONTEXT_HEADER, type AccessContextSigner } from '../identity/accessContext';
import type { GatewayContext } from './context';

/**
 * Node's fetch with a deadline: RemoteGraphQLDataSource sets none, and one slow agency must not
 * hold a request (and its connection) forever.
 */
function fetchWithTimeout(timeoutMs: number): Fetcher {
  return ((url: string, init?: RequestInit) =>
    fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) })) as unknown as Fetcher;
}

export interface SubgraphDataSourceOptions {
  /** The subgraph's name: the audience of the access context, so it cannot be replayed to another agency. */
  name: string;
  url: string;
  timeoutMs: number;
  signer: AccessContextSigner;
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
    super({ url: options.url, fetcher: fetchWithTimeout(options.timeoutMs) });
    this.name = options.name;
    this.signer = options.signer;
  }

  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    // Without a request context (a health check) nothing is sent on anyone's behalf: the agency refuses it.
    if (!context || !('access' in context)) return;
    request.http?.headers.set('x-request-id', context.requestId);
    request.http?.headers.set(ACCESS_CONTEXT_HEADER, await this.signer.sign(context.access, this.name));
  }
}
