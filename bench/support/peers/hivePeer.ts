import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { loadSupergraphSdl } from '../../../gateway/supergraph';
import { ACCESS_CONTEXT_HEADER, type AccessContextSigner } from '@govgraph/access-context';
import { operationDigestOf } from '@govgraph/access-context';
import { BENCH_ACCESS_HEADER, decodeBenchAccess, type PeerConfig } from './peerConfig';

interface FetchHookPayload {
  url: string;
  options: { body?: unknown; headers?: unknown };
  setOptions(options: object): void;
  context: { request?: Request };
}
interface HiveRuntime {
  (req: http.IncomingMessage, res: http.ServerResponse): void;
  dispose(): Promise<void>;
}
/**
 * Loaded without its types on purpose: its declarations augment graphql-js's error types globally (graphql-yoga's
 * GraphQLHTTPErrorExtensions), which would retype the gateway's own errors. This is all the benchmark uses of it.
 */
const { createGatewayRuntime } = require('@graphql-hive/gateway-runtime') as { createGatewayRuntime(config: object): HiveRuntime };
// Its CommonJS build exports the transport itself ({ getSubgraphExecutor }), not a default.
const httpTransport = require('@graphql-mesh/transport-http') as object;

/** The supergraph with each subgraph's URL replaced by where it runs now. */
function supergraphAt(urls: Record<string, string>): string {
  return loadSupergraphSdl().replace(/@join__graph\(name: "([^"]+)", url: "[^"]*"\)/g, (whole, name: string) =>
    urls[name] ? `@join__graph(name: "${name}", url: "${urls[name]}")` : whole,
  );
}

/**
 * C: Hive Gateway (@graphql-hive/gateway-runtime, the HTTP transport) over the same supergraph, in-flight
 * deduplication off both ways (each client request its own subgraph fetches, as A and B do), with one
 * plugin: the signed access context per fetch, bound to the fetch's exact body.
 */
export async function startHivePeer(config: PeerConfig, signer: AccessContextSigner): Promise<{ url: string; close(): Promise<void> }> {
  const gateway = createGatewayRuntime({
    supergraph: supergraphAt(config.subgraphUrls),
    transports: { http: httpTransport },
    transportEntries: { '*.http': { options: { deduplicateInflightRequests: false } } },
    inboundInflightRequestDeduplication: false,
    graphiql: false,
    landingPage: false,
    logging: false,
    // A failure is the benchmark's to see (it stops on any error), not to hide behind 'Unexpected error.'.
    maskedErrors: false,
    plugins: () => [
      {
        async onFetch({ url, options, setOptions, context }: FetchHookPayload) {
          const { request } = context;
          const subgraph = Object.entries(config.subgraphUrls).find(([, target]) => target === url)?.[0];
          if (!request || !subgraph || typeof options.body !== 'string') return;
          const access = decodeBenchAccess(request.headers.get(BENCH_ACCESS_HEADER));
          const signed = await signer.sign({ ...access, requestId: randomUUID() }, subgraph, operationDigestOf(options.body));
          setOptions({ ...options, headers: { ...(options.headers as Record<string, string>), [ACCESS_CONTEXT_HEADER]: signed } });
        },
      },
    ],
  });
  const server = http.createServer(gateway);
  await new Promise<void>((resolve) => server.listen(config.port, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await gateway.dispose();
    },
  };
}
