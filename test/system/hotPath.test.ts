import { EXAMPLE_CASE_REF, EXAMPLE_QUERY } from '../../runtime/banner';
import type { RunningSystem } from '../../runtime/system';
import { passwordToken } from '../identity/tokenEndpoint';
import { dropSystemDatabases } from '../support/agencyDatabases';
import { freshBudgetWindow } from '../support/budgetWindow';
import { startTestSystem } from '../support/testSystem';

/**
 * What the gateway now does once instead of per request — token verification, the mask plan, the reserved-
 * name check, the audit record's operation part, the answer's serialisation — must not change what any
 * request gets: asked again, differently spelled, by another purpose, or with a forged credential.
 */
const WANG = '330110197803150018';
const prefix = `gg_hotpath_${process.pid}`;
let system: RunningSystem;
const tokens: Record<string, string> = {};

interface Answer {
  status: number;
  body: { data?: any; errors?: any[]; extensions?: any };
}

async function post(query: string, headers: Record<string, string>, variables?: Record<string, unknown>): Promise<Answer> {
  const response = await fetch(system.gateway.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, ...(variables ? { variables } : {}) }),
  });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

const mediator = (token = tokens['mediator.wang']!) => ({ authorization: `Bearer ${token}`, 'x-purpose': 'dispute-resolution', 'x-case-ref': EXAMPLE_CASE_REF });

async function auditRecord(id: string): Promise<any> {
  const rows = await system.audit.db.query<{ record: any }>('SELECT record FROM audit_events WHERE id = $1', [id]);
  return rows[0]!.record;
}

beforeAll(async () => {
  system = await startTestSystem(prefix, { seedPersons: 100 });
  for (const username of ['mediator.wang', 'analyst.chen']) tokens[username] = await passwordToken(system.identityProvider.issuer, username);
}, 120_000);
beforeEach(() => freshBudgetWindow(system));
afterAll(async () => {
  await system?.stop();
  await dropSystemDatabases(prefix);
});

describe('the cached hot path', () => {
  it('answers the same query the same way every time, each answer with its own audit record', async () => {
    const answers = await Promise.all(Array.from({ length: 6 }, () => post(EXAMPLE_QUERY, mediator())));
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.body.errors).toBeUndefined();
      expect(answer.body.data).toEqual(answers[0]!.body.data);
      expect(answer.body.extensions.privacy.masked).toEqual(answers[0]!.body.extensions.privacy.masked);
    }
    expect(answers[0]!.body.extensions.privacy.masked.length).toBeGreaterThan(0);
    expect(JSON.stringify(answers[0]!.body.data)).not.toMatch(/_govgraph/);
    const ids = new Set(answers.map((answer) => answer.body.extensions.privacy.auditRecordId));
    expect(ids.size).toBe(answers.length);
  });

  it('masks an aliased copy of a masked field as the field itself, and reports both paths', async () => {
    const plain = await post(EXAMPLE_QUERY, mediator());
    const aliased = await post(`{ person(idNumber: "${WANG}") { idNumber phone who: phone again: phone } }`, mediator());
    expect(aliased.body.errors).toBeUndefined();
    const { phone, who, again } = aliased.body.data.person;
    expect(phone).toBe(plain.body.data.person.phone);
    expect(who).toBe(phone);
    expect(again).toBe(phone);
    const masked = (aliased.body.extensions.privacy.masked as { path: string }[]).map((entry) => entry.path);
    expect(phone).toBe('***');
    expect(masked).toEqual(expect.arrayContaining(['person.phone', 'person.who', 'person.again']));
  });

  it('records the answer’s size as sent, and the operation without the literal it named', async () => {
    const answer = await post(EXAMPLE_QUERY, mediator());
    const record = await auditRecord(answer.body.extensions.privacy.auditRecordId);
    expect(record.responseBytes).toBe(Buffer.byteLength(JSON.stringify({ data: answer.body.data })));
    const again = await auditRecord((await post(EXAMPLE_QUERY, mediator())).body.extensions.privacy.auditRecordId);
    expect(again.operation).toEqual(record.operation);
    expect(JSON.stringify(record.operation)).not.toContain(WANG);
    expect(record.id).not.toBe(again.id);
    expect(again.prevHash ?? again.seq).not.toEqual(record.prevHash ?? record.seq);
  });

  it('refuses a reserved name every time it is asked, not only the first', async () => {
    const query = `{ person(idNumber: "${WANG}") { _govgraphSubject: name } }`;
    for (let ask = 0; ask < 3; ask += 1) {
      const answer = await post(query, mediator());
      expect(answer.body.errors?.[0]?.extensions?.code).toBe('RESERVED_NAME');
      expect(answer.body.data ?? null).toBeNull();
    }
  });

  it('refuses a forged token after the real one was verified and cached', async () => {
    const token = tokens['mediator.wang']!;
    expect((await post(EXAMPLE_QUERY, mediator(token))).status).toBe(200);
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
    const forgedPayload = Buffer.from(JSON.stringify({ ...claims, exp: Number(claims.exp) + 3600 })).toString('base64url');
    // One signature character changed: never the same token (a fixed suffix such as "AA" was, 1 time in 256).
    const changed = signature![10] === 'A' ? 'B' : 'A';
    const tampered = `${signature!.slice(0, 10)}${changed}${signature!.slice(11)}`;
    for (const forged of [`${header}.${forgedPayload}.${signature}`, `${header}.${payload}.${tampered}`]) {
      expect(forged).not.toBe(token);
      const answer = await post(EXAMPLE_QUERY, mediator(forged));
      expect(answer.status).toBe(401);
      expect(answer.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(answer.body.data).toBeUndefined();
    }
  });

  it('keeps purposes apart: the same document under another purpose is decided and masked for that purpose', async () => {
    const query = `{ person(idNumber: "${WANG}") { idNumber name } }`;
    const asMediator = await post(query, mediator());
    const asAnalyst = await post(query, { authorization: `Bearer ${tokens['analyst.chen']!}`, 'x-purpose': 'financial-risk-monitoring' });
    expect(asMediator.body.extensions.privacy.purpose).toBe('dispute-resolution');
    expect(asAnalyst.body.extensions.privacy.purpose).toBe('financial-risk-monitoring');
    // Asked by the mediator first (plan and decisions cached), then by the analyst: decided for the analyst.
    expect(asMediator.body.data.person).toEqual({ idNumber: '***', name: expect.stringMatching(/^王\*+$/) });
    expect(asAnalyst.body.data ?? null).toBeNull();
    expect(asAnalyst.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN_FIELDS');
    const again = await post(query, mediator());
    expect(again.body.data).toEqual(asMediator.body.data);
  });
});
