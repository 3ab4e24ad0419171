import { randomUUID } from 'node:crypto';
import { DEVELOPMENT_AUDIT_SUBJECT_KEY } from '../../runtime/developmentKeys';
import type { RunningSystem } from '../../runtime/system';
import { subjectPseudonym } from '../../audit/subjectPseudonym';
import { sampleRecord } from '../audit/auditTestDatabase';
import { passwordToken } from '../identity/tokenEndpoint';
import { dropSystemDatabases } from '../support/agencyDatabases';
import { freshBudgetWindow } from '../support/budgetWindow';
import { startTestSystem } from '../support/testSystem';

/**
 * The privacy officer's review through the whole system: the gateway decides and audits the review
 * mutation like any operation (audit-review only), and records which subjects a refused operation named,
 * so 王建国's access report lists attempts on him that returned nothing — by literal, variable or alias.
 */
const WANG = '330110197803150018';
const CASE = 'TJ-2025-330110-00001';
const prefix = `gg_review_${process.pid}`;
let system: RunningSystem;
const tokens: Record<string, string> = {};

interface Answer {
  status: number;
  body: { data?: any; errors?: any[]; extensions?: any };
}

async function post(query: string, headers: Record<string, string>, variables: Record<string, unknown> = {}): Promise<Answer> {
  const response = await fetch(system.gateway.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

const as = (username: string, purpose: string, caseRef?: string) => ({
  authorization: `Bearer ${tokens[username]}`,
  'x-purpose': purpose,
  ...(caseRef ? { 'x-case-ref': caseRef } : {}),
});
const officer = () => as('officer.qian', 'audit-review');
const mediator = () => as('mediator.wang', 'dispute-resolution', CASE);

async function recordOf(id: unknown): Promise<any> {
  await system.audit.writer.flush();
  const rows = await system.audit.db.query<{ record: any }>('SELECT record FROM audit_events WHERE id = $1', [id]);
  expect(rows).toHaveLength(1);
  return rows[0]!.record;
}
const reviewCount = async () => (await system.audit.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_reviews'))[0]!.n;

beforeAll(async () => {
  system = await startTestSystem(prefix, { seedPersons: 200 });
  for (const username of ['mediator.wang', 'investigator.li', 'officer.qian']) {
    tokens[username] = await passwordToken(system.identityProvider.issuer, username);
  }
}, 120_000);

afterAll(async () => {
  await system?.stop();
  await dropSystemDatabases(prefix);
});

const REVIEW = `mutation Review($id: ID!, $note: String!) { reviewAuditEvent(id: $id, note: $note) { id eventId note requestId reviewer { username } } }`;

describe('the review mutation through the gateway', () => {
  let breakGlassId: string;

  beforeAll(async () => {
    // A break-glass use as the gateway records it, through the system's own audit writer.
    const record = sampleRecord({
      id: randomUUID(),
      time: new Date().toISOString(),
      user: { subject: 'kc-investigator.li', username: 'investigator.li', agency: 'police', district: '330110', roles: ['police-investigator'] },
      purpose: 'fraud-investigation',
      caseRef: 'DZ-2025-00000001',
      breakGlass: { justification: '受害人李秀英的资金正在转出，需立即核查收款账户持有人的关联账户。', exceeded: ['OUTSIDE_CASE_SCOPE'] },
    });
    await system.audit.writer.append(record);
    breakGlassId = record.id;
  });

  it('the officer sees the break-glass use in the queue, reviews it, and the review has its own audit record naming her', async () => {
    const queue = await post(`{ auditReviewQueue(filter: { reviewed: false }) { edges { node { id kind justification codes } } } }`, officer());
    expect(queue.body.errors).toBeUndefined();
    expect(queue.body.data.auditReviewQueue.edges.map((edge: any) => edge.node)).toContainEqual({
      id: breakGlassId,
      kind: 'BREAK_GLASS',
      justification: '受害人李秀英的资金正在转出，需立即核查收款账户持有人的关联账户。',
      codes: ['OUTSIDE_CASE_SCOPE'],
    });

    const review = await post(REVIEW, officer(), { id: breakGlassId, note: '已核实：止付时限紧迫，破窗理由成立。' });
    expect(review.status).toBe(200);
    expect(review.body.errors).toBeUndefined();
    expect(review.body.data.reviewAuditEvent).toMatchObject({ eventId: breakGlassId, note: '已核实：止付时限紧迫，破窗理由成立。', reviewer: { username: 'officer.qian' } });

    // The review's own record: a mutation under audit-review, by officer.qian, fetched from the audit agency —
    // the same request id the stored review carries. The note is in it only as a pseudonym.
    const own = await recordOf(review.body.extensions.privacy.auditRecordId);
    expect(own).toMatchObject({
      purpose: 'audit-review',
      user: { username: 'officer.qian', roles: expect.arrayContaining(['privacy-officer']) },
      operation: { name: 'Review', type: 'mutation' },
      subgraphs: ['audit'],
      outcome: 'allowed',
      requestId: review.body.data.reviewAuditEvent.requestId,
    });
    expect(JSON.stringify(own)).not.toContain('破窗理由成立');

    const reviewed = await post(`{ auditReviewQueue(filter: { reviewed: true }) { edges { node { id reviewed latestReview { note } } } } }`, officer());
    expect(reviewed.body.data.auditReviewQueue.edges.map((edge: any) => edge.node)).toContainEqual({
      id: breakGlassId,
      reviewed: true,
      latestReview: { note: '已核实：止付时限紧迫，破窗理由成立。' },
    });
  });

  it.each([
    ['a mediator', () => mediator()],
    ['an investigator', () => as('investigator.li', 'fraud-investigation', 'DZ-2025-00000001')],
  ])('%s is refused the mutation (FORBIDDEN_FIELDS, 403) before the audit agency is asked, and the attempt is recorded', async (_, headers) => {
    const before = await reviewCount();
    for (const query of [REVIEW, `mutation($id: ID!, $note: String!) { ... on Mutation { mine: reviewAuditEvent(id: $id, note: $note) { id } } }`]) {
      const answer = await post(query, headers(), { id: breakGlassId, note: '自己审自己。' });
      expect(answer.status).toBe(403);
      expect(answer.body.errors?.[0]?.extensions).toMatchObject({
        code: 'FORBIDDEN_FIELDS',
        fields: expect.arrayContaining([{ coordinate: 'Mutation.reviewAuditEvent', reason: expect.stringMatching(/does not cover the type AuditReview/) }]),
      });
      const record = await recordOf(answer.body.extensions.privacy.auditRecordId);
      expect(record).toMatchObject({ outcome: 'refused', operation: { type: 'mutation' }, subgraphs: [], errorCodes: ['FORBIDDEN_FIELDS'] });
    }
    expect(await reviewCount()).toBe(before);
  });

  it('a mutation selecting only __typename is refused to other purposes too; the officer may ask it', async () => {
    const refused = await post('mutation { __typename }', mediator());
    expect(refused.status).toBe(403);
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN_FIELDS', fields: [{ coordinate: 'Mutation.__typename' }] });
    const officers = await post('mutation { __typename }', officer());
    expect(officers.body).toMatchObject({ data: { __typename: 'Mutation' } });
  });

  it('a subscription is still refused by validation', async () => {
    const answer = await post('subscription { auditReviewQueue { edges { cursor } } }', officer());
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

describe("refused attempts in 王建国's subject access report", () => {
  const denied = '{ accounts { accountNumber } }';
  const ATTEMPTS: [string, string, Record<string, unknown>][] = [
    ['by literal', `query ByLiteral { person(idNumber: "${WANG}") ${denied} }`, {}],
    ['by variable', `query ByVariable($id: ID!) { person(idNumber: $id) ${denied} }`, { id: WANG }],
    ['by alias, inside fragments', `query ByAlias($id: ID!) { ...Root } fragment Root on Query { ... on Query { someone: person(idNumber: $id) ${denied} } }`, { id: WANG }],
  ];
  const recordIds: string[] = [];

  beforeAll(async () => {
    // The earlier tests refused the mediator on purpose: a fresh refusal-budget window for these three.
    await freshBudgetWindow(system);
    for (const [, query, variables] of ATTEMPTS) {
      const answer = await post(query, mediator(), variables);
      expect(answer.status).toBe(403);
      recordIds.push(answer.body.extensions.privacy.auditRecordId);
    }
  });

  it('records which subject each refused operation named, as the keyed pseudonym of his ID number', async () => {
    const pseudonym = subjectPseudonym(DEVELOPMENT_AUDIT_SUBJECT_KEY, 'Person', WANG);
    for (const id of recordIds) {
      const record = await recordOf(id);
      expect(record).toMatchObject({ outcome: 'refused', subjects: [], namedSubjectPseudonyms: [pseudonym] });
      expect(JSON.stringify(record)).not.toContain(WANG);
    }
  });

  it.each(ATTEMPTS.map(([how], index) => [how, index] as const))('lists the attempt %s with who, when, purpose and why', async (_, index) => {
    await system.audit.writer.flush();
    const report = await post(
      `query($id: ID!) { subjectAccessReport(idNumber: $id) {
         accesses { recordId }
         refusedAttempts { recordId time user { username } purpose caseRef operationName errorCodes deniedFields { coordinate reason } } } }`,
      officer(),
      { id: WANG },
    );
    expect(report.body.errors).toBeUndefined();
    const attempt = report.body.data.subjectAccessReport.refusedAttempts.find((entry: any) => entry.recordId === recordIds[index]);
    expect(attempt).toMatchObject({
      time: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      user: { username: 'mediator.wang' },
      purpose: 'dispute-resolution',
      caseRef: CASE,
      operationName: ['ByLiteral', 'ByVariable', 'ByAlias'][index],
      errorCodes: ['FORBIDDEN_FIELDS'],
      deniedFields: expect.arrayContaining([{ coordinate: 'Person.accounts', reason: expect.any(String) }]),
    });
    // Refused attempts are not accesses: nothing of his was returned.
    expect(report.body.data.subjectAccessReport.accesses.map((access: any) => access.recordId)).not.toContain(recordIds[index]);
  });
});
