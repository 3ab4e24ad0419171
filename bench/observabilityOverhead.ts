/**
 * What observability costs at the gateway: the README query through two govgraph gateways over the same
 * subgraphs, audit writer and budgets, alternating rounds in one process:
 *   A. metrics on (GET /metrics registry: request counter and histograms, fetch histograms, gauges) and a
 *      JSON request log line per operation at LOG_LEVEL=info, written to /dev/null through pino's async
 *      destination (the same serialisation and write a container's stdout costs);
 *   B. metrics off (`metrics: false`) and the request log silent.
 * Tracing stays off in both (off, it registers nothing: see packages/observability/tracing.ts). Figures are printed, not asserted.
 *
 *   npx tsx bench/observabilityOverhead.ts [seconds per round=5] [rounds=6] [concurrency=8]
 * Uses DATABASE_URL when set, otherwise an embedded PostgreSQL in a temporary directory.
 */
import pino from 'pino';
import { createBudgetStore } from '../gateway/budgets/budgetStore';
import { startGateway, type GatewayOptions } from '../gateway/server';
import { loadSupergraphSdl } from '../gateway/supergraph';
import { EXAMPLE_CASE_REF, EXAMPLE_QUERY } from '../runtime/banner';
import { DEVELOPMENT_AUDIT_SUBJECT_KEY, DEVELOPMENT_PSEUDONYM_KEY } from '../runtime/developmentKeys';
import { performance } from 'node:perf_hooks';
import { createGatewayMetrics } from '../gateway/observability/metrics';
import { createLogger } from '@govgraph/observability';
import { SUBGRAPHS } from '../subgraphs/agencies';
import { demoToken, startBenchSystem } from './support/benchSystem';
import { compare, formatSummary } from './support/httpLoad';

const seconds = Number(process.argv[2] ?? 5);
const rounds = Number(process.argv[3] ?? 6);
const concurrency = Number(process.argv[4] ?? 8);

/**
 * The observability work of one README operation alone, without I/O noise: one operation counted and
 * timed, four subgraph fetches timed, one JSON request line serialised and written to /dev/null.
 */
async function perOperationMicroseconds(iterations: number): Promise<number> {
  const metrics = createGatewayMetrics({ processMetrics: false });
  const log = createLogger({ level: 'info', destination: pino.destination({ dest: '/dev/null', sync: false }) }).child({ component: 'gateway' });
  const started = performance.now();
  for (let index = 0; index < iterations; index += 1) {
    metrics.operation({ purpose: 'dispute-resolution', outcome: 'ok', errorCodes: [], seconds: 0.02 });
    for (const subgraph of ['police', 'court', 'petitions', 'market']) metrics.subgraphFetch(subgraph, 'ok', 0.004);
    log.info({ requestId: 'bench-request', purpose: 'dispute-resolution', outcome: 'ok', ms: 20.1, auditRecordId: 'bench-record' }, 'request');
  }
  const microseconds = ((performance.now() - started) * 1000) / iterations;
  await new Promise((resolve) => setTimeout(resolve, 100));
  return microseconds;
}

async function main(): Promise<void> {
  const micro = await perOperationMicroseconds(200_000);
  const { system, stop } = await startBenchSystem('observabilitybench');
  const shared: GatewayOptions = {
    supergraphSdl: loadSupergraphSdl(),
    subgraphUrls: Object.fromEntries(SUBGRAPHS.map((name) => [name, system.subgraphs[name].graphqlUrl])),
    subgraphTimeoutMs: 10_000,
    port: 0,
    host: '127.0.0.1',
    identity: { issuer: system.identityProvider.issuer, audience: 'govgraph-gateway' },
    accessContextSigner: system.accessContextSigner,
    pseudonymKey: DEVELOPMENT_PSEUDONYM_KEY,
    audit: { writer: system.audit.writer, subjectKey: DEVELOPMENT_AUDIT_SUBJECT_KEY },
    budgets: createBudgetStore(system.budgets.db),
  };
  const observed = await startGateway({ ...shared, requestLogger: createLogger({ level: 'info', destination: pino.destination({ dest: '/dev/null', sync: false }) }) });
  const quiet = await startGateway({ ...shared, metrics: false, requestLogger: createLogger({ level: 'silent' }) });

  const token = await demoToken(system.identityProvider.issuer, 'mediator.wang');
  const headers = { authorization: `Bearer ${token}`, 'x-purpose': 'dispute-resolution', 'x-case-ref': EXAMPLE_CASE_REF };
  const { a, b } = await compare(
    { url: observed.graphqlUrl, headers, query: EXAMPLE_QUERY },
    { url: quiet.graphqlUrl, headers, query: EXAMPLE_QUERY },
    { seconds, concurrency, rounds },
  );
  const scrape = await fetch(`${observed.url}/metrics`);
  const scraped = await scrape.text();
  console.log(`README example query (dispute-resolution, 4 agencies), ${concurrency} concurrent clients, ${rounds} × ${seconds} s each, node ${process.version}`);
  console.log(formatSummary('observability off', b));
  console.log(formatSummary('metrics + request logs on', a));
  console.log(`  throughput ratio (on / off)  ${(a.perSecond / b.perSecond).toFixed(3)}   added p50 latency ${(a.p50 - b.p50).toFixed(2)} ms`);
  console.log(`  one /metrics scrape: ${scrape.status}, ${scraped.length.toLocaleString('en')} bytes`);
  console.log(`  the observability work of one operation alone (counters, 5 histograms, one log line): ${micro.toFixed(1)} µs`);

  await observed.close();
  await quiet.close();
  await stop();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
