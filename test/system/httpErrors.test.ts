import { randomUUID } from 'node:crypto';
import { serverAudits } from 'graphql-http';
import { ACCESS_CONTEXT_HEADER } from '@govgraph/access-context';
import { operationDigestOf } from '@govgraph/access-context';
import { EXAMPLE_CASE_REF } from '../../runtime/banner';
import type { RunningSystem } from '../../runtime/system';
import { passwordToken } from '../identity/tokenEndpoint';
import { dropSystemDatabases } from '../support/agencyDatabases';
import { startTestSystem } from '../support/testSystem';

/**
 * Issue 10, item 4: whatever reaches the gateway — or an agency — answers JSON with a documented code, never
 * HTML, a stack or a path; what reaches /graphql leaves an audit record, even when its body never parsed.
 * And graphql-http's server audit finds nothing the GraphQL-over-HTTP spec requires missing.
 */
const prefix = `gg_http_${process.pid}`;
let system: RunningSystem;
let token: string;

interface Answer {
  status: number;
  contentType: string;
  text: string;
  body: { data?: any; errors?: any[]; extensions?: any };
}

const mediatorHeaders = (): Record<string, string> => ({
  authorization: `Bearer ${token}`,
  'x-purpose': 'dispute-resolution',
  'x-case-ref': EXAMPLE_CASE_REF,
});
const clerkHeaders = (): Record<string, string> => ({ authorization: `Bearer ${token}`, 'x-purpose': 'litigation-source-governance' });

async function send(url: string, init: RequestInit = {}): Promise<Answer> {
  const response = await fetch(url, init);
  const text = await response.text();
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', text, body: JSON.parse(text) as Answer['body'] };
}

/** JSON in the GraphQL error shape with one documented code, and nothing of the server's insides. */
function expectJsonRefusal(answer: Answer, status: number, code: string): void {
  expect(answer.status).toBe(status);
  expect(answer.contentType).toMatch(/^application\/(graphql-response\+)?json/);
  expect(answer.body.errors?.[0]?.extensions?.code).toBe(code);
  expect(answer.text).not.toMatch(/<html|<pre|\bat [\w.<>]+ \(|node_modules|\/work\/|\.ts:\d+|SELECT /i);
}

async function auditRecord(id: unknown): Promise<any> {
  expect(typeof id).toBe('string');
  const rows = await system.audit.db.query<{ record: any }>('SELECT record FROM audit_events WHERE id = $1', [id]);
  expect(rows).toHaveLength(1);
  return rows[0]!.record;
}

beforeAll(async () => {
  system = await startTestSystem(prefix);
  token = await passwordToken(system.identityProvider.issuer, 'mediator.wang');
}, 120_000);

afterAll(async () => {
  await system?.stop();
  await dropSystemDatabases(prefix);
});

describe('refused at the door of /graphql, audited', () => {
  it('a body that is not JSON: BAD_REQUEST (400), recorded under the caller the token names', async () => {
    const answer = await send(system.gateway.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...mediatorHeaders() },
      body: '{"query": "{ person(idNumber: \\"330110197803150018\\") { name } }", ',
    });
    expectJsonRefusal(answer, 400, 'BAD_REQUEST');
    const record = await auditRecord(answer.body.errors![0].extensions.auditRecordId);
    expect(record).toMatchObject({ outcome: 'refused', errorCodes: ['BAD_REQUEST'], user: { username: 'mediator.wang' }, purpose: 'dispute-resolution' });
    expect(JSON.stringify(record)).not.toContain('330110197803150018');
  });

  it('without a token too, recorded with the caller unknown', async () => {
    const answer = await send(system.gateway.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{{{' });
    expectJsonRefusal(answer, 400, 'BAD_REQUEST');
    const record = await auditRecord(answer.body.errors![0].extensions.auditRecordId);
    expect(record).toMatchObject({ outcome: 'refused', user: null, errorCodes: ['BAD_REQUEST'] });
  });

  it('a body over the limit: PAYLOAD_TOO_LARGE (413), recorded', async () => {
    const query = `{ person(idNumber: "330110197803150018") { name } }`;
    const answer = await send(system.gateway.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...mediatorHeaders() },
      body: JSON.stringify({ query, variables: { padding: 'x'.repeat(2 * 1024 * 1024) } }),
    });
    expectJsonRefusal(answer, 413, 'PAYLOAD_TOO_LARGE');
    const record = await auditRecord(answer.body.errors![0].extensions.auditRecordId);
    expect(record).toMatchObject({ outcome: 'refused', errorCodes: ['PAYLOAD_TOO_LARGE'], user: { username: 'mediator.wang' } });
  });

  it('a method /graphql does not serve: METHOD_NOT_ALLOWED (405), recorded under the caller the token names', async () => {
    for (const method of ['PUT', 'DELETE', 'PATCH']) {
      const response = await fetch(system.gateway.graphqlUrl, { method, headers: { 'content-type': 'application/json', ...mediatorHeaders() }, body: '{"query":"{ __typename }"}' });
      const text = await response.text();
      const answer: Answer = { status: response.status, contentType: response.headers.get('content-type') ?? '', text, body: JSON.parse(text) as Answer['body'] };
      expectJsonRefusal(answer, 405, 'METHOD_NOT_ALLOWED');
      expect(response.headers.get('allow')).toBe('GET, POST');
      const record = await auditRecord(answer.body.errors![0].extensions.auditRecordId);
      expect(record).toMatchObject({ outcome: 'refused', errorCodes: ['METHOD_NOT_ALLOWED'], user: { username: 'mediator.wang' }, purpose: 'dispute-resolution' });
    }
  });

  it('another method without a token too, recorded with the caller unknown', async () => {
    for (const method of ['PUT', 'DELETE', 'PATCH']) {
      const answer = await send(system.gateway.graphqlUrl, { method });
      expectJsonRefusal(answer, 405, 'METHOD_NOT_ALLOWED');
      const record = await auditRecord(answer.body.errors![0].extensions.auditRecordId);
      expect(record).toMatchObject({ outcome: 'refused', user: null, errorCodes: ['METHOD_NOT_ALLOWED'] });
    }
  });

  it("the registry's /registry/graphql refuses another method the same way: 405, JSON, recorded", async () => {
    const registryUrl = system.gateway.graphqlUrl.replace(/\/graphql$/, '/registry/graphql');
    for (const method of ['PUT', 'DELETE']) {
      const answer = await send(registryUrl, { method, headers: { 'content-type': 'application/json', authorization: mediatorHeaders().authorization! }, body: '{}' });
      expectJsonRefusal(answer, 405, 'METHOD_NOT_ALLOWED');
      const record = await auditRecord(answer.body.errors![0].extensions.auditRecordId);
      expect(record).toMatchObject({ outcome: 'refused', errorCodes: ['METHOD_NOT_ALLOWED'], user: { username: 'mediator.wang' } });
    }
  });

  it('a body in an encoding the gateway does not read: UNSUPPORTED_MEDIA_TYPE (415)', async () => {
    const answer = await send(system.gateway.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=latin1', ...mediatorHeaders() },
      body: '{"query":"{ __typename }"}',
    });
    expectJsonRefusal(answer, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });
});

describe('everything else is JSON with a code', () => {
  it('an unknown path: NOT_FOUND (404), whatever the method', async () => {
    for (const [path, method] of [['/nope', 'GET'], ['/graphq', 'POST'], ['/assets/nope.js', 'GET'], ['/healthz', 'DELETE'], ['/%E0%A4%A', 'GET']] as const) {
      const answer = await send(`${system.gateway.url}${path}`, { method });
      expect([path, answer.status]).toEqual([path, path === '/%E0%A4%A' ? answer.status : 404]);
      expect(answer.body.errors?.[0]?.extensions?.code).toMatch(/^(NOT_FOUND|BAD_REQUEST)$/);
      expect(answer.text).not.toMatch(/<html|<pre|Cannot (GET|POST)/i);
    }
  });

  it('a mutation or a subscription on the read-only graph: GRAPHQL_VALIDATION_FAILED (400), recorded', async () => {
    for (const query of ['mutation { deletePerson(idNumber: "x") }', 'subscription { person { name } }']) {
      const answer = await send(system.gateway.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...mediatorHeaders() },
        body: JSON.stringify({ query }),
      });
      expectJsonRefusal(answer, 400, 'GRAPHQL_VALIDATION_FAILED');
      const record = await auditRecord(answer.body.extensions.privacy.auditRecordId);
      expect(record).toMatchObject({ outcome: 'refused', errorCodes: ['GRAPHQL_VALIDATION_FAILED'] });
    }
  });

  it('a forged cursor and a bad date in a filter: BAD_USER_INPUT from the agency, through the gateway', async () => {
    const ask = (query: string, variables: Record<string, unknown>) =>
      send(system.gateway.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...clerkHeaders() }, body: JSON.stringify({ query, variables }) });
    const cases = `query($after: String, $filter: CaseFilter) { cases(first: 2, after: $after, filter: $filter) { edges { node { caseNumber } } } }`;
    const incidents = `query($after: String, $filter: IncidentFilter) { incidents(first: 2, after: $after, filter: $filter) { edges { node { id } } } }`;
    const forged = Buffer.from(JSON.stringify(['2025-99-99', 'x'])).toString('base64url');
    for (const answer of [
      await ask(cases, { after: 'bm90IGEgY3Vyc29y' }),
      await ask(cases, { after: forged }),
      await ask(cases, { filter: { from: '2025-02-30' } }),
      await ask(incidents, { after: Buffer.from(JSON.stringify(['yesterday', 'x'])).toString('base64url') }),
      await ask(incidents, { filter: { to: 'tomorrow' } }),
    ]) {
      expect(answer.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
      expect(answer.text).not.toMatch(/INTERNAL_SERVER_ERROR|SELECT|filed_at|reported_at/);
    }
  });
});

describe('an agency never answers HTML either', () => {
  // Bound to the exact (malformed) bytes sent, as the gateway binds every fetch: the gate lets it through to the parser.
  const context = (body: string) =>
    system.accessContextSigner.sign(
      { user: 'user-mediator', username: 'mediator.wang', roles: ['mediator'], purpose: 'litigation-source-governance', requestId: randomUUID() },
      'court',
      operationDigestOf(body),
    );

  it('a malformed body past the access gate: BAD_REQUEST (400)', async () => {
    const body = '{"query": ';
    const answer = await send(system.subgraphs.court.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [ACCESS_CONTEXT_HEADER]: await context(body) },
      body,
    });
    expectJsonRefusal(answer, 400, 'BAD_REQUEST');
  });

  it('an unknown path: NOT_FOUND (404); another method: METHOD_NOT_ALLOWED (405)', async () => {
    expectJsonRefusal(await send(`${system.subgraphs.court.url}/nope`), 404, 'NOT_FOUND');
    expectJsonRefusal(await send(system.subgraphs.court.graphqlUrl, { method: 'DELETE' }), 405, 'METHOD_NOT_ALLOWED');
  });
});

describe('GraphQL over HTTP', () => {
  it("passes graphql-http's server audit without an error", async () => {
    const fetchFn = (input: RequestInfo | URL, init: RequestInit = {}) => {
      const headers = new Headers(init.headers);
      for (const [name, value] of Object.entries(mediatorHeaders())) headers.set(name, value);
      return fetch(input, { ...init, headers });
    };
    const results = await Promise.all(serverAudits({ url: system.gateway.graphqlUrl, fetchFn }).map((audit) => audit.fn()));
    const errors = results.filter((result) => result.status === 'error').map((result) => `${result.name}: ${'reason' in result ? result.reason : ''}`);
    expect(errors).toEqual([]);
  });
});
