import { randomBytes } from 'node:crypto';
import { EXAMPLE_CASE_REF, EXAMPLE_QUERY } from '../../runtime/banner';
import { databaseUrl } from '../../runtime/databases';
import { openDatabase } from '../../subgraphs/kit/database';
import { passwordToken } from '../identity/tokenEndpoint';
import { dropSystemDatabases, testServerUrl } from '../support/agencyDatabases';
import { startChild, type Child } from '../support/childProcess';

/**
 * 200 concurrent clients on loopback, bounded to 1,000 requests: every answer is whole — all its data and no
 * error — or a clean refusal that carries no data; never a partial answer with an agency's part missing. And
 * the audit holds exactly one committed record per answer the clients received.
 */
const prefix = `gg_load_${process.pid}`;
const CLIENTS = 200;
const REQUESTS_PER_CLIENT = 5;

let child: Child<{ graphqlUrl: string; issuer: string }>;

beforeAll(async () => {
  child = await startChild('test/support/processes/system.ts', [], { GOVGRAPH_TEST_SERVER_URL: testServerUrl(), GOVGRAPH_TEST_PREFIX: prefix });
}, 120_000);

afterAll(async () => {
  await child?.stop();
  await dropSystemDatabases(prefix);
});

interface Answer {
  status: number;
  retryAfter: string | null;
  body: { data?: unknown; errors?: { extensions?: { code?: string } }[]; extensions?: { privacy?: { auditRecordId?: string } } };
}

it('answers 200 concurrent clients whole or refuses cleanly, with one committed record per answer', async () => {
  const run = randomBytes(4).toString('hex');
  const mediator = await passwordToken(child.ready.issuer, 'mediator.wang');
  const investigator = await passwordToken(child.ready.issuer, 'investigator.li');
  // The README query (all five agencies), the anti-fraud desk's chain, and a one-agency lookup.
  const mix = [
    { token: mediator, purpose: 'dispute-resolution', caseRef: EXAMPLE_CASE_REF, query: EXAMPLE_QUERY },
    {
      token: investigator,
      purpose: 'fraud-investigation',
      caseRef: 'DZ-2025-00000001',
      query: '{ fraudCase(id: "DZ-2025-00000001") { id victim { name } payeeAccounts { accountNumber holder { ... on Person { name } } } stopPaymentOrders { id } } }',
    },
    { token: mediator, purpose: 'dispute-resolution', caseRef: EXAMPLE_CASE_REF, query: '{ petition(id: "XF-2025-330110-000001") { id category status } }' },
  ];
  const answers: Answer[] = [];
  let sent = 0;
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      for (let request = 0; request < REQUESTS_PER_CLIENT; request += 1) {
        const { token, purpose, caseRef, query } = mix[(client + request) % mix.length]!;
        sent += 1;
        const response = await fetch(child.ready.graphqlUrl, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${token}`,
            'x-purpose': purpose,
            'x-case-ref': caseRef,
            'x-request-id': `load-${run}-${client}-${request}`,
          },
          body: JSON.stringify({ query }),
        });
        answers.push({ status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as Answer['body'] });
      }
    }),
  );
  expect(answers).toHaveLength(sent);

  const partial = answers.filter((answer) => answer.body.data && answer.body.errors);
  expect(partial.map((answer) => answer.body.errors)).toEqual([]);
  const whole = answers.filter((answer) => answer.status === 200 && answer.body.data && !answer.body.errors);
  const refused = answers.filter((answer) => !answer.body.data);
  for (const answer of refused) {
    // A refusal under load says when to come back and carries no data.
    expect(answer.status).toBe(503);
    expect(answer.retryAfter).toMatch(/^\d+$/);
  }
  expect(whole.length + refused.length).toBe(answers.length);
  // Most of the load is served: refusals are back-pressure, not the rule.
  expect(whole.length).toBeGreaterThan(answers.length / 2);

  const audit = openDatabase({ connectionString: databaseUrl(testServerUrl(), `${prefix}_audit`), name: 'audit', onError: () => undefined });
  try {
    const rows = await audit.query<{ count: string }>(`SELECT count(*) FROM audit_events WHERE record->>'requestId' LIKE $1`, [`load-${run}-%`]);
    expect(Number(rows[0]!.count)).toBe(answers.length);
    const ids = whole.map((answer) => answer.body.extensions!.privacy!.auditRecordId!);
    const found = await audit.query<{ id: string }>('SELECT id FROM audit_events WHERE id = ANY($1::uuid[])', [ids]);
    expect(found).toHaveLength(ids.length);
  } finally {
    await audit.close();
  }
}, 180_000);
