import { EXAMPLE_CASE_REF, EXAMPLE_QUERY } from '../../runtime/banner';
import type { RunningSystem } from '../../runtime/system';
import { passwordToken } from '../identity/tokenEndpoint';
import { dropSystemDatabases } from '../support/agencyDatabases';
import { startTestSystem } from '../support/testSystem';

/**
 * A gateway admitting one operation at a time with two waiting: a burst of thirty is served whole or
 * refused at the door with GATEWAY_OVERLOADED (503, Retry-After) — each refusal on record, naming the
 * caller — never answered in part.
 */
const prefix = `gg_admission_${process.pid}`;
let system: RunningSystem;

beforeAll(async () => {
  system = await startTestSystem(prefix, { seedPersons: 50, admission: { maxInFlight: 1, maxQueued: 2, queueTimeoutMs: 5_000 } });
}, 120_000);

afterAll(async () => {
  await system?.stop();
  await dropSystemDatabases(prefix);
});

it('serves a burst whole or refuses it at the door, every refusal audited', async () => {
  const token = await passwordToken(system.identityProvider.issuer, 'mediator.wang');
  const answers = await Promise.all(
    Array.from({ length: 30 }, async () => {
      const response = await fetch(system.gateway.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-purpose': 'dispute-resolution', 'x-case-ref': EXAMPLE_CASE_REF },
        body: JSON.stringify({ query: EXAMPLE_QUERY }),
      });
      const body = (await response.json()) as { data?: unknown; errors?: { extensions: Record<string, unknown> }[] };
      return { status: response.status, retryAfter: response.headers.get('retry-after'), body };
    }),
  );
  const whole = answers.filter((answer) => answer.status === 200 && answer.body.data && !answer.body.errors);
  const refused = answers.filter((answer) => answer.status === 503);
  expect(whole.length + refused.length).toBe(answers.length);
  expect(whole.length).toBeGreaterThanOrEqual(3);
  expect(refused.length).toBeGreaterThan(0);
  for (const answer of refused) {
    expect(answer.body.data).toBeUndefined();
    expect(answer.retryAfter).toBe('1');
    expect(answer.body.errors?.[0]?.extensions).toMatchObject({ code: 'GATEWAY_OVERLOADED', retryAfterSeconds: 1 });
  }

  const ids = refused.map((answer) => String(answer.body.errors![0]!.extensions.auditRecordId));
  const rows = await system.audit.db.query<{ record: { errorCodes: string[]; outcome: string; user: { username: string }; subgraphs: string[] } }>(
    'SELECT record FROM audit_events WHERE id = ANY($1::uuid[])',
    [ids],
  );
  expect(rows).toHaveLength(ids.length);
  for (const { record } of rows) {
    expect(record).toMatchObject({ errorCodes: ['GATEWAY_OVERLOADED'], outcome: 'refused', user: { username: 'mediator.wang' }, subgraphs: [] });
  }

  // The slot of every finished request was freed: the gateway serves again.
  const after = await fetch(system.gateway.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-purpose': 'dispute-resolution', 'x-case-ref': EXAMPLE_CASE_REF },
    body: JSON.stringify({ query: EXAMPLE_QUERY }),
  });
  expect(after.status).toBe(200);
}, 60_000);
