import { ACCESS_CONTEXT_HEADER } from '@govgraph/access-context';
import type { Database } from '../../subgraphs/kit/database';
import { startSubgraph, type RunningSubgraph } from '../../subgraphs/kit/server';
import { createUsedContexts } from '../../subgraphs/kit/usedContexts';
import { police } from '../../subgraphs/police';
import { accessContextFor, SUBJECTS, TEST_ACCESS_CONTEXT_KEYS, testGatewaySigner } from '../support/accessContexts';
import { createAgencyDatabases, type TestDatabases } from '../support/agencyDatabases';

/**
 * An access context answers the one fetch the gateway signed it for: this body, at this agency, once.
 * Contexts here are signed exactly as the gateway signs them (the digest of the body sent); every other way
 * of reusing one — replay, another query, other variables, another operation name, added extensions, a
 * batch, a GET, another content type — is refused with 401 before anything reaches the database.
 */

const WANG = '330110197803150018';
const CHEN = '330502199211300247';
const QUERY = 'query Person($id: ID!) { person(idNumber: $id) { name phone } }';

let databases: TestDatabases;
let db: Database;
let server: RunningSubgraph;

beforeAll(async () => {
  databases = await createAgencyDatabases('ctxbind');
  db = databases.dbs.police;
  await db.query(`
    INSERT INTO persons (id_number, name, gender, birth_date, ethnicity, registered_address, current_address, phone, district) VALUES
      ('${WANG}', '王建国', '男', '1978-03-15', '汉族', '杭州市西湖区文三路100号', '杭州市西湖区西溪路520号', '13800138000', '330110'),
      ('${CHEN}', '陈静', '女', '1992-11-30', '汉族', '湖州市吴兴区爱山街道5号', '湖州市吴兴区爱山街道5号', '13600136000', '330502')`);
  server = await startSubgraph(police, { db, port: 0, host: '127.0.0.1', accessContextKeys: TEST_ACCESS_CONTEXT_KEYS });
});

afterAll(async () => {
  await server?.close();
  await databases?.drop();
});

/** What the gateway would send for `id`: the body, and a context signed for exactly it. */
async function gatewayFetch(body: string = JSON.stringify({ query: QUERY, variables: { id: WANG }, operationName: 'Person' })) {
  return { body, context: await accessContextFor(SUBJECTS.fraudInvestigator, 'police', testGatewaySigner, body) };
}

async function send(context: string, body: string | undefined, init: { method?: string; contentType?: string; path?: string } = {}) {
  const response = await fetch(`${server.graphqlUrl}${init.path ?? ''}`, {
    method: init.method ?? 'POST',
    headers: { 'content-type': init.contentType ?? 'application/json', [ACCESS_CONTEXT_HEADER]: context },
    ...(body !== undefined ? { body } : {}),
  });
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text) as { data?: any; errors?: any[] } };
}

const refusal = (reason: string) => ({
  errors: [{ message: `The police agency answers only the govgraph gateway: ${reason}.`, extensions: { code: 'UNAUTHENTICATED' } }],
});

describe('single use', () => {
  it('answers a context once; the same header and body again are refused, unanswered', async () => {
    const { body, context } = await gatewayFetch();
    const first = await send(context, body);
    expect(first).toMatchObject({ status: 200, body: { data: { person: { name: '王建国', phone: '13800138000' } } } });

    db.resetStatementCount();
    for (let replay = 0; replay < 3; replay += 1) {
      const again = await send(context, body);
      expect(again).toEqual({ status: 401, text: expect.any(String), body: refusal('access context already used') });
    }
    expect(db.statementCount).toBe(0);
  });

  it('lets exactly one of many concurrent uses of one context through', async () => {
    const { body, context } = await gatewayFetch();
    const answers = await Promise.all(Array.from({ length: 20 }, () => send(context, body)));
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(1);
    expect(answers.filter((answer) => answer.status === 401).map((answer) => answer.body)).toEqual(
      Array.from({ length: 19 }, () => refusal('access context already used')),
    );
  });
});

describe('bound to the operation it was signed for', () => {
  const NOT_FOR_THIS = refusal('access context not for this operation');

  it('refuses it for another query, other variables, another operation name or added extensions', async () => {
    const { context } = await gatewayFetch();
    const others = [
      { query: '{ person(idNumber: "330502199211300247") { name phone registeredAddress } }' },
      { query: QUERY, variables: { id: CHEN }, operationName: 'Person' },
      { query: `${QUERY} query Other { __typename }`, variables: { id: WANG }, operationName: 'Other' },
      { query: QUERY, variables: { id: WANG }, operationName: 'Person', extensions: { persistedQuery: { version: 1, sha256Hash: 'x' } } },
      // the same operation, other bytes: a key repeated (JSON.parse keeps the last) or reordered
      JSON.stringify({ query: QUERY, variables: { id: WANG }, operationName: 'Person' }).replace('{"query"', `{"variables":{"id":"${CHEN}"},"query"`),
      JSON.stringify({ variables: { id: WANG }, query: QUERY, operationName: 'Person' }),
    ];
    db.resetStatementCount();
    for (const other of others) {
      const answer = await send(context, typeof other === 'string' ? other : JSON.stringify(other));
      expect(answer).toMatchObject({ status: 401, body: NOT_FOR_THIS });
    }
    expect(db.statementCount).toBe(0);
    // none of those spent it: the fetch it was signed for is still answered
    const { body } = await gatewayFetch(); // same bytes as the one signed above
    expect((await send(context, body)).status).toBe(200);
  });

  it('refuses a batch of operations, a GET, another content type, an empty body and a context bound to nothing', async () => {
    const { body, context } = await gatewayFetch();
    const single = JSON.parse(body) as Record<string, unknown>;
    const query = new URLSearchParams({ query: QUERY, variables: JSON.stringify({ id: WANG }), operationName: 'Person' });
    const batch = await gatewayFetch(JSON.stringify([single, single]));
    db.resetStatementCount();
    expect(await send(batch.context, batch.body)).toMatchObject({ status: 401, body: NOT_FOR_THIS });
    expect(await send(context, undefined, { method: 'GET', path: `?${query}` })).toMatchObject({ status: 401, body: NOT_FOR_THIS });
    expect(await send(context, body, { contentType: 'text/plain' })).toMatchObject({ status: 401, body: NOT_FOR_THIS });
    expect(await send(context, '', {})).toMatchObject({ status: 401, body: NOT_FOR_THIS });
    const unbound = await accessContextFor(SUBJECTS.fraudInvestigator, 'police');
    expect(await send(unbound, body)).toMatchObject({ status: 401, body: NOT_FOR_THIS });
    expect(db.statementCount).toBe(0);
  });

  it('answers malformed or oversized bodies as JSON, never an HTML page', async () => {
    const broken = await gatewayFetch('{"query": ');
    const answer = await send(broken.context, broken.body);
    expect(answer).toMatchObject({ status: 400, body: { errors: [{ extensions: { code: 'BAD_REQUEST' } }] } });
    const huge = await gatewayFetch(JSON.stringify({ query: QUERY, variables: { id: 'x'.repeat(2 * 1024 * 1024) } }));
    const tooLarge = await send(huge.context, huge.body);
    expect(tooLarge).toMatchObject({ status: 413, body: { errors: [{ extensions: { code: 'BAD_REQUEST' } }] } });
    expect(`${answer.text}${tooLarge.text}`).not.toMatch(/<html|at \/|node_modules/i);
  });
});

describe('the store of used contexts', () => {
  it('remembers each for as long as it is asked to, and refuses new ones rather than forget a live one', async () => {
    const used = createUsedContexts({ capacity: 2 });
    expect(used.claim('a', 60_000)).toBe('claimed');
    expect(used.claim('a', 60_000)).toBe('already used');
    expect(used.claim('b', 20)).toBe('claimed');
    expect(used.claim('c', 60_000)).toBe('full');
    expect(used.has('c')).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 40));
    // b has expired: its place is free, a is still remembered
    expect(used.claim('c', 60_000)).toBe('claimed');
    expect(used.claim('a', 60_000)).toBe('already used');
  });
});
