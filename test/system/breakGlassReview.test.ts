import { EXAMPLE_CASE_REF } from '../../runtime/banner';
import type { RunningSystem } from '../../runtime/system';
import { passwordToken } from '../identity/tokenEndpoint';
import { dropSystemDatabases } from '../support/agencyDatabases';
import { startTestSystem } from '../support/testSystem';

/**
 * Issue 9 end to end, across its three parts: a mediator on 王建国 v 张伟 is refused 陈静 (outside the case);
 * with X-Break-Glass the one request goes out, masked as the purpose says, and the privacy officer finds it
 * in the review queue — justification, what it overrode — and reviews it. Break-glass never unlocks a
 * field the purpose denies.
 */
const CHEN = '330502199211300247';
const prefix = `gg_breakglass_${process.pid}`;
const JUSTIFICATION = '陈静是本案调解中新出现的利害关系人，需要核实其是否已另行信访。';
let system: RunningSystem;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  system = await startTestSystem(prefix, { seedPersons: 50 });
  for (const username of ['mediator.wang', 'officer.qian']) tokens[username] = await passwordToken(system.identityProvider.issuer, username);
}, 120_000);

afterAll(async () => {
  await system?.stop();
  await dropSystemDatabases(prefix);
});

async function post(username: string, purpose: string, query: string, extra: Record<string, string> = {}, variables: Record<string, unknown> = {}) {
  const response = await fetch(system.gateway.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[username]}`, 'x-purpose': purpose, ...extra },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as { data?: any; errors?: any[]; extensions?: any } };
}

const CHEN_QUERY = `query($id: ID!) { person(idNumber: $id) { name gender petitions { id category } } }`;

it('lets one request past the case scope with a justification, on record and in the review queue', async () => {
  const mediator = { 'x-case-ref': EXAMPLE_CASE_REF };
  const refused = await post('mediator.wang', 'dispute-resolution', CHEN_QUERY, mediator, { id: CHEN });
  expect(refused.status).toBe(403);
  expect(refused.body.errors?.[0]?.extensions?.code).toBe('OUTSIDE_CASE_SCOPE');

  const overridden = await post('mediator.wang', 'dispute-resolution', CHEN_QUERY, { ...mediator, 'x-break-glass': encodeURIComponent(JUSTIFICATION) }, { id: CHEN });
  expect(overridden.status).toBe(200);
  expect(overridden.body.errors).toBeUndefined();
  // Past the scope, not past the masks.
  expect(overridden.body.data.person.name).toBe('陈*');
  const recordId = overridden.body.extensions.privacy.auditRecordId as string;
  const rows = await system.audit.db.query<{ record: any }>('SELECT record FROM audit_events WHERE id = $1', [recordId]);
  expect(rows[0]!.record.breakGlass).toEqual({ justification: JUSTIFICATION, exceeded: ['OUTSIDE_CASE_SCOPE'] });

  // The same header does not unlock a field the purpose denies.
  const denied = await post('mediator.wang', 'dispute-resolution', `{ person(idNumber: "${CHEN}") { accounts { accountNumber } } }`, {
    ...mediator,
    'x-break-glass': encodeURIComponent(JUSTIFICATION),
  });
  expect(denied.status).toBe(403);
  expect(denied.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN_FIELDS');

  // The privacy officer sees it in the queue, through the gateway, and reviews it.
  const QUEUE = `{ auditReviewQueue(filter: { kind: BREAK_GLASS }) { edges { node { id kind justification codes reviewed user { username } } } } }`;
  const queue = await post('officer.qian', 'audit-review', QUEUE);
  expect(queue.status).toBe(200);
  const item = queue.body.data.auditReviewQueue.edges.map((edge: any) => edge.node).find((node: any) => node.id === recordId);
  expect(item).toMatchObject({ kind: 'BREAK_GLASS', justification: JUSTIFICATION, reviewed: false, user: { username: 'mediator.wang' } });
  expect(item.codes).toContain('OUTSIDE_CASE_SCOPE');

  const review = await post('officer.qian', 'audit-review', 'mutation($id: ID!, $note: String!) { reviewAuditEvent(id: $id, note: $note) { id } }', {}, {
    id: recordId,
    note: '已与调解员核实：陈静为新增利害关系人，用途正当。',
  });
  expect(review.status).toBe(200);
  expect(review.body.errors).toBeUndefined();
  const after = await post('officer.qian', 'audit-review', QUEUE);
  expect(after.body.data.auditReviewQueue.edges.map((edge: any) => edge.node).find((node: any) => node.id === recordId).reviewed).toBe(true);
}, 60_000);
