import { randomBytes } from 'node:crypto';
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { EXAMPLE_CASE_REF, EXAMPLE_QUERY } from '../../runtime/banner';
import { createLogger, replaceRootLogger } from '@govgraph/observability';
import type { RunningSystem } from '../../runtime/system';
import { startTracing, type Tracing } from '@govgraph/observability';
import { passwordToken } from '../identity/tokenEndpoint';
import { dropSystemDatabases } from '../support/agencyDatabases';
import { startTestSystem } from '../support/testSystem';

/**
 * Operations you can see (issue 11 item 6), over the real system: /metrics after real queries, one trace
 * from the gateway into an agency, and the request log line — and none of them carrying a personal value.
 */
const PREFIX = 'obs_system';
const WANG_ID = '330110197803150018';
/** What must never appear in metrics, spans or logs: the demo identifiers, names, case ref and user. */
const PERSONAL = [WANG_ID, '王建国', '王', '杭州建国建材', '91330110MA2H3K7P6N', EXAMPLE_CASE_REF, 'mediator.wang'];

let system: RunningSystem;
let token: string;
let tracing: Tracing | undefined;
const exporter = new InMemorySpanExporter();
const logLines: string[] = [];
let restoreLogger: () => void;

beforeAll(async () => {
  tracing = startTracing({ serviceName: 'govgraph-test', exporter });
  restoreLogger = replaceRootLogger(createLogger({ level: 'info', destination: { write: (line: string) => void logLines.push(line) } }));
  system = await startTestSystem(PREFIX);
  token = await passwordToken(system.identityProvider.issuer, 'mediator.wang');
});

afterAll(async () => {
  await system?.stop();
  restoreLogger?.();
  await tracing?.shutdown();
  await dropSystemDatabases(PREFIX);
});

async function ask(headers: Record<string, string>, query = EXAMPLE_QUERY) {
  const response = await fetch(system.gateway.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, body: (await response.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[]; extensions?: any } };
}

const asMediator = (extra: Record<string, string> = {}) => ({
  authorization: `Bearer ${token}`,
  'x-purpose': 'dispute-resolution',
  'x-case-ref': EXAMPLE_CASE_REF,
  ...extra,
});

/** The value of the sample `name{…labels}` in a Prometheus text body; undefined when there is none. */
function sample(body: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of body.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = match[2] ?? '';
    if (Object.entries(labels).every(([key, value]) => present.includes(`${key}="${value}"`))) return Number(match[3]);
  }
  return undefined;
}

describe('GET /metrics', () => {
  let body: string;
  beforeAll(async () => {
    expect((await ask(asMediator())).status).toBe(200);
    expect((await ask(asMediator())).status).toBe(200);
    // A purpose nobody has, carrying an identifier: counted as `unknown`, never by its text.
    const snooping = await ask(asMediator({ 'x-purpose': `snoop-${WANG_ID}` }));
    expect(snooping.body.errors?.[0]?.extensions?.code).toBe('PURPOSE_NOT_PERMITTED');
    const anonymous = await ask({ 'x-purpose': 'dispute-resolution' });
    expect(anonymous.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const response = await fetch(`${system.gateway.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    body = await response.text();
  });

  test('counts operations by purpose, outcome and code, and refusals by code', () => {
    expect(sample(body, 'govgraph_requests_total', { purpose: 'dispute-resolution', outcome: 'ok', code: 'none' })).toBeGreaterThanOrEqual(2);
    expect(sample(body, 'govgraph_requests_total', { purpose: 'unknown', outcome: 'refused', code: 'PURPOSE_NOT_PERMITTED' })).toBe(1);
    expect(sample(body, 'govgraph_requests_total', { purpose: 'dispute-resolution', outcome: 'refused', code: 'UNAUTHENTICATED' })).toBe(1);
    expect(sample(body, 'govgraph_refusals_total', { code: 'UNAUTHENTICATED' })).toBe(1);
    expect(sample(body, 'govgraph_refusals_total', { code: 'PURPOSE_NOT_PERMITTED' })).toBe(1);
  });

  test('times operations, subgraph fetches and audit commits in histograms', () => {
    const answered = sample(body, 'govgraph_request_duration_seconds_count', { purpose: 'dispute-resolution', outcome: 'ok' });
    expect(answered).toBeGreaterThanOrEqual(2);
    expect(sample(body, 'govgraph_request_duration_seconds_bucket', { le: '+Inf', purpose: 'dispute-resolution', outcome: 'ok' })).toBe(answered);
    for (const subgraph of ['police', 'court', 'petitions', 'market'])
      expect(sample(body, 'govgraph_subgraph_fetch_duration_seconds_count', { subgraph, outcome: 'ok' })).toBeGreaterThanOrEqual(2);
    expect(sample(body, 'govgraph_audit_commit_duration_seconds_count')).toBeGreaterThan(0);
    expect(sample(body, 'govgraph_audit_records_committed_total')).toBeGreaterThanOrEqual(4);
  });

  test('shows circuit state, audit queue depth, admission and the process', () => {
    expect(sample(body, 'govgraph_subgraph_circuit_state', { subgraph: 'police' })).toBe(0);
    expect(sample(body, 'govgraph_subgraph_circuit_state', { subgraph: 'bank' })).toBe(0);
    expect(sample(body, 'govgraph_audit_queue_depth')).toBe(0);
    expect(sample(body, 'govgraph_admission_in_flight')).toBe(0);
    expect(sample(body, 'govgraph_admission_queued')).toBe(0);
    expect(sample(body, 'govgraph_gateway_process_cpu_user_seconds_total')).toBeGreaterThan(0);
  });

  test('carries no personal value, user or stated purpose text', () => {
    for (const value of [...PERSONAL, 'snoop']) expect(body).not.toContain(value);
  });

  test("each agency's /metrics counts its operations and SQL statements", async () => {
    const response = await fetch(`${system.subgraphs.petitions.url}/metrics`);
    expect(response.status).toBe(200);
    const agency = await response.text();
    expect(sample(agency, 'govgraph_subgraph_operations_total', { agency: 'petitions', purpose: 'dispute-resolution', outcome: 'ok' })).toBeGreaterThanOrEqual(2);
    expect(sample(agency, 'govgraph_subgraph_sql_statements_total', { agency: 'petitions' })).toBeGreaterThan(0);
    expect(sample(agency, 'govgraph_subgraph_operation_duration_seconds_count', { agency: 'petitions', outcome: 'ok' })).toBeGreaterThanOrEqual(2);
    for (const value of PERSONAL) expect(agency).not.toContain(value);
  });
});

describe('traces', () => {
  const traceId = randomBytes(16).toString('hex');
  const parentId = randomBytes(8).toString('hex');
  let spans: ReadableSpan[];
  beforeAll(async () => {
    exporter.reset();
    // A document the gateway has not seen: parsed and validated (its limits checked) in this trace.
    const answer = await ask(asMediator({ traceparent: `00-${traceId}-${parentId}-01` }), `# first seen here\n${EXAMPLE_QUERY}`);
    expect(answer.status).toBe(200);
    // A GET carries the query and its variables in the URL: the span names the route, never the URL.
    const params = new URLSearchParams({ query: 'query Card($id: ID!) { person(idNumber: $id) { name } }', variables: JSON.stringify({ id: WANG_ID }) });
    const viaGet = await fetch(`${system.gateway.graphqlUrl}?${params}`, {
      headers: { ...asMediator({ traceparent: `00-${traceId}-${parentId}-01` }), 'apollo-require-preflight': 'true' },
    });
    expect(viaGet.status).toBe(200);
    // An operation name is the caller's text: one spelling out an identifier is withheld from every span.
    const named = await ask(asMediator({ traceparent: `00-${traceId}-${parentId}-01` }), `query Q${WANG_ID} { person(idNumber: "${WANG_ID}") { name } }`);
    expect(named.status).toBe(200);
    // The request span ends as its response finishes: give the exporter a turn.
    await new Promise((resolve) => setTimeout(resolve, 50));
    spans = exporter.getFinishedSpans().filter((span) => span.spanContext().traceId === traceId);
  });
  const named = (name: string, scope?: string) => spans.filter((span) => span.name === name && (!scope || span.instrumentationScope.name === scope));

  test("one trace: the caller's traceparent, the gateway's request span and its pipeline steps", () => {
    const [request] = named('POST /graphql', 'govgraph-gateway');
    expect(request).toBeDefined();
    expect(request!.kind).toBe(SpanKind.SERVER);
    expect(request!.parentSpanContext?.spanId).toBe(parentId);
    expect(request!.attributes).toMatchObject({ 'govgraph.purpose': 'dispute-resolution', 'govgraph.outcome': 'ok', 'http.response.status_code': 200 });
    expect(request!.attributes['graphql.document.hash']).toMatch(/^[0-9a-f]{64}$/);
    for (const step of ['govgraph.authenticate', 'govgraph.parse', 'govgraph.limits', 'govgraph.decide', 'govgraph.case', 'govgraph.execute', 'gateway.plan', 'govgraph.mask', 'govgraph.audit.commit'])
      expect({ step, found: named(step).length > 0 }).toEqual({ step, found: true });
  });

  test("the agencies' server spans join it, children of the gateway's fetch spans", () => {
    const fetches = named('govgraph.subgraph.fetch');
    expect(fetches.map((span) => span.attributes['govgraph.subgraph']).sort()).toEqual(expect.arrayContaining(['court', 'petitions', 'police']));
    const fetchIds = new Set(fetches.map((span) => span.spanContext().spanId));
    for (const agency of ['police', 'petitions', 'court']) {
      const [server] = named('POST /graphql', `govgraph-${agency}`);
      expect(server).toBeDefined();
      expect(server!.kind).toBe(SpanKind.SERVER);
      expect(fetchIds.has(server!.parentSpanContext?.spanId ?? '')).toBe(true);
    }
    expect(named('govgraph.sql', 'govgraph-petitions').length).toBeGreaterThan(0);
  });

  test('no span carries a variable, an identifier, a name or the case reference', () => {
    expect(named('GET /graphql', 'govgraph-gateway')).toHaveLength(1);
    expect(spans.some((span) => span.attributes['graphql.operation.name'] === '[withheld: digits]')).toBe(true);
    const text = JSON.stringify(spans.map((span) => ({ name: span.name, attributes: span.attributes, events: span.events, status: span.status })));
    for (const value of PERSONAL) expect(text).not.toContain(value);
    expect(text).not.toContain(token);
  });
});

test("@apollo/gateway's hourly report to apollographql.com (and its cloud metadata probes) is off", () => {
  expect(process.env.APOLLO_TELEMETRY_DISABLED).toBe('true');
});

describe('logs', () => {
  test('one JSON request line per operation: request id, purpose, outcome, latency, audit record id — nothing personal', async () => {
    const answer = await ask(asMediator({ 'x-request-id': 'obs-log-1' }));
    expect(answer.status).toBe(200);
    const refused = await ask(asMediator({ 'x-request-id': 'obs-log-2', 'x-case-ref': 'TJ-2025-330110-99999' }));
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('CASE_NOT_FOUND');
    const entries = logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const line = entries.find((entry) => entry.msg === 'request' && entry.requestId === 'obs-log-1');
    expect(line).toMatchObject({ level: 30, component: 'gateway', purpose: 'dispute-resolution', outcome: 'ok', auditRecordId: answer.body.extensions.privacy.auditRecordId });
    expect(line!.ms).toEqual(expect.any(Number));
    expect(typeof line!.time).toBe('string');
    const refusal = entries.find((entry) => entry.msg === 'request' && entry.requestId === 'obs-log-2');
    expect(refusal).toMatchObject({ outcome: 'refused', codes: ['CASE_NOT_FOUND'], auditRecordId: expect.any(String) });
    const all = logLines.join('\n');
    for (const value of [...PERSONAL, 'TJ-2025-330110-99999', token]) expect(all).not.toContain(value);
  });
});
