import { randomUUID } from 'node:crypto';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { loadSupergraphSdl } from '../../../gateway/supergraph';
import { ACCESS_CONTEXT_HEADER, type AccessContext, type AccessContextSigner } from '@govgraph/access-context';
import { operationDigestOf } from '@govgraph/access-context';
import { BENCH_ACCESS_HEADER, decodeBenchAccess, type PeerConfig } from './peerConfig';

interface BareContext {
  access: Omit<AccessContext, 'requestId'>;
}

/**
 * B: a bare @apollo/gateway over the same supergraph that signs, per fetch, the access context each agency
 * requires (bound to the fetch's body, used once) and does nothing else.
 */
export async function startApolloPeer(config: PeerConfig, signer: AccessContextSigner): Promise<{ url: string; close(): Promise<void> }> {
  const server = new ApolloServer<BareContext>({
    gateway: new ApolloGateway({
      supergraphSdl: loadSupergraphSdl(),
      buildService: ({ name }) =>
        new (class extends RemoteGraphQLDataSource<BareContext> {
          override async willSendRequest({ request, context }: Parameters<RemoteGraphQLDataSource<BareContext>['willSendRequest'] & {}>[0]) {
            const { http: _http, ...body } = request;
            const signed = await signer.sign({ ...context.access, requestId: randomUUID() }, name, operationDigestOf(JSON.stringify(body)));
            request.http?.headers.set(ACCESS_CONTEXT_HEADER, signed);
          }
          // Node's fetch, as govgraph's data sources use: the same HTTP client on both sides of the comparison
          // (the default node-fetch agent also reuses sockets the subgraph has just closed between rounds).
        })({ url: config.subgraphUrls[name]!, fetcher: fetch as never }),
    }),
  });
  const { url } = await startStandaloneServer(server, {
    listen: { port: config.port, host: '127.0.0.1' },
    context: async ({ req }) => ({ access: decodeBenchAccess(req.headers[BENCH_ACCESS_HEADER] as string | undefined) }),
  });
  return { url, close: () => server.stop() };
}
