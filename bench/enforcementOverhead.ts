/**
 * What purpose-bound enforcement costs at the gateway: the same query, the same subgraphs, through
 *   A. the govgraph gateway — token verification, purpose check, per-field decisions (cached), typename
 *      markers, masking, an access context signed per subgraph fetch — and
 *   B. a bare @apollo/gateway over the same supergraph that forwards one pre-signed access context.
 * Rounds alternate A and B in one process so both see the same machine; figures are ratios.
 *
 *   npx tsx bench/enforcementOverhead.ts [seconds per round=5] [rounds=4] [concurrency=8]
 * Uses DATABASE_URL when set, otherwise an embedded PostgreSQL in a temporary directory.
 */
import { mkdtemp, chmod } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { loadSupergraphSdl } from '../gateway/supergraph';
import { ACCESS_CONTEXT_HEADER } from '../identity/accessContext';
import { EXAMPLE_CASE_REF, EXAMPLE_QUERY } from '../runtime/banner';
import { dropDatabase } from '../runtime/databases';
import { startEmbeddedPostgres, type EmbeddedServer } from '../runtime/embeddedPostgres';
import { freePort } from '../runtime/freePort';
import { ANY_FREE_PORTS, startSystem } from '../runtime/system';
import { AGENCIES } from '../subgraphs/agencies';

const seconds = Number(process.argv[2] ?? 5);
const rounds = Number(process.argv[3] ?? 4);
const concurrency = Number(process.argv[4] ?? 8);

interface Round {
  requests: number;
  milliseconds: number;
  latencies: number[];
}

async function load(url: string, headers: Record<string, string>): Promise<Round> {
  const body = JSON.stringify({ query: EXAMPLE_QUERY });
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const sent = performance.now();
        const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
        const answer = (await response.json()) as { errors?: unknown[] };
        if (answer.errors) throw new Error(`unexpected errors: ${JSON.stringify(answer.errors)}`);
        latencies.push(performance.now() - sent);
      }
    }),
  );
  return { requests: latencies.length, milliseconds: performance.now() - started, latencies };
}

function summary(rounds: Round[]) {
  const latencies = rounds.flatMap((round) => round.latencies).sort((a, b) => a - b);
  const requests = rounds.reduce((total, round) => total + round.requests, 0);
  const milliseconds = rounds.reduce((total, round) => total + round.milliseconds, 0);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { perSecond: (requests / milliseconds) * 1000, p50: at(0.5), p95: at(0.95), requests };
}

async function main(): Promise<void> {
  let embedded: EmbeddedServer | undefined;
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const parent = await mkdtemp(path.join(os.tmpdir(), 'govgraph-bench-'));
    await chmod(parent, 0o755);
    embedded = await startEmbeddedPostgres({ directory: path.join(parent, 'pg'), port: await freePort(), persistent: false });
    serverUrl = embedded.url;
  }
  const prefix = `gg_bench_${process.pid}`;
  const system = await startSystem({
    serverUrl,
    databasePrefix: prefix,
    seedPersons: 2_000,
    host: '127.0.0.1',
    gatewayPort: 0,
    subgraphPorts: ANY_FREE_PORTS,
    subgraphTimeoutMs: 10_000,
    supergraphSdl: loadSupergraphSdl(),
    devIdentityProviderPort: 0,
    log: () => undefined,
  });

  // B: federation only. One access context, signed once for the whole run, stands in for the caller.
  const access = { user: 'bench', username: 'mediator.wang', roles: ['mediator'], purpose: 'dispute-resolution', caseRef: EXAMPLE_CASE_REF, requestId: 'bench' };
  const signed = new Map<string, string>();
  for (const agency of AGENCIES) signed.set(agency, await system.accessContextSigner.sign(access, agency));
  const bare = new ApolloServer({
    gateway: new ApolloGateway({
      supergraphSdl: loadSupergraphSdl(),
      buildService: ({ name }) =>
        new (class extends RemoteGraphQLDataSource {
          override willSendRequest({ request }: Parameters<RemoteGraphQLDataSource['willSendRequest'] & {}>[0]) {
            request.http?.headers.set(ACCESS_CONTEXT_HEADER, signed.get(name) ?? '');
          }
        })({ url: system.subgraphs[name as (typeof AGENCIES)[number]].graphqlUrl }),
    }),
  });
  const { url: bareUrl } = await startStandaloneServer(bare, { listen: { port: 0, host: '127.0.0.1' } });

  const token = await (
    await fetch(`${system.identityProvider.issuer}/protocol/openid-connect/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'password', client_id: 'govgraph-cli', username: 'mediator.wang', password: 'demo' }),
    })
  ).json() as { access_token: string };
  const enforcedHeaders = { authorization: `Bearer ${token.access_token}`, 'x-purpose': 'dispute-resolution', 'x-case-ref': EXAMPLE_CASE_REF };

  // Warm both (plans, decisions, JIT) before measuring.
  await load(system.gateway.graphqlUrl, enforcedHeaders);
  await load(bareUrl, {});
  const enforced: Round[] = [];
  const baseline: Round[] = [];
  for (let round = 0; round < rounds; round += 1) {
    enforced.push(await load(system.gateway.graphqlUrl, enforcedHeaders));
    baseline.push(await load(bareUrl, {}));
  }
  const a = summary(enforced);
  const b = summary(baseline);
  console.log(`README example query (dispute-resolution, 4 agencies), ${concurrency} concurrent clients, ${rounds} × ${seconds} s each, node ${process.version}`);
  console.log(`  bare gateway      ${b.perSecond.toFixed(0).padStart(6)} req/s   p50 ${b.p50.toFixed(1)} ms   p95 ${b.p95.toFixed(1)} ms   (${b.requests} requests)`);
  console.log(`  govgraph gateway  ${a.perSecond.toFixed(0).padStart(6)} req/s   p50 ${a.p50.toFixed(1)} ms   p95 ${a.p95.toFixed(1)} ms   (${a.requests} requests)`);
  console.log(`  throughput ratio (govgraph / bare)  ${(a.perSecond / b.perSecond).toFixed(3)}   added p50 latency ${(a.p50 - b.p50).toFixed(2)} ms`);

  await bare.stop();
  await system.stop();
  await Promise.all(AGENCIES.map((agency) => dropDatabase(serverUrl, `${prefix}_${agency}`)));
  await embedded?.stop();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
