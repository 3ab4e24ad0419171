import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startGateway, type RunningGateway } from '../../gateway/server';
import { loadSupergraphSdl } from '../../gateway/supergraph';
import { EXAMPLE_CASE_REF } from '../../runtime/banner';
import { DEVELOPMENT_AUDIT_SUBJECT_KEY, type RunningSystem } from '../../runtime/system';
import { SUBGRAPHS } from '../../subgraphs/agencies';
import { passwordToken } from '../identity/tokenEndpoint';
import { dropSystemDatabases } from '../support/agencyDatabases';
import { startTestSystem } from '../support/testSystem';

/**
 * The per-subgraph circuit breaker (gateway/circuitBreaker.ts) against a real slow agency: the market
 * subgraph behind a proxy that holds each request. While it is slower than the fetch deadline, the breaker
 * opens and later requests answer the others' data at once, the market's part SUBGRAPH_UNAVAILABLE with
 * `circuit: "open"`; once it is fast again, a half-open probe closes the breaker and the whole answer is back.
 */
const prefix = `gg_breaker_${process.pid}`;
const TIMEOUT_MS = 1_500;
const RESET_MS = 1_000;
let system: RunningSystem;
let gateway: RunningGateway;
let proxy: http.Server;
let delayMs = 0;
let token: string;

/** Forwards to `target`, after `delayMs`. */
function slowProxy(target: string): Promise<http.Server> {
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      setTimeout(() => {
        const headers = Object.fromEntries(
          Object.entries(request.headers).filter(([name]) => !['host', 'content-length', 'connection'].includes(name)),
        ) as Record<string, string>;
        fetch(`${target}${request.url}`, { method: request.method!, headers, body: request.method === 'POST' ? Buffer.concat(chunks) : undefined })
          .then(async (upstream) => {
            response.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
            response.end(Buffer.from(await upstream.arrayBuffer()));
          })
          .catch(() => {
            if (!response.headersSent) response.writeHead(502).end();
          });
      }, delayMs);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

beforeAll(async () => {
  system = await startTestSystem(prefix, { seedPersons: 20 });
  proxy = await slowProxy(system.subgraphs.market.url);
  const subgraphUrls = Object.fromEntries(SUBGRAPHS.map((name) => [name, system.subgraphs[name].graphqlUrl]));
  subgraphUrls.market = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/graphql`;
  gateway = await startGateway({
    supergraphSdl: loadSupergraphSdl(),
    subgraphUrls,
    subgraphTimeoutMs: TIMEOUT_MS,
    subgraphBreaker: { errorPercent: 50, minRequests: 3, windowMs: 30_000, resetMs: RESET_MS },
    port: 0,
    host: '127.0.0.1',
    identity: { issuer: system.identityProvider.issuer, audience: 'govgraph-gateway' },
    accessContextSigner: system.accessContextSigner,
    pseudonymKey: 'breaker-test-pseudonym-key-0123456789abcdef',
    audit: { writer: system.audit.writer, subjectKey: DEVELOPMENT_AUDIT_SUBJECT_KEY },
  });
  token = await passwordToken(system.identityProvider.issuer, 'mediator.wang');
}, 120_000);

afterAll(async () => {
  await gateway?.close();
  proxy?.closeAllConnections();
  await new Promise((resolve) => proxy?.close(resolve));
  await system?.stop();
  await dropSystemDatabases(prefix);
});

interface Answer {
  data?: { person: { name: string; enterprises: unknown; petitions: unknown } | null } | null;
  errors?: { extensions?: Record<string, unknown> }[];
  extensions?: { privacy?: { auditRecordId?: string } };
}

async function ask(): Promise<{ answer: Answer; ms: number }> {
  const started = Date.now();
  const response = await fetch(gateway.graphqlUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
      'x-purpose': 'dispute-resolution',
      'x-case-ref': EXAMPLE_CASE_REF,
    },
    body: JSON.stringify({ query: '{ person(idNumber: "330110197803150018") { name enterprises { name } petitions { id } } }' }),
  });
  return { answer: (await response.json()) as Answer, ms: Date.now() - started };
}

const marketError = (answer: Answer) => answer.errors?.find((error) => error.extensions?.service === 'market')?.extensions;

it('a slow agency opens its breaker: its part then fails fast, the others still answer, and it closes once the agency is fast', async () => {
  const whole = await ask();
  expect(whole.answer.errors).toBeUndefined();
  expect(whole.answer.data?.person?.enterprises).toEqual(expect.any(Array));

  // Slower than the fetch deadline: each of these waits the whole timeout, and counts as a failure.
  delayMs = TIMEOUT_MS * 3;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const { answer } = await ask();
    expect(marketError(answer)).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE' });
  }

  // Open: the market is not asked at all; its part fails at once, the rest is answered and audited.
  const fast = await Promise.all(Array.from({ length: 5 }, ask));
  for (const { answer, ms } of fast) {
    expect(marketError(answer)).toEqual({ code: 'SUBGRAPH_UNAVAILABLE', service: 'market', circuit: 'open' });
    expect(answer.data?.person?.name).toEqual(expect.any(String));
    expect(answer.data?.person?.petitions).toEqual(expect.any(Array));
    expect(answer.extensions?.privacy?.auditRecordId).toEqual(expect.any(String));
    // Generous: milliseconds, not the subgraph timeout.
    expect(ms).toBeLessThan(TIMEOUT_MS);
  }

  // Fast again: after the reset time one probe goes through, succeeds, and closes the breaker.
  delayMs = 0;
  await new Promise((resolve) => setTimeout(resolve, RESET_MS + 200));
  const probe = await ask();
  expect(probe.answer.errors).toBeUndefined();
  const after = await ask();
  expect(after.answer.errors).toBeUndefined();
  expect(after.answer.data?.person?.enterprises).toEqual(whole.answer.data?.person?.enterprises);
}, 60_000);
