import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { subjectPseudonym } from '../../audit/subjectPseudonym';
import { verifyAuditLog } from '../../audit/verify';
import { REASONS } from '../../gateway/audit/recordedValues';
import { EXAMPLE_CASE_REF } from '../../runtime/banner';
import { DEVELOPMENT_AUDIT_SUBJECT_KEY, type RunningSystem } from '../../runtime/system';
import { passwordToken } from '../identity/tokenEndpoint';
import { dropSystemDatabases } from '../support/agencyDatabases';
import { startTestSystem } from '../support/testSystem';

/**
 * Whatever a request holds — numbers past 2^53, 1e400, -0, thousands of levels of nesting, NUL and lone
 * surrogates, absurd or non-UTF-8 headers, a huge query — it gets its JSON answer or refusal AND a
 * committed audit record, with a marker where a value could not be recorded, and no ID number of the
 * demo cast anywhere in the stored record, however it was sent (string, integer literal, integer variable).
 * Over real HTTP against the running system.
 */
const WANG = '330110197803150018';
const LI = '330110198507220020';
const ZHANG = '331004199001010133';
const CHEN = '330502199211300247';
const PAYEE = '6222021203001234565';
const SECRETS = [WANG, LI, ZHANG, CHEN, PAYEE, '33011019780315']; // the last: WANG's digits as a rounded double prints them
const prefix = `gg_hostile_${process.pid}`;
let system: RunningSystem;
let mediatorToken: string;
let investigatorToken: string;
let officerToken: string;

beforeAll(async () => {
  system = await startTestSystem(prefix);
  mediatorToken = await passwordToken(system.identityProvider.issuer, 'mediator.wang');
  investigatorToken = await passwordToken(system.identityProvider.issuer, 'investigator.li');
  officerToken = await passwordToken(system.identityProvider.issuer, 'officer.qian');
}, 120_000);

afterAll(async () => {
  await system?.stop();
  await dropSystemDatabases(prefix);
});

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: { data?: any; errors?: any[]; extensions?: any };
}

/** A POST over node:http, so headers go as the bytes given (latin1) and the body as the exact text given. */
function send(body: string, headers: Record<string, string>): Promise<Answer> {
  const url = new URL(system.gateway.graphqlUrl);
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': 'application/json', ...headers } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            resolve({ status: response.statusCode ?? 0, headers: response.headers, body: JSON.parse(text) as Answer['body'] });
          } catch {
            reject(new Error(`not JSON (${response.statusCode}): ${text.slice(0, 200)}`));
          }
        });
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

const mediator = () => ({ authorization: `Bearer ${mediatorToken}`, 'x-purpose': 'dispute-resolution', 'x-case-ref': EXAMPLE_CASE_REF });
const investigator = () => ({ authorization: `Bearer ${investigatorToken}`, 'x-purpose': 'fraud-investigation', 'x-case-ref': 'DZ-2025-00000001' });

/** The committed record of a request, by the request id it was sent with; and its stored JSON text. */
async function recordOf(requestId: string): Promise<{ record: any; text: string }> {
  const rows = await system.audit.db.query<{ record: any; text: string }>(
    `SELECT record, record::text AS text FROM audit_events WHERE record->>'requestId' = $1`,
    [requestId],
  );
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

async function recordById(id: unknown): Promise<{ record: any; text: string }> {
  expect(typeof id).toBe('string');
  const rows = await system.audit.db.query<{ record: any; text: string }>('SELECT record, record::text AS text FROM audit_events WHERE id = $1', [id]);
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

/**
 * Sends, and returns the answer with its committed record, after checking the record holds no ID of the
 * demo cast. `subjects[].display` is the identifier as the caller saw it (docs/audit.md): in clear where
 * the purpose shows it in clear, so a purpose that does is checked everywhere but there.
 */
async function askAndRecord(body: string, headers: Record<string, string>, { clearDisplays = false } = {}) {
  const requestId = randomUUID();
  const answer = await send(body, { 'x-request-id': requestId, ...headers });
  expect(answer.headers['content-type']).toMatch(/application\/(graphql-response\+)?json/);
  const { record, text } = await recordOf(requestId);
  const checked = clearDisplays ? JSON.stringify({ ...record, subjects: record.subjects.map(({ display: _, ...subject }: any) => subject) }) : text;
  for (const secret of SECRETS) expect(checked).not.toContain(secret);
  const recordId = answer.body.extensions?.privacy?.auditRecordId ?? answer.body.errors?.[0]?.extensions?.auditRecordId;
  expect(recordId).toBe(record.id);
  return { answer, record };
}

const codeOf = (answer: Answer) => answer.body.errors?.[0]?.extensions?.code;
const marker = (reason: string) => ({ $unrecordable: reason });

describe('numbers JSON cannot carry exactly', () => {
  it('an unused variable above 2^53: the answer still comes, its record marks the value', async () => {
    const body = `{"query":"query Q($id: ID!) { person(idNumber: $id) { name } }","variables":{"id":"${WANG}","big":${WANG}}}`;
    const { answer, record } = await askAndRecord(body, mediator());
    expect(answer.status).toBe(200);
    expect(answer.body.data.person.name).toBe('王**');
    expect(record).toMatchObject({ v: 2, outcome: 'allowed', variables: { id: expect.stringMatching(/^~[0-9a-f]{16}$/), big: marker(REASONS.bigNumber) } });
    expect(record.unrecordable).toContainEqual({ path: '$.variables', reason: REASONS.bigNumber });

    // The privacy officer sees the marker and why, through the review API.
    const review = await send(JSON.stringify({ query: `{ auditEvent(id: "${record.id}") { version variables unrecordable { path reason } } }` }), {
      authorization: `Bearer ${officerToken}`,
      'x-purpose': 'audit-review',
    });
    expect(review.body.errors).toBeUndefined();
    expect(review.body.data.auditEvent).toMatchObject({ version: 2, unrecordable: [{ path: '$.variables', reason: REASONS.bigNumber }] });
    expect(JSON.parse(review.body.data.auditEvent.variables).big).toEqual(marker(REASONS.bigNumber));
  });

  it('the same variable on a refused request (no token)', async () => {
    const body = `{"query":"{ person(idNumber: \\"${WANG}\\") { name } }","variables":{"big":${WANG}}}`;
    const { answer, record } = await askAndRecord(body, { 'x-purpose': 'dispute-resolution' });
    expect(answer.status).toBe(401);
    expect(record).toMatchObject({ outcome: 'refused', errorCodes: ['UNAUTHENTICATED'], variables: { big: marker(REASONS.bigNumber) } });
    // refused before parsing: the query text is kept only as a keyed hash
    expect(record.operation).toEqual({ name: null, type: null, documentHash: expect.stringMatching(/^[0-9a-f]{64}$/), document: null });
  });

  it('1e400, -1e400, -0 and fractions in variables', async () => {
    const body = `{"query":"{ person(idNumber: \\"${WANG}\\") { name } }","variables":{"huge":1e400,"negative":-1e400,"zero":-0,"fraction":0.1,"list":[1,2.5,${LI}]}}`;
    const { answer, record } = await askAndRecord(body, mediator());
    expect(answer.status).toBe(200);
    expect(record.variables).toEqual({
      huge: marker(REASONS.notFinite),
      negative: marker(REASONS.notFinite),
      zero: expect.stringMatching(/^~/),
      fraction: expect.stringMatching(/^~/),
      list: [expect.stringMatching(/^~/), expect.stringMatching(/^~/), marker(REASONS.bigNumber)],
    });
  });

  it('an ID number as an integer literal: answered, and the log holds only its pseudonym, the one the string would have', async () => {
    const asInteger = await askAndRecord(JSON.stringify({ query: `{ person(idNumber: ${WANG}) { name } }` }), mediator());
    const asString = await askAndRecord(JSON.stringify({ query: `{ person(idNumber: "${WANG}") { name } }` }), mediator());
    expect(asInteger.answer.body.data.person.name).toBe('王**');
    const pseudonym = /person\(idNumber: "(~[0-9a-f]{16})"\)/;
    expect(asInteger.record.operation.document).toMatch(pseudonym);
    expect(asInteger.record.operation.document.match(pseudonym)[1]).toBe(asString.record.operation.document.match(pseudonym)[1]);
    // the document hash is keyed: not the plain SHA-256 anyone could recompute from a guessed ID
    expect(asInteger.record.operation.documentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(asInteger.record.subjectPseudonyms).toEqual([subjectPseudonym(DEVELOPMENT_AUDIT_SUBJECT_KEY, 'Person', WANG)]);
  });

  it('a safe integer variable (a 15-digit ID number) is pseudonymised like a string', async () => {
    const oldId = '330110780315001';
    const body = `{"query":"query Q($n: ID!) { petition(id: $n) { id } }","variables":{"n":${oldId}}}`;
    const { answer, record } = await askAndRecord(body, mediator());
    // No petition of the mediator's case has that id: refused, and the refusal's record holds no more of it.
    expect({ status: answer.status, code: codeOf(answer) }).toEqual({ status: 403, code: 'OUTSIDE_CASE_SCOPE' });
    expect(JSON.stringify(record)).not.toContain(oldId);
    expect(record.variables.n).toMatch(/^~[0-9a-f]{16}$/);
  });
});

describe('nesting and size', () => {
  it('variables nested 5,000 levels deep', async () => {
    const deep = `${'['.repeat(5_000)}${']'.repeat(5_000)}`;
    const objects = `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`;
    const body = `{"query":"{ person(idNumber: \\"${WANG}\\") { name } }","variables":{"deep":${deep},"objects":${objects}}}`;
    const { answer, record } = await askAndRecord(body, mediator());
    expect(answer.status).toBe(200);
    expect(record.unrecordable).toContainEqual({ path: '$.variables', reason: REASONS.tooDeep });
    expect(JSON.stringify(record.variables)).toContain(REASONS.tooDeep);
  });

  it('a variable list of 200,000 values', async () => {
    const body = `{"query":"{ person(idNumber: \\"${WANG}\\") { name } }","variables":{"many":[${Array.from({ length: 200_000 }, () => '7').join(',')}]}}`;
    const { answer, record } = await askAndRecord(body, mediator());
    expect(answer.status).toBe(200);
    expect(record.variables.many.length).toBeLessThanOrEqual(1_001);
    expect(record.variables.many.at(-1)).toEqual(marker(REASONS.tooMany));
    expect(record.unrecordable).toContainEqual({ path: '$.variables', reason: REASONS.tooMany });
  });

  it('a query of 900 KB (a huge literal and a huge comment): answered, its record bounded and noted', async () => {
    // Many fields or aliases are the operation limits' business; the text itself is what the audit must survive.
    const query = `# ${'c'.repeat(300_000)}\nquery Other { person(idNumber: "${'9'.repeat(600_000)}") { name } } query First { person(idNumber: "${WANG}") { name } }`;
    const { answer, record } = await askAndRecord(JSON.stringify({ query, operationName: 'First' }), mediator());
    expect(answer.status).toBe(200);
    expect(record.operation).toMatchObject({ name: 'First', documentHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    // literals pseudonymised, comments dropped: the recorded document is small, whatever was sent
    expect(record.operation.document.length).toBeLessThan(1_000);
    const { answer: long, record: longRecord } = await askAndRecord(
      JSON.stringify({ query: `{ person(idNumber: "${WANG}") { ${Array.from({ length: 4_000 }, () => 'name').join(' ')} } }` }),
      mediator(),
    );
    // answered or refused by validation, the record is the same size
    expect(long.body.data ?? codeOf(long)).toBeTruthy();
    expect(longRecord.operation.document.length).toBeLessThanOrEqual(20_000);
    expect(longRecord.unrecordable).toContainEqual({ path: '$.operation.document', reason: expect.stringMatching(/characters: the first 20000 are recorded/) });
  });

  it('a query nested 100,000 braces deep (unparseable): refused as JSON, recorded by keyed hash', async () => {
    const { answer, record } = await askAndRecord(JSON.stringify({ query: `${'{ person(idNumber: "x") '.repeat(1)}${'{'.repeat(100_000)}` }), mediator());
    expect(answer.status).toBe(400);
    expect(codeOf(answer)).toBe('GRAPHQL_PARSE_FAILED');
    expect(record).toMatchObject({ outcome: 'refused', operation: { document: null, documentHash: expect.stringMatching(/^[0-9a-f]{64}$/) } });
  });
});

describe('odd unicode', () => {
  it('NUL, lone surrogates and RTL overrides in variable values and keys', async () => {
    const body = `{"query":"{ person(idNumber: \\"${WANG}\\") { name } }","variables":{"nul":"a\\u0000b","lone":"\\ud800","low":"\\udc00x","rtl":"\\u202e${WANG}","\\u0000key":1,"\\ud800":true,"${WANG}":"as a key","__proto__":{"polluted":1},"$unrecordable":"forged"}}`;
    const { answer, record } = await askAndRecord(body, mediator());
    expect(answer.status).toBe(200);
    expect(record.variables).toMatchObject({ nul: expect.stringMatching(/^~/), lone: expect.stringMatching(/^~/), rtl: expect.stringMatching(/^~/) });
    // keys that are not GraphQL names are pseudonymised too: neither NUL, nor a surrogate, nor an ID number, nor a forged marker
    expect(Object.keys(record.variables).filter((key) => key.startsWith('~'))).toHaveLength(4);
    expect(Object.prototype.hasOwnProperty.call(record.variables, '__proto__')).toBe(true);
    expect(record.variables.$unrecordable).toBeUndefined();
  });

  it('NUL and a lone surrogate escaped in a string literal of the query', async () => {
    for (const literal of ['\\u0000' + WANG, '\\ud800']) {
      const { answer, record } = await askAndRecord(JSON.stringify({ query: `{ person(idNumber: "${literal}") { name } }` }), mediator());
      expect(answer.body.errors ?? answer.body.data).toBeTruthy();
      expect(record.outcome).toMatch(/allowed|refused|failed/);
    }
  });
});

describe('absurd headers', () => {
  const query = JSON.stringify({ query: `{ person(idNumber: "${WANG}") { name } }` });

  it('an X-Request-Id of 8 KB, or of bytes that are not UTF-8: the gateway uses its own id and says so', async () => {
    for (const sent of ['r'.repeat(8_000), '\xff\xfe\x80 ' + WANG]) {
      const answer = await send(query, { ...mediator(), 'x-request-id': sent });
      expect(answer.status).toBe(200);
      const requestId = answer.body.extensions.privacy.requestId;
      expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
      const { record, text } = await recordById(answer.body.extensions.privacy.auditRecordId);
      expect(record.requestId).toBe(requestId);
      expect(record.unrecordable).toContainEqual({ path: '$.requestId', reason: expect.stringContaining('not 1–128 printable ASCII characters') });
      expect(text).not.toContain(WANG);
    }
  });

  it('an X-Purpose of 8 KB, of non-UTF-8 bytes or holding an ID number: refused, recorded without it', async () => {
    for (const purpose of ['p'.repeat(8_000), '\xe7\x8b\x80\xff', WANG]) {
      const { answer, record } = await askAndRecord(query, { ...mediator(), 'x-purpose': purpose });
      expect(answer.status).toBe(403);
      expect(codeOf(answer)).toBe('PURPOSE_NOT_PERMITTED');
      expect(record).toMatchObject({ outcome: 'refused', purpose: null, user: { username: 'mediator.wang' } });
      expect(record.unrecordable).toContainEqual({ path: '$.purpose', reason: expect.stringContaining('is not a purpose name') });
    }
  });

  it('an X-Case-Ref of 8 KB or of non-UTF-8 bytes, and a User-Agent of 8 KB', async () => {
    for (const caseRef of ['TJ-' + 'x'.repeat(8_000), 'TJ-\xff\xfe']) {
      const { answer, record } = await askAndRecord(query, { ...mediator(), 'x-case-ref': caseRef });
      expect(answer.status).toBe(400);
      expect(codeOf(answer)).toBe('CASE_REF_REQUIRED');
      expect(record).toMatchObject({ outcome: 'refused', caseRef: null });
    }
    const { answer } = await askAndRecord(query, { ...mediator(), 'user-agent': `\xff${'u'.repeat(8_000)}` });
    expect(answer.status).toBe(200);
  });
});

describe('bodies Apollo refuses before any request hook', () => {
  it.each([
    ['variables as a string', `{"query":"{ person(idNumber: \\"${WANG}\\") { name } }","variables":"{\\"id\\":\\"${WANG}\\"}"}`],
    ['variables as a list', `{"query":"{ __typename }","variables":[${WANG}]}`],
    ['a numeric operationName', `{"query":"{ __typename }","operationName":${WANG}}`],
    ['a query that is an object', `{"query":{"kind":"Document"}}`],
  ])('%s: 400 BAD_REQUEST, audited', async (_, body) => {
    const { answer, record } = await askAndRecord(body, mediator());
    expect(answer.status).toBe(400);
    expect(codeOf(answer)).toBe('BAD_REQUEST');
    expect(record).toMatchObject({ outcome: 'refused', errorCodes: ['BAD_REQUEST'] });
  });
});

describe('the subject marker is the gateway’s own', () => {
  const refusedWith = async (query: string, headers: Record<string, string>, code: string) => {
    const { answer, record } = await askAndRecord(JSON.stringify({ query }), headers);
    expect({ status: answer.status, code: codeOf(answer) }).toEqual({ status: 400, code });
    expect(answer.body.data).toBeUndefined();
    expect(record).toMatchObject({ outcome: 'refused', errorCodes: [code], subjects: [], subjectPseudonyms: [], subgraphs: [] });
  };

  it.each([
    ['a name aliased as the marker', `{ person(idNumber: "${WANG}") { _govgraphSubject: name } }`],
    ["another person's id aliased as the marker", `{ person(idNumber: "${WANG}") { petitions { petitioner { _govgraphSubject: idNumber } } } }`],
    ['the marker in a fragment', `{ person(idNumber: "${WANG}") { ...F } } fragment F on Person { _govgraphSubject: name }`],
    ['the marker in an inline fragment on a union', `{ account(accountNumber: "${PAYEE}") { holder { ... on Person { _govgraphSubject: name } } } }`],
    ['the type marker', `{ account(accountNumber: "${PAYEE}") { holder { _govgraphType: __typename } } }`],
    ['__typename aliased over another field', `{ account(accountNumber: "${PAYEE}") { holder { ... on Person { __typename: name } } } }`],
    ['a reserved fragment name', `{ person(idNumber: "${WANG}") { ..._govgraphF } } fragment _govgraphF on Person { name }`],
    ['a reserved variable name', `query Q($_govgraphSubject: ID!) { person(idNumber: $_govgraphSubject) { name } }`],
    ['a differently cased marker', `{ person(idNumber: "${WANG}") { _GovGraphSubject: name } }`],
  ])('refuses %s with RESERVED_NAME, audited', async (_, query) => {
    await refusedWith(query, investigator(), 'RESERVED_NAME');
  });

  it('refuses an _entities-shaped query: the entry point is not in the graph', async () => {
    await refusedWith(
      `{ _entities(representations: [{ __typename: "Person", idNumber: "${ZHANG}" }]) { ... on Person { name } } }`,
      investigator(),
      'GRAPHQL_VALIDATION_FAILED',
    );
  });

  it('records exactly the people and accounts whose data came back, through aliases, fragments and unions', async () => {
    const query = `{ c: fraudCase(id: "DZ-2025-00000001") { ...Victim payeeAccounts { number: accountNumber holder { ... on Person { who: idNumber } ... on Enterprise { creditCode } } } } }
      fragment Victim on FraudCase { victim { id: idNumber } }`;
    const { answer, record } = await askAndRecord(JSON.stringify({ query }), investigator(), { clearDisplays: true });
    expect(answer.status).toBe(200);
    const fraudCase = answer.body.data.c;
    const people = [fraudCase.victim.id, ...fraudCase.payeeAccounts.map((account: any) => account.holder?.who).filter(Boolean)];
    const accounts = fraudCase.payeeAccounts.map((account: any) => account.number);
    expect(people).toEqual(expect.arrayContaining([LI, ZHANG]));
    const expected = [
      ...people.map((id: string) => subjectPseudonym(DEVELOPMENT_AUDIT_SUBJECT_KEY, 'Person', id)),
      ...accounts.map((number: string) => subjectPseudonym(DEVELOPMENT_AUDIT_SUBJECT_KEY, 'Account', number)),
    ];
    expect([...record.subjectPseudonyms].sort()).toEqual([...new Set(expected)].sort());
    // the answer carries no marker
    expect(JSON.stringify(answer.body)).not.toMatch(/_govgraph/);
  });
});

it('leaves the chain intact after all of it', async () => {
  await system.audit.writer.flush();
  const report = await verifyAuditLog(system.audit.db, { publicKeys: [system.audit.checkpointPublicKey] });
  expect(report.firstFailure).toBeNull();
});
