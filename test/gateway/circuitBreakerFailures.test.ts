import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Fetcher } from '@apollo/utils.fetcher';
import { isCircuitOpen, withCircuitBreaker } from '../../gateway/circuitBreaker';
import { createGatewayMetrics } from '../../gateway/observability/metrics';
import { observedFetcher } from '../../gateway/observability/observedFetcher';
import { agencyConnections, SubgraphAnswerTooLargeError, subgraphFetcher } from '../../gateway/subgraphFetcher';

/**
 * What counts as a failure for a subgraph's breaker, against a real HTTP server: an agency answering 5xx
 * or not answering does; one refusing the request (4xx, e.g. a bad access context) is up and does not, nor
 * does one whose answer is over the gateway's size limit (the operation asked too much, the agency is up).
 * The data source still gets every response the agency gave.
 */
let status = 200;
let server: http.Server;
let url: string;
let calls = 0;
let answer = '{"data":null}';

beforeAll(async () => {
  server = http.createServer((_request, response) => {
    calls += 1;
    response.writeHead(status, { 'content-type': 'application/json' }).end(answer);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const settings = { errorPercent: 50, minRequests: 3, windowMs: 10_000, resetMs: 60_000 };
const quiet = () => undefined;

it('5xx answers open the breaker; the agency is then not called at all', async () => {
  const fetcher = withCircuitBreaker('police', fetch as unknown as Fetcher, settings, quiet);
  status = 503;
  for (let attempt = 0; attempt < 3; attempt += 1) expect((await fetcher(url, { method: 'POST' })).status).toBe(503);
  const before = calls;
  const refused = await fetcher(url, { method: 'POST' }).catch((error: unknown) => error);
  expect(isCircuitOpen(refused)).toBe(true);
  expect(calls).toBe(before);
});

it('4xx answers leave it closed', async () => {
  const fetcher = withCircuitBreaker('court', fetch as unknown as Fetcher, settings, quiet);
  status = 401;
  for (let attempt = 0; attempt < 10; attempt += 1) expect((await fetcher(url, { method: 'POST' })).status).toBe(401);
});

it('answers over the size limit leave it closed: one operation asking too much does not cut the agency off', async () => {
  const connections = agencyConnections(1_000);
  try {
    const fetcher = withCircuitBreaker('petitions', subgraphFetcher({ timeoutMs: 5_000, connections }), settings, quiet);
    status = 200;
    answer = '{"data":null}'.padEnd(2_000, ' ');
    for (let attempt = 0; attempt < 10; attempt += 1) {
      await expect(fetcher(url, { method: 'POST' })).rejects.toBeInstanceOf(SubgraphAnswerTooLargeError);
    }
    const before = calls;
    await expect(fetcher(url, { method: 'POST' })).rejects.toBeInstanceOf(SubgraphAnswerTooLargeError);
    expect(calls).toBe(before + 1);
  } finally {
    answer = '{"data":null}';
    await connections.close();
  }
});

it('an agency that does not answer opens it', async () => {
  const fetcher = withCircuitBreaker('bank', fetch as unknown as Fetcher, settings, quiet);
  const closed = 'http://127.0.0.1:1/graphql';
  for (let attempt = 0; attempt < 3; attempt += 1) await expect(fetcher(closed, { method: 'POST' })).rejects.toThrow();
  expect(isCircuitOpen(await fetcher(closed, { method: 'POST' }).catch((error: unknown) => error))).toBe(true);
});

it('the circuit-state gauge and the fetch histogram follow a failing agency (GET /metrics)', async () => {
  const metrics = createGatewayMetrics({ processMetrics: false });
  const breaker = withCircuitBreaker('market', fetch as unknown as Fetcher, { ...settings, resetMs: 200 }, quiet, (state) => metrics.circuit('market', state));
  const fetcher = observedFetcher('market', breaker, metrics);
  metrics.circuit('market', 'closed');
  const gauge = async () => /^govgraph_subgraph_circuit_state\{subgraph="market"\} (\d)$/m.exec(await metrics.registry.metrics())?.[1];
  expect(await gauge()).toBe('0');
  status = 503;
  for (let attempt = 0; attempt < 3; attempt += 1) await fetcher(url, { method: 'POST' });
  expect(await gauge()).toBe('2');
  await fetcher(url, { method: 'POST' }).catch(() => undefined);
  await new Promise((resolve) => setTimeout(resolve, 250));
  expect(await gauge()).toBe('1');
  status = 200;
  await fetcher(url, { method: 'POST' });
  expect(await gauge()).toBe('0');
  const text = await metrics.registry.metrics();
  expect(text).toMatch(/^govgraph_subgraph_fetch_errors_total\{subgraph="market",outcome="http_error"\} 3$/m);
  expect(text).toMatch(/^govgraph_subgraph_fetch_errors_total\{subgraph="market",outcome="circuit_open"\} 1$/m);
  expect(text).toMatch(/^govgraph_subgraph_fetch_duration_seconds_count\{subgraph="market",outcome="ok"\} 1$/m);
});
