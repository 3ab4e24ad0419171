/**
 * What purpose-bound enforcement costs at the gateway: the same query, the same subgraphs, through
 *   A. the govgraph gateway — token verification, purpose check, per-field decisions (cached), answer
 *      markers, masking, the audit, an access context signed per subgraph fetch — and
 *   B. a bare @apollo/gateway over the same supergraph that signs the access context each agency requires
 *      (bound to the fetch's body, used once) and nothing else.
 * Rounds alternate A and B in one process so both see the same machine; figures are ratios.
 *
 *   npx tsx bench/enforcementOverhead.ts [seconds per round=5] [rounds=4] [concurrency=8]
 * Uses DATABASE_URL when set, otherwise an embedded PostgreSQL in a temporary directory.
 */
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { loadSupergraphSdl } from '../gateway/supergraph';
import { ACCESS_CONTEXT_HEADER } from '@govgraph/access-context';
import { operationDigestOf } from '@govgraph/access-context';
import { EXAMPLE_CASE_REF, EXAMPLE_QUERY } from '../runtime/banner';
import { type SubgraphName } from '../subgraphs/agencies';
import { demoToken, startBenchSystem } from './support/benchSystem';
import { compare, formatSummary } from './support/httpLoad';

const seconds = Number(process.argv[2] ?? 5);
const rounds = Number(process.argv[3] ?? 4);
const concurrency = Number(process.argv[4] ?? 8);

async function main(): Promise<void> {
  const { system, stop } = await startBenchSystem('enforcementbench');

  // B: federation only. A fixed caller; agencies admit a context once and for its one body, so it is signed per fetch.
  const access = { user: 'bench', username: 'mediator.wang', roles: ['mediator'], purpose: 'dispute-resolution', caseRef: EXAMPLE_CASE_REF, requestId: 'bench' };
  const bare = new ApolloServer({
    gateway: new ApolloGateway({
      supergraphSdl: loadSupergraphSdl(),
      buildService: ({ name }) =>
        new (class extends RemoteGraphQLDataSource {
          override async willSendRequest({ request }: Parameters<RemoteGraphQLDataSource['willSendRequest'] & {}>[0]) {
            const { http: _http, ...body } = request;
            const context = await system.accessContextSigner.sign(access, name, operationDigestOf(JSON.stringify(body)));
            request.http?.headers.set(ACCESS_CONTEXT_HEADER, context);
          }
        })({ url: system.subgraphs[name as SubgraphName].graphqlUrl }),
    }),
  });
  const { url: bareUrl } = await startStandaloneServer(bare, { listen: { port: 0, host: '127.0.0.1' } });

  const token = await demoToken(system.identityProvider.issuer, 'mediator.wang');
  const headers = { authorization: `Bearer ${token}`, 'x-purpose': 'dispute-resolution', 'x-case-ref': EXAMPLE_CASE_REF };
  const { a, b } = await compare(
    { url: system.gateway.graphqlUrl, headers, query: EXAMPLE_QUERY },
    { url: bareUrl, headers: {}, query: EXAMPLE_QUERY },
    { seconds, concurrency, rounds },
  );
  console.log(`README example query (dispute-resolution, 4 agencies), ${concurrency} concurrent clients, ${rounds} × ${seconds} s each, node ${process.version}`);
  console.log(formatSummary('bare gateway', b));
  console.log(formatSummary('govgraph gateway', a));
  console.log(`  throughput ratio (govgraph / bare)  ${(a.perSecond / b.perSecond).toFixed(3)}   added p50 latency ${(a.p50 - b.p50).toFixed(2)} ms`);

  await bare.stop();
  await stop();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
