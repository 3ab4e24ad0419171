import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startGateway, type GatewayOptions, type RunningGateway } from '../../gateway/server';
import { loadSupergraphSdl } from '../../gateway/supergraph';
import { DEFAULT_OPERATION_LIMITS, type OperationLimits } from '../../gateway/limits/operationLimits';
import { EXAMPLE_CASE_REF } from '../../runtime/banner';
import { DEVELOPMENT_AUDIT_SUBJECT_KEY, type RunningSystem } from '../../runtime/system';
import { SUBGRAPHS } from '../../subgraphs/agencies';
import { passwordToken } from '../identity/tokenEndpoint';
import { dropSystemDatabases } from '../support/agencyDatabases';
import { EVERYDAY_QUERIES } from '../support/everydayQueries';
import { nestingAttack } from '../support/nestingAttack';
import { startTestSystem } from '../support/testSystem';

/**
 * Operation limits (issue 10, item 1) on the whole system over real HTTP: the defaults let every everyday
 * query through and refuse the nesting attack in milliseconds, audited; a gateway with tight limits shows
 * each limit counting through aliases, fragments and variables; a slow agency shows the request deadline.
 */
const WANG = '330110197803150018';
const prefix = `gg_limits_${process.pid}`;
let system: RunningSystem;
let tight: RunningGateway;
const tokens: Record<string, string> = {};

const TIGHT: Partial<OperationLimits> = {
  maxDepth: 4,
  maxAliases: 3,
  maxRootFields: 2,
  maxDirectives: 2,
  maxTokens: 200,
  maxCost: 500,
  maxResponseBytes: 500,
};

interface Answer {
  status: number;
  text: string;
  body: { data?: any; errors?: any[]; extensions?: any };
}

async function post(url: string, query: string, headers: Record<string, string>, variables?: Record<string, unknown>): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, ...(variables ? { variables } : {}) }),
  });
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text) as Answer['body'] };
}

function as(username: string, purpose: string, caseRef?: string): Record<string, string> {
  return { authorization: `Bearer ${tokens[username]}`, 'x-purpose': purpose, ...(caseRef ? { 'x-case-ref': caseRef } : {}) };
}
const clerk = () => as('mediator.wang', 'litigation-source-governance');
const mediator = () => as('mediator.wang', 'dispute-resolution', EXAMPLE_CASE_REF);

function gatewayWith(
  limits: Partial<OperationLimits>,
  subgraphUrls: Partial<Record<string, string>> = {},
  more: Pick<GatewayOptions, 'subgraphMaxResponseBytes'> = {},
): Promise<RunningGateway> {
  return startGateway({
    supergraphSdl: loadSupergraphSdl(),
    subgraphUrls: { ...Object.fromEntries(SUBGRAPHS.map((name) => [name, system.subgraphs[name].graphqlUrl])), ...subgraphUrls },
    subgraphTimeoutMs: 20_000,
    port: 0,
    host: '127.0.0.1',
    identity: { issuer: system.identityProvider.issuer, audience: 'govgraph-gateway' },
    accessContextSigner: system.accessContextSigner,
    pseudonymKey: 'govgraph-development-pseudonym-key-not-for-production',
    audit: { writer: system.audit.writer, subjectKey: DEVELOPMENT_AUDIT_SUBJECT_KEY },
    limits,
    ...more,
  });
}

/** The committed audit record of an answer, by the id its `extensions.privacy` carries. */
async function auditRecordOf(answer: Answer): Promise<any> {
  const id = answer.body.extensions?.privacy?.auditRecordId;
  expect(typeof id).toBe('string');
  const rows = await system.audit.db.query<{ record: any }>('SELECT record FROM audit_events WHERE id = $1', [id]);
  expect(rows).toHaveLength(1);
  return rows[0]!.record;
}

function codes(answer: Answer): string[] {
  return (answer.body.errors ?? []).map((error) => String(error.extensions?.code));
}

/** A refusal by one limit: 400, no data, its code with the limit and what was measured, and a refused record. */
async function expectRefusedBy(answer: Answer, code: string, limit: number, measured?: number): Promise<void> {
  expect(answer.status).toBe(400);
  expect(answer.body.data).toBeUndefined();
  const error = answer.body.errors?.find((candidate) => candidate.extensions?.code === code);
  expect(error).toBeDefined();
  expect(error.extensions.limit).toBe(limit);
  if (measured !== undefined) expect(error.extensions.measured).toBe(measured);
  const record = await auditRecordOf(answer);
  expect(record).toMatchObject({ outcome: 'refused', user: { username: 'mediator.wang' } });
  expect(record.errorCodes).toContain(code);
  expect(record.subgraphs).toEqual([]);
}

beforeAll(async () => {
  system = await startTestSystem(prefix, { seedPersons: 200 });
  for (const username of new Set(['mediator.wang', ...EVERYDAY_QUERIES.map((query) => query.username)])) {
    tokens[username] = await passwordToken(system.identityProvider.issuer, username);
  }
  tight = await gatewayWith(TIGHT);
}, 120_000);

afterAll(async () => {
  await tight?.close();
  await system?.stop();
  await dropSystemDatabases(prefix);
});

describe('the defaults', () => {
  it.each(EVERYDAY_QUERIES.map((query) => [query.name, query] as const))('let %s through', async (_name, everyday) => {
    const answer = await post(system.gateway.graphqlUrl, everyday.query, as(everyday.username, everyday.purpose, everyday.caseRef), everyday.variables);
    expect(codes(answer)).toEqual([]);
    expect(answer.status).toBe(200);
    expect(answer.body.data).toBeTruthy();
  });

  it('refuse the nesting attack in milliseconds, stay up, and record who tried', async () => {
    const attack = nestingAttack(WANG, 15);
    const started = Date.now();
    const answer = await post(system.gateway.graphqlUrl, attack, clerk());
    const elapsed = Date.now() - started;
    expect(answer.status).toBe(400);
    expect(codes(answer)).toEqual(expect.arrayContaining(['QUERY_TOO_DEEP', 'QUERY_TOO_COSTLY']));
    expect(elapsed).toBeLessThan(1_000); // "milliseconds, not minutes": generous on a loaded machine
    const record = await auditRecordOf(answer);
    expect(record).toMatchObject({ outcome: 'refused', user: { username: 'mediator.wang' }, purpose: 'litigation-source-governance', subgraphs: [] });
    expect(record.errorCodes).toEqual(expect.arrayContaining(['QUERY_TOO_DEEP', 'QUERY_TOO_COSTLY']));

    // The process is still serving: the next ordinary query is answered.
    const next = await post(system.gateway.graphqlUrl, `{ person(idNumber: "${WANG}") { birthDate cases { caseNumber } } }`, clerk());
    expect(next.status).toBe(200);
    expect(next.body.data.person.birthDate).toBe('1978');
  });

  it('refuse a fragment bomb before counting anything else', async () => {
    const fragments = ['fragment F0 on Person { name }'];
    for (let level = 1; level <= 16; level += 1) fragments.push(`fragment F${level} on Person { ...F${level - 1} ...F${level - 1} }`);
    const answer = await post(system.gateway.graphqlUrl, `{ person(idNumber: "${WANG}") { ...F16 } } ${fragments.join(' ')}`, clerk());
    await expectRefusedBy(answer, 'TOO_MANY_SELECTIONS', DEFAULT_OPERATION_LIMITS.maxSelections);
  });
});

describe('each limit counts what fragments, aliases and variables expand to', () => {
  it('depth: levels inside fragments count', async () => {
    const query = `{ person(idNumber: "${WANG}") { ...Cases } } fragment Cases on Person { cases { parties { party { ... on Person { name } } } } }`;
    await expectRefusedBy(await post(tight.graphqlUrl, query, clerk()), 'QUERY_TOO_DEEP', 4, 5);
  });

  it('aliases: aliases inside a fragment count at every spread', async () => {
    const query = `{ person(idNumber: "${WANG}") { ...Names ... on Person { ...Names } } } fragment Names on Person { a: name b: name }`;
    await expectRefusedBy(await post(tight.graphqlUrl, query, clerk()), 'TOO_MANY_ALIASES', 3, 4);
  });

  it('root fields: a fragment on Query adds its fields', async () => {
    const query = `{ person(idNumber: "${WANG}") { name } ...More } fragment More on Query { case(caseNumber: "x") { caseNumber } dispute(id: "x") { id } }`;
    await expectRefusedBy(await post(tight.graphqlUrl, query, clerk()), 'TOO_MANY_ROOT_FIELDS', 2, 3);
  });

  it('directives: directives in fragments count, whatever their variables say', async () => {
    const query = `query($yes: Boolean!) { person(idNumber: "${WANG}") { ...Named } } fragment Named on Person { name @include(if: $yes) district @include(if: $yes) gender @skip(if: $yes) }`;
    await expectRefusedBy(await post(tight.graphqlUrl, query, clerk(), { yes: true }), 'TOO_MANY_DIRECTIVES', 2, 3);
  });

  it('tokens: the parser stops at the limit', async () => {
    const query = `{ person(idNumber: "${WANG}") { ${Array.from({ length: 250 }, () => 'name').join(' ')} } }`;
    await expectRefusedBy(await post(tight.graphqlUrl, query, clerk()), 'TOO_MANY_TOKENS', 200);
  });

  it('cost: a literal page size counts as given, a variable one as the declared maximum of 100', async () => {
    const literal = `{ cases(first: 1) { edges { node { caseNumber causeOfAction court } } } }`;
    const answered = await post(tight.graphqlUrl, literal, clerk());
    expect(codes(answered)).toEqual([]);
    expect(answered.body.data.cases.edges.length).toBeGreaterThan(0);

    // The same query with `first: $n`: validated (and cached) before the variable is known, it counts as a full page.
    const variable = `query($n: Int) { cases(first: $n) { edges { node { caseNumber causeOfAction court } } } }`;
    const refused = await post(tight.graphqlUrl, variable, clerk(), { n: 1 });
    // cases: 100 × (1 + edges: 1 × (1 + node: 1 × (1 + three values)))
    await expectRefusedBy(refused, 'QUERY_TOO_COSTLY', 500, 100 * (1 + 1 * (1 + 1 * (1 + 3))));
  });

  it('cost: nested plain lists multiply by their declared estimates, behind aliases and inline fragments', async () => {
    // person (1) → cases (10) → parties (4) → party → cases (10): one alias per level is enough.
    const query = `{ person(idNumber: "${WANG}") { c: cases { ... on Case { p: parties { party { ... on Person { cases { caseNumber } } } } } } } }`;
    const answer = await post(tight.graphqlUrl, query, clerk());
    const error = answer.body.errors?.find((candidate) => candidate.extensions?.code === 'QUERY_TOO_COSTLY');
    expect(error.extensions.measured).toBe(1 * (1 + 10 * (1 + 4 * (1 + 1 * (1 + 10 * (1 + 1))))));
  });

  it('a page size above the field maximum is the agency’s BAD_USER_INPUT, and a huge integer never reaches it', async () => {
    const query = `query($n: Int) { cases(first: $n) { edges { node { caseNumber } } } }`;
    const tooMany = await post(system.gateway.graphqlUrl, query, clerk(), { n: 1_000 });
    expect(codes(tooMany)).toEqual(['BAD_USER_INPUT']);
    const huge = await post(system.gateway.graphqlUrl, query, clerk(), { n: 2 ** 40 });
    expect(huge.status).toBe(400);
    expect(codes(huge)).toEqual(['BAD_USER_INPUT']);
  });

  it('response size: an answer over the cap is refused whole, and recorded', async () => {
    const query = `{ cases(first: 10) { edges { node { caseNumber causeOfAction court district filedAt status } } } }`;
    const answer = await post(tight.graphqlUrl, query, clerk());
    expect(answer.text).not.toContain('caseNumber');
    const error = answer.body.errors?.find((candidate) => candidate.extensions?.code === 'RESPONSE_TOO_LARGE');
    expect(error.extensions.limit).toBe(500);
    expect(error.extensions.measured).toBeGreaterThan(500);
    expect(answer.status).toBe(400);
    const record = await auditRecordOf(answer);
    expect(record).toMatchObject({ outcome: 'refused', errorCodes: ['RESPONSE_TOO_LARGE'], user: { username: 'mediator.wang' } });
    expect(record.subgraphs).toEqual(['court']);
  });

  it('introspection is counted too', async () => {
    const query = `{ __schema { types { name fields { name args { name } } } } }`;
    const answer = await post(tight.graphqlUrl, query, clerk());
    expect(codes(answer)).toContain('QUERY_TOO_COSTLY');
  });
});

describe('field suggestions', () => {
  it('never name a field outside the purpose’s view', async () => {
    // financial-risk-monitoring does not see Person.phone; graphql-js would suggest it for "phon".
    tokens['analyst.chen'] ??= await passwordToken(system.identityProvider.issuer, 'analyst.chen');
    const answer = await post(system.gateway.graphqlUrl, `{ person(idNumber: "${WANG}") { phon } }`, as('analyst.chen', 'financial-risk-monitoring'));
    expect(codes(answer)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(answer.text).not.toMatch(/Did you mean/);
    expect(answer.text).not.toContain('"phone"');
  });
});

describe('the request deadline', () => {
  let proxy: http.Server;
  let slow: RunningGateway;
  /** Fetches the gateway gave up on before the link let them through. */
  let abandoned = 0;

  beforeAll(async () => {
    // The police subgraph behind a link that holds every request for ten seconds.
    const police = new URL(system.subgraphs.police.graphqlUrl);
    proxy = http.createServer((req, res) => {
      const timer = setTimeout(() => {
        const upstream = http.request({ host: police.hostname, port: police.port, path: police.pathname, method: req.method, headers: req.headers }, (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        });
        upstream.on('error', () => res.destroy());
        req.pipe(upstream);
      }, 10_000);
      res.on('close', () => {
        if (!res.headersSent) abandoned += 1;
        clearTimeout(timer);
      });
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const port = (proxy.address() as AddressInfo).port;
    slow = await gatewayWith({ requestTimeoutMs: 500 }, { police: `http://127.0.0.1:${port}/graphql` });
  });

  afterAll(async () => {
    await slow?.close();
    proxy.closeAllConnections();
    await new Promise((resolve) => proxy.close(resolve));
  });

  it('ends the whole operation, its fetches included, with REQUEST_TIMEOUT (504), recorded', async () => {
    const started = Date.now();
    const answer = await post(slow.graphqlUrl, `{ person(idNumber: "${WANG}") { birthDate } }`, clerk());
    expect(Date.now() - started).toBeLessThan(5_000); // the agency would have taken ten seconds
    expect(answer.status).toBe(504);
    expect(codes(answer)).toEqual(['REQUEST_TIMEOUT']);
    expect(answer.body.errors![0].extensions.limit).toBe(500);
    expect(answer.body.data).toBeUndefined();
    const record = await auditRecordOf(answer);
    expect(record).toMatchObject({ outcome: 'failed', errorCodes: ['REQUEST_TIMEOUT'], subgraphs: ['police'] });
    // The fetch itself was cut at the deadline, not left to its own 20-second timeout.
    for (let waited = 0; abandoned === 0 && waited < 3_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(abandoned).toBe(1);
  });
});

describe("an agency's answer over the size limit", () => {
  let small: RunningGateway;
  const LIMIT = 300;
  const listing = `{ cases(first: 10) { edges { node { caseNumber causeOfAction court district filedAt status } } } }`;

  beforeAll(async () => {
    small = await gatewayWith({}, {}, { subgraphMaxResponseBytes: LIMIT });
  });

  afterAll(() => small?.close());

  it('is not read past the limit: the agency is named, its part is missing, and the record says so', async () => {
    const whole = await post(system.gateway.graphqlUrl, listing, clerk());
    expect(whole.body.errors).toBeUndefined();
    expect(Buffer.byteLength(JSON.stringify(whole.body.data))).toBeGreaterThan(2 * LIMIT); // read whole, it is larger
    const answer = await post(small.graphqlUrl, listing, clerk());
    expect(answer.text).not.toContain('caseNumber');
    expect(answer.body.errors).toEqual([
      expect.objectContaining({ extensions: { code: 'SUBGRAPH_ANSWER_TOO_LARGE', service: 'court', limit: LIMIT } }),
    ]);
    expect(answer.body.errors![0].message).toMatch(/court service's answer to this operation is larger than 300 bytes/);
    const record = await auditRecordOf(answer);
    expect(record).toMatchObject({ outcome: 'refused', errorCodes: ['SUBGRAPH_ANSWER_TOO_LARGE'], user: { username: 'mediator.wang' } });
    expect(record.subgraphs).toEqual(['court']);
  });

  it("does not cut the agency off for everyone: a small answer from it still comes back", async () => {
    for (let attempt = 0; attempt < 12; attempt += 1) await post(small.graphqlUrl, listing, clerk());
    const answer = await post(small.graphqlUrl, `{ cases(first: 1) { edges { node { caseNumber } } } }`, clerk());
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.cases.edges).toHaveLength(1);
  });
});
