import pg from 'pg';
import type { AuditRecordInput } from '../../audit/record';
import { subjectPseudonym } from '../../audit/subjectPseudonym';
import { createAuditWriter, type AuditWriter } from '../../audit/writer';
import { ACCESS_CONTEXT_HEADER } from '@govgraph/access-context';
import { createAuditSubgraph } from '../../subgraphs/audit';
import { buildReviewQueueQuery } from '../../subgraphs/audit/reviewQueueQuery';
import { startSubgraph, type RunningSubgraph } from '../../subgraphs/kit/server';
import { createAuditTestDatabase, sampleRecord, type AuditTestDatabase } from '../audit/auditTestDatabase';
import { accessContextFor, TEST_ACCESS_CONTEXT_KEYS, testGatewaySigner, type TestSubject } from '../support/accessContexts';
import type { GraphQLResponse } from '../support/graphqlClient';

/**
 * The privacy officers' review queue and reviews: records written through the real audit writer with the
 * codes the gateway's case and budget checks produce (and a break-glass), the audit subgraph served by the
 * kit, signed access contexts as the gateway sends them, reviews stored in the real audit database.
 */

const SUBJECT_KEY = 'audit-subject-key-for-review-tests-0123456789';
const WANG = '330110197803150018';
const wangPseudonym = subjectPseudonym(SUBJECT_KEY, 'Person', WANG);

const OFFICER: TestSubject = { username: 'officer.qian', roles: ['privacy-officer'], district: '330000', purpose: 'audit-review' };
const MEDIATOR: TestSubject = { username: 'mediator.wang', roles: ['mediator'], district: '330110', purpose: 'dispute-resolution', caseRef: 'TJ-2025-330110-00001' };
const INVESTIGATOR = { subject: 'kc-investigator.li', username: 'investigator.li', agency: 'police', district: '330110', roles: ['police-investigator'] };

const JUSTIFICATION = '当事人王建国在调解现场与对方发生冲突，需立即核实其登记住址以通知派出所出警。';

let minute = 0;
/** A record as the gateway writes it, one minute after the previous one (so newest first is known). */
function record(overrides: Partial<AuditRecordInput>): AuditRecordInput {
  minute += 1;
  return sampleRecord({ time: new Date(Date.UTC(2025, 6, 1, 2, minute)).toISOString(), ...overrides });
}
const refusedWith = (code: string, overrides: Partial<AuditRecordInput> = {}) =>
  record({ outcome: 'refused', errorCodes: [code], subjects: [], subjectPseudonyms: [], subgraphs: [], ...overrides });

const RECORDS = {
  ordinary: record({}),
  forbidden: refusedWith('FORBIDDEN_FIELDS'),
  breakGlass: record({
    user: INVESTIGATOR,
    purpose: 'fraud-investigation',
    caseRef: 'DZ-2025-00000001',
    breakGlass: { justification: JUSTIFICATION, exceeded: ['OUTSIDE_CASE_SCOPE'] },
  }),
  subjectBudget: refusedWith('SUBJECT_BUDGET_EXCEEDED', { purpose: 'litigation-source-governance', caseRef: null }),
  lookupBudget: refusedWith('IDENTIFIER_LOOKUP_BUDGET_EXCEEDED', { purpose: 'litigation-source-governance', caseRef: null }),
  refusalBudget: refusedWith('REFUSAL_BUDGET_EXCEEDED'),
  outsideScope: refusedWith('OUTSIDE_CASE_SCOPE', { namedSubjectPseudonyms: [wangPseudonym] }),
  caseNotFound: refusedWith('CASE_NOT_FOUND', { caseRef: 'TJ-2025-330110-99999' }),
  caseClosed: refusedWith('CASE_CLOSED'),
  outOfJurisdiction: refusedWith('CASE_OUT_OF_JURISDICTION'),
  // A break-glass that needed no overriding is still a use of it, and reviewed as one.
  idleBreakGlass: record({ breakGlass: { justification: '例行核查：确认本案当事人身份无误，未超出范围。', exceeded: [] } }),
  // A break-glass past a budget: one kind per record, the caller's own decision first.
  breakGlassPastBudget: record({ breakGlass: { justification: '紧急止付需要核对更多账户，超过本小时额度。', exceeded: ['SUBJECT_BUDGET_EXCEEDED'] } }),
  answeredNamingWang: record({ namedSubjectPseudonyms: [wangPseudonym] }),
} satisfies Record<string, AuditRecordInput>;
type Label = keyof typeof RECORDS;
const QUEUED: Label[] = [
  'breakGlass', 'subjectBudget', 'lookupBudget', 'refusalBudget', 'outsideScope', 'caseNotFound', 'caseClosed', 'outOfJurisdiction', 'idleBreakGlass', 'breakGlassPastBudget',
];
const KINDS: Record<string, Label[]> = {
  BREAK_GLASS: ['breakGlass', 'idleBreakGlass', 'breakGlassPastBudget'],
  BUDGET_REFUSAL: ['subjectBudget', 'lookupBudget', 'refusalBudget'],
  CASE_REFUSAL: ['outsideScope', 'caseNotFound', 'caseClosed', 'outOfJurisdiction'],
};
/** Records were written a minute apart in declaration order. */
const newestFirst = (labels: readonly Label[]) => [...labels].sort((a, b) => (RECORDS[a].time < RECORDS[b].time ? 1 : -1)).map((label) => RECORDS[label].id);

let audit: AuditTestDatabase;
let writer: AuditWriter;
let server: RunningSubgraph;

beforeAll(async () => {
  audit = await createAuditTestDatabase('reviewq');
  writer = createAuditWriter({ db: audit.db, chainId: 'gateway-review', onError: () => undefined });
  for (const input of Object.values(RECORDS)) await writer.append(input);
  server = await startSubgraph(createAuditSubgraph({ subjectKey: SUBJECT_KEY }), {
    db: audit.db,
    port: 0,
    host: '127.0.0.1',
    accessContextKeys: TEST_ACCESS_CONTEXT_KEYS,
  });
});

afterAll(async () => {
  await server?.close();
  await writer?.close();
  await audit?.drop();
});

async function post(query: string, variables: Record<string, unknown> = {}, subject: TestSubject = OFFICER) {
  const body = JSON.stringify({ query, variables });
  const response = await fetch(server.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [ACCESS_CONTEXT_HEADER]: await accessContextFor(subject, 'audit', testGatewaySigner, body) },
    body,
  });
  return (await response.json()) as GraphQLResponse;
}

const QUEUE = `query($filter: AuditReviewQueueFilter, $first: Int, $after: String) {
  auditReviewQueue(filter: $filter, first: $first, after: $after) {
    edges { node { id kind time user { username agency } purpose caseRef justification codes outcome reviewed
                   latestReview { note reviewer { username } } reviews { id note } event { id errorCodes } } }
    pageInfo { hasNextPage endCursor } } }`;

async function queue(filter: Record<string, unknown> = {}, first = 100, after?: string) {
  const body = await post(QUEUE, { filter, first, ...(after ? { after } : {}) });
  expect(body.errors).toBeUndefined();
  return body.data!.auditReviewQueue as { edges: { node: any }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
}
const ids = (page: { edges: { node: any }[] }) => page.edges.map((edge) => edge.node.id);

const REVIEW = `mutation($id: ID!, $note: String!) { reviewAuditEvent(id: $id, note: $note) { id eventId note reviewedAt requestId reviewer { username roles } } }`;

describe('the review queue', () => {
  it('lists break-glass uses, budget refusals and case refusals, newest first — nothing else', async () => {
    expect(ids(await queue())).toEqual(newestFirst(QUEUED));
  });

  it('says who, when, purpose, case ref, the justification and what was overridden', async () => {
    const item = (await queue()).edges.find((edge) => edge.node.id === RECORDS.breakGlass.id)!.node;
    expect(item).toMatchObject({
      kind: 'BREAK_GLASS',
      time: RECORDS.breakGlass.time,
      user: { username: 'investigator.li', agency: 'police' },
      purpose: 'fraud-investigation',
      caseRef: 'DZ-2025-00000001',
      justification: JUSTIFICATION,
      codes: ['OUTSIDE_CASE_SCOPE'],
      outcome: 'ALLOWED',
      reviewed: false,
      latestReview: null,
      reviews: [],
    });
  });

  it('says what a refusal was refused with, and has no justification', async () => {
    const item = (await queue()).edges.find((edge) => edge.node.id === RECORDS.caseNotFound.id)!.node;
    expect(item).toMatchObject({ kind: 'CASE_REFUSAL', caseRef: 'TJ-2025-330110-99999', codes: ['CASE_NOT_FOUND'], outcome: 'REFUSED', justification: null });
  });

  it.each(Object.entries(KINDS))('filters by kind %s', async (kind, labels) => {
    const page = await queue({ kind });
    expect(ids(page)).toEqual(newestFirst(labels));
    expect(page.edges.every((edge) => edge.node.kind === kind)).toBe(true);
  });

  it('pages with cursors', async () => {
    const first = await queue({}, 4);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const rest = await queue({}, 100, first.pageInfo.endCursor);
    expect([...ids(first), ...ids(rest)]).toEqual(newestFirst(QUEUED));
  });

  it('refuses a forged cursor and an unknown kind as the caller’s mistake', async () => {
    const forged = await post(QUEUE, { after: 'bm90IGEgY3Vyc29y' });
    expect(forged.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const unknown = await post(QUEUE, { filter: { kind: 'FORBIDDEN_FIELDS' } });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('marking reviewed', () => {
  it('stores a review by the officer of the signed context, and the queue shows it reviewed with its note', async () => {
    const body = await post(REVIEW, { id: RECORDS.breakGlass.id, note: '已核实：现场确有冲突，破窗理由成立。' });
    expect(body.errors).toBeUndefined();
    expect(body.data!.reviewAuditEvent).toMatchObject({
      eventId: RECORDS.breakGlass.id,
      note: '已核实：现场确有冲突，破窗理由成立。',
      reviewer: { username: 'officer.qian', roles: ['privacy-officer'] },
      reviewedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      requestId: expect.any(String),
    });

    expect(ids(await queue({ reviewed: true }))).toEqual([RECORDS.breakGlass.id]);
    expect(ids(await queue({ reviewed: false }))).toEqual(newestFirst(QUEUED.filter((label) => label !== 'breakGlass')));
    expect(ids(await queue({ kind: 'BREAK_GLASS', reviewed: false }))).toEqual(newestFirst(['idleBreakGlass', 'breakGlassPastBudget']));
    const item = (await queue({ reviewed: true })).edges[0]!.node;
    expect(item).toMatchObject({ reviewed: true, latestReview: { note: '已核实：现场确有冲突，破窗理由成立。', reviewer: { username: 'officer.qian' } } });
  });

  it('a second review adds a row; the latest is shown, both are kept', async () => {
    const first = await post(REVIEW, { id: RECORDS.caseClosed.id, note: '初步：待调解员说明。' });
    const second = await post(REVIEW, { id: RECORDS.caseClosed.id.toUpperCase(), note: '调解员已说明：案件结案后误用旧案号。' });
    expect(first.errors).toBeUndefined();
    expect(second.errors).toBeUndefined();
    const item = (await queue({ reviewed: true })).edges.find((edge) => edge.node.id === RECORDS.caseClosed.id)!.node;
    expect(item.latestReview.note).toBe('调解员已说明：案件结案后误用旧案号。');
    expect(item.reviews.map((review: any) => review.note)).toEqual(['调解员已说明：案件结案后误用旧案号。', '初步：待调解员说明。']);
  });

  it('never changes the reviewed record', async () => {
    await post(REVIEW, { id: RECORDS.subjectBudget.id, note: '批量查询，已约谈。' });
    const [row] = await audit.db.query<{ record: AuditRecordInput }>('SELECT record FROM audit_events WHERE id = $1', [RECORDS.subjectBudget.id]);
    expect(row!.record).toMatchObject({ ...RECORDS.subjectBudget });
    expect(Object.keys(row!.record)).not.toContain('review');
  });

  it.each<[string, Record<string, unknown>]>([
    ['an unknown event id', { id: '00000000-0000-4000-8000-000000000000', note: 'x' }],
    ['an id that is no uuid', { id: "1' OR '1'='1", note: 'x' }],
    ['an empty note', { id: RECORDS.caseClosed.id, note: '   ' }],
    ['a note past 2,000 characters', { id: RECORDS.caseClosed.id, note: '审'.repeat(2_001) }],
    ['a note with control characters', { id: RECORDS.caseClosed.id, note: 'ok\u0000' }],
  ])('refuses %s as BAD_USER_INPUT, storing nothing', async (_, variables) => {
    const before = await audit.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_reviews');
    const body = await post(REVIEW, variables);
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(body)).not.toMatch(/INSERT|audit_reviews|uuid/i);
    const after = await audit.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_reviews');
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it('is refused to every other purpose by the agency too (defence in depth), storing nothing', async () => {
    const before = await audit.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_reviews');
    const body = await post(REVIEW, { id: RECORDS.outsideScope.id, note: '我自己看过了，没问题。' }, MEDIATOR);
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(body.data?.reviewAuditEvent ?? null).toBeNull();
    const after = await audit.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_reviews');
    expect(after[0]!.n).toBe(before[0]!.n);
  });
});

describe('reviews are append-only in the database', () => {
  /** Even the tables' owner (the test server's superuser, triggers on) cannot change or remove a review. */
  it.each(['UPDATE audit_reviews SET note = \'changed\'', 'DELETE FROM audit_reviews', 'TRUNCATE audit_reviews'])('refuses %s', async (statement) => {
    const client = new pg.Client({ connectionString: audit.url });
    await client.connect();
    try {
      await expect(client.query(statement)).rejects.toThrow(/append-only/);
    } finally {
      await client.end();
    }
    const rows = await audit.db.query<{ note: string }>('SELECT note FROM audit_reviews');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map((row) => row.note)).not.toContain('changed');
  });
});

describe('the subject access report', () => {
  const REPORT = `query($id: ID!) { subjectAccessReport(idNumber: $id) {
    accesses { recordId }
    refusedAttempts { recordId time user { username } purpose caseRef errorCodes deniedFields { coordinate } event { id } } } }`;

  it('lists the refused attempts that named the person beside the answers, and keeps the answers as they were', async () => {
    const body = await post(REPORT, { id: WANG });
    expect(body.errors).toBeUndefined();
    const report = body.data!.subjectAccessReport;
    expect(report.refusedAttempts).toEqual([
      {
        recordId: RECORDS.outsideScope.id,
        time: RECORDS.outsideScope.time,
        user: { username: 'mediator.wang' },
        purpose: 'dispute-resolution',
        caseRef: 'D-2025-0001',
        errorCodes: ['OUTSIDE_CASE_SCOPE'],
        deniedFields: [],
        event: { id: RECORDS.outsideScope.id },
      },
    ]);
    // An answered operation that named him is not a refused attempt; answers are found by what they returned.
    expect(report.refusedAttempts.map((attempt: any) => attempt.recordId)).not.toContain(RECORDS.answeredNamingWang.id);
    expect(report.accesses).toEqual([]);
  });
});

describe('indexes', () => {
  /** With sequential scans priced out, the plan shows whether the statement can use the index at all. */
  async function plan(text: string, values: unknown[]): Promise<string> {
    const client = new pg.Client({ connectionString: audit.url });
    await client.connect();
    try {
      await client.query('SET enable_seqscan = off');
      const rows = await client.query(`EXPLAIN ${text}`, values);
      return rows.rows.map((row) => row['QUERY PLAN']).join('\n');
    } finally {
      await client.end();
    }
  }

  it('the queue reads the partial index of queue records, whatever the filter', async () => {
    for (const kind of [null, 'BREAK_GLASS', 'BUDGET_REFUSAL', 'CASE_REFUSAL'] as const) {
      const query = buildReviewQueueQuery({ kind, reviewed: false, scope: { district: null }, size: 20 });
      expect(await plan(query.text, query.values)).toMatch(/audit_events_review_queue/);
    }
  });

  it('refused attempts are found through the GIN index of named subjects', async () => {
    const text = `SELECT e.id FROM audit_events e WHERE (e.record->'namedSubjectPseudonyms') @> jsonb_build_array($1::text)`;
    expect(await plan(text, [wangPseudonym])).toMatch(/audit_events_named_subjects/);
  });
});
