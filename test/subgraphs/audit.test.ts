import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { AuditRecord, AuditSubject, AuditUser } from '../../audit/record';
import { ACCESS_CONTEXT_HEADER } from '@govgraph/access-context';
import { databaseUrl, dropDatabase, ensureDatabase } from '../../runtime/databases';
import { createAuditSubgraph } from '../../subgraphs/audit';
import { openDatabase, type Database } from '../../subgraphs/kit/database';
import { migrate } from '../../subgraphs/kit/migrate';
import { startSubgraph, type RunningSubgraph } from '../../subgraphs/kit/server';
import { accessContextFor, SUBJECTS, TEST_ACCESS_CONTEXT_KEYS, testGatewaySigner, type TestSubject } from '../support/accessContexts';
import { testServerUrl } from '../support/agencyDatabases';
import type { GraphQLResponse } from '../support/graphqlClient';
import { residentId } from '../support/identifiers';

/**
 * The audit review API: a real audit database (audit/'s migrations) holding records of the contract's
 * shape, the audit subgraph served by the kit, and signed access contexts as the gateway sends them.
 * Records need no valid hash chain here (audit/'s own tests verify chains); their times, users, subjects
 * and outcomes are built for each filter, report and anomaly below.
 */

const SUBJECT_KEY = 'audit-subject-key-for-tests-0123456789abcdef';
/** The contract's pseudonym, computed here from its definition rather than with the code under test. */
const pseudonymOf = (type: AuditSubject['type'], identifier: string, key = SUBJECT_KEY) =>
  createHmac('sha256', key).update(`${type}:${identifier}`).digest('hex').slice(0, 32);

const WANG = '330110197803150018';
const LI = '330110198507220020';
const ZHANG = '331004199001010133';
const CHEN = '330502199211300247';

const person = (idNumber: string, display = idNumber): AuditSubject => ({ type: 'Person', pseudonym: pseudonymOf('Person', idNumber), display });
const partial = (idNumber: string) => person(idNumber, `${idNumber.slice(0, 6)}********${idNumber.slice(14)}`);

const user = (username: string, agency: string, roles: string[], district?: string): AuditUser => ({
  subject: `kc-${username}`,
  username,
  agency,
  ...(district ? { district } : {}),
  roles,
});
const USERS = {
  mediator: user('mediator.wang', 'petitions', ['mediator'], '330110'),
  investigator: user('investigator.li', 'police', ['police-investigator'], '330110'),
  clerk: user('clerk.zhao', 'court', ['court-clerk'], '330110'),
  analyst: user('analyst.chen', 'procuratorate', ['risk-analyst'], '331004'),
  compliance: user('compliance.zhou', 'bank', ['bank-compliance'], '330100'),
  grid: user('grid.wu', 'petitions', ['grid-worker'], '330502'),
  inspector: user('inspector.sun', 'market', ['market-inspector'], '330802'),
};

const PURPOSE_BASIS: Record<string, string[]> = {
  'dispute-resolution': ['《人民调解法》第十七条'],
  'fraud-investigation': ['《反电信网络诈骗法》第二十八条'],
  'litigation-source-governance': ['《个人信息保护法》第十三条第一款第三项'],
  'financial-risk-monitoring': ['《反洗钱法》第十五条'],
  'precursor-chemical-supervision': ['《易制毒化学品管理条例》第五条'],
};

interface RecordSpec {
  time: string;
  user: AuditUser | null;
  purpose?: string | null;
  caseRef?: string | null;
  operationName?: string;
  subgraphs?: string[];
  subjects?: AuditSubject[];
  fields?: AuditRecord['fields'];
  outcome?: AuditRecord['outcome'];
  errorCodes?: string[];
}

const CHAIN = 'gateway-test';
let seq = 0;
let prevHash = '0'.repeat(64);

/** A record of the contract's shape, placed next in the test chain (ids random, so ties on time break by id). */
function auditRecord(spec: RecordSpec): { record: AuditRecord; prevHash: string; hash: string } {
  seq += 1;
  const purpose = spec.purpose === undefined ? 'fraud-investigation' : spec.purpose;
  const subjects = spec.subjects ?? [];
  const record: AuditRecord = {
    v: 1,
    id: randomUUID(),
    chainId: CHAIN,
    seq,
    time: spec.time,
    requestId: `req-${seq}`,
    user: spec.user,
    client: spec.user ? 'govgraph-cli' : null,
    purpose,
    legalBasis: purpose ? (PURPOSE_BASIS[purpose] ?? []) : [],
    caseRef: spec.caseRef ?? null,
    operation: {
      name: spec.operationName ?? null,
      type: 'query',
      documentHash: createHash('sha256').update(`doc-${seq}`).digest('hex'),
      document: `query ${spec.operationName ?? ''} { person(idNumber: $id) { name } }`,
    },
    variables: { id: `pseudonym:${seq}` },
    fields: spec.fields ?? [],
    subgraphs: spec.subgraphs ?? [],
    subjects,
    subjectPseudonyms: subjects.map((subject) => subject.pseudonym),
    outcome: spec.outcome ?? 'allowed',
    errorCodes: spec.errorCodes ?? [],
    latencyMs: 12 + seq,
    responseBytes: 300 + seq,
    policyRevision: 'rev-test',
  };
  const hash = createHash('sha256').update(`${prevHash}\n${JSON.stringify(record)}`).digest('hex');
  const placed = { record, prevHash, hash };
  prevHash = hash;
  return placed;
}

/** `count` distinct persons from `first` on, displayed masked (the analyst's purpose masks persons). */
const crowd = (first: number, count: number) => Array.from({ length: count }, (_, i) => partial(residentId(first + i)));

const refused = (time: string, who: AuditUser, purpose: string): RecordSpec => ({
  time,
  user: who,
  purpose,
  outcome: 'refused',
  errorCodes: ['FORBIDDEN_FIELDS'],
  fields: [{ coordinate: 'Person.accounts', effect: 'deny', reason: 'bank data is outside this purpose' }],
});

/**
 * 2025-06-30 is a Monday; Asia/Shanghai is UTC+8, so working hours 08:00–20:00 are 00:00–12:00 UTC.
 * Labels name each record for the expectations below.
 */
const SPECS = {
  wangMediated: {
    time: '2025-06-30T02:00:00.000Z',
    user: USERS.mediator,
    purpose: 'dispute-resolution',
    caseRef: 'TJ-1',
    operationName: 'DisputeParties',
    subgraphs: ['police', 'petitions'],
    subjects: [partial(WANG)],
    fields: [
      { coordinate: 'Person.idNumber', effect: 'mask', strategy: 'partial' },
      { coordinate: 'Person.name', effect: 'mask', strategy: 'surname' },
      { coordinate: 'Petition.content', effect: 'allow' },
    ],
  },
  fraudLookup: {
    time: '2025-06-30T03:00:00.000Z',
    user: USERS.investigator,
    caseRef: 'ZP-2025-0001',
    operationName: 'VictimAndPayee',
    subgraphs: ['police', 'bank'],
    subjects: [person(LI), person(ZHANG)],
    fields: [
      { coordinate: 'Person.idNumber', effect: 'allow' },
      { coordinate: 'Person.name', effect: 'allow' },
      { coordinate: 'Account.accountNumber', effect: 'allow' },
    ],
  },
  clerkCount: {
    time: '2025-06-30T04:00:00.000Z',
    user: USERS.clerk,
    purpose: 'litigation-source-governance',
    subgraphs: ['court', 'police'],
    subjects: [partial(WANG)],
    fields: [{ coordinate: 'Person.idNumber', effect: 'mask', strategy: 'partial' }],
  },
  // the same millisecond as clerkCount: the id breaks the tie
  clerkTie: { time: '2025-06-30T04:00:00.000Z', user: USERS.clerk, purpose: 'litigation-source-governance', subgraphs: ['court'] },
  mediatorRefused: { ...refused('2025-06-30T05:00:00.000Z', USERS.mediator, 'dispute-resolution'), caseRef: 'TJ-1' },
  anonymous: { time: '2025-06-30T06:00:00.000Z', user: null, purpose: null, outcome: 'refused', errorCodes: ['UNAUTHENTICATED'] },
  // the bank was down: the police's part of the answer (王建国, in clear) still left
  partialFailure: {
    time: '2025-06-30T07:00:00.000Z',
    user: USERS.investigator,
    caseRef: 'ZP-2025-0001',
    subgraphs: ['police', 'bank'],
    subjects: [person(WANG)],
    outcome: 'failed',
    errorCodes: ['SUBGRAPH_UNAVAILABLE'],
    fields: [{ coordinate: 'Person.name', effect: 'allow' }],
  },
  lateNight: { time: '2025-06-30T13:30:00.000Z', user: USERS.investigator, caseRef: 'ZP-2025-0001', subgraphs: ['police'], subjects: [person(ZHANG)] }, // Monday 21:30
  saturday: { time: '2025-07-05T03:00:00.000Z', user: USERS.clerk, purpose: 'litigation-source-governance', subgraphs: ['court'] }, // Saturday 11:00
  // analyst.chen: 20 + 20 + 16 persons in one hour, 5 of them seen twice → 51 distinct (one above 50)
  analyst1: { time: '2025-07-01T02:05:00.000Z', user: USERS.analyst, purpose: 'financial-risk-monitoring', subgraphs: ['bank'], subjects: crowd(100, 20) },
  analyst2: { time: '2025-07-01T02:25:00.000Z', user: USERS.analyst, purpose: 'financial-risk-monitoring', subgraphs: ['bank'], subjects: crowd(120, 20) },
  analyst3: { time: '2025-07-01T02:45:00.000Z', user: USERS.analyst, purpose: 'financial-risk-monitoring', subgraphs: ['bank'], subjects: [...crowd(130, 5), ...crowd(140, 11)] },
  analyst4: { time: '2025-07-01T03:10:00.000Z', user: USERS.analyst, purpose: 'financial-risk-monitoring', subgraphs: ['bank'], subjects: crowd(145, 10) },
  // compliance.zhou: 30 + 30 persons in one hour, 10 shared → exactly 50 (not above)
  compliance1: { time: '2025-07-01T05:10:00.000Z', user: USERS.compliance, purpose: 'financial-risk-monitoring', subgraphs: ['bank'], subjects: crowd(300, 30) },
  compliance2: { time: '2025-07-01T05:50:00.000Z', user: USERS.compliance, purpose: 'financial-risk-monitoring', subgraphs: ['bank'], subjects: crowd(320, 30) },
  // grid.wu: 5 refusals within 9 minutes; inspector.sun: 5 refusals 4 minutes apart (at most 3 in any 10 minutes)
  grid1: refused('2025-07-02T02:00:00.000Z', USERS.grid, 'dispute-resolution'),
  grid2: refused('2025-07-02T02:02:00.000Z', USERS.grid, 'dispute-resolution'),
  grid3: refused('2025-07-02T02:04:00.000Z', USERS.grid, 'dispute-resolution'),
  grid4: refused('2025-07-02T02:06:00.000Z', USERS.grid, 'dispute-resolution'),
  grid5: refused('2025-07-02T02:08:59.999Z', USERS.grid, 'dispute-resolution'),
  inspector1: refused('2025-07-02T02:00:00.000Z', USERS.inspector, 'precursor-chemical-supervision'),
  inspector2: refused('2025-07-02T02:04:00.000Z', USERS.inspector, 'precursor-chemical-supervision'),
  inspector3: refused('2025-07-02T02:08:00.000Z', USERS.inspector, 'precursor-chemical-supervision'),
  inspector4: refused('2025-07-02T02:12:00.000Z', USERS.inspector, 'precursor-chemical-supervision'),
  inspector5: refused('2025-07-02T02:16:00.000Z', USERS.inspector, 'precursor-chemical-supervision'),
} satisfies Record<string, RecordSpec>;
type Label = keyof typeof SPECS;

const PLACED = Object.fromEntries(Object.entries(SPECS).map(([label, spec]) => [label, auditRecord(spec)])) as Record<
  Label,
  ReturnType<typeof auditRecord>
>;
const RECORDS = Object.fromEntries(Object.entries(PLACED).map(([label, placed]) => [label, placed.record])) as Record<Label, AuditRecord>;
const idOf = (label: Label) => RECORDS[label].id;

/** Labels in the API's order: newest first, the id (uuid order = lower-case hex order) breaking ties. */
function newestFirst(labels: readonly Label[]): string[] {
  return labels
    .map((label) => RECORDS[label])
    .sort((a, b) => (a.time !== b.time ? (a.time < b.time ? 1 : -1) : a.id < b.id ? 1 : -1))
    .map((record) => record.id);
}
const ALL = Object.keys(SPECS) as Label[];
const where = (test: (record: AuditRecord) => boolean) => ALL.filter((label) => test(RECORDS[label]));

const OFFICER: TestSubject = { username: 'officer.qian', roles: ['privacy-officer'], district: '330000', purpose: 'audit-review' };

let db: Database;
let databaseName: string;
let server: RunningSubgraph;
/** The same audit database served with another subject key and a lower subjects-per-hour threshold. */
let reconfigured: RunningSubgraph;

beforeAll(async () => {
  const serverUrl = testServerUrl();
  databaseName = `gg_audit_${randomBytes(3).toString('hex')}_audit`;
  await ensureDatabase(serverUrl, databaseName);
  db = openDatabase({ connectionString: databaseUrl(serverUrl, databaseName), name: 'audit', onError: () => undefined });
  const audit = createAuditSubgraph({ subjectKey: SUBJECT_KEY });
  await migrate(db, audit.migrationsDirectory);
  for (const { record, prevHash: previous, hash } of Object.values(PLACED)) {
    await db.query('INSERT INTO audit_events (chain_id, seq, id, record, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6)', [
      record.chainId,
      record.seq,
      record.id,
      JSON.stringify(record),
      previous,
      hash,
    ]);
  }
  const options = { db, port: 0, host: '127.0.0.1', accessContextKeys: TEST_ACCESS_CONTEXT_KEYS };
  server = await startSubgraph(audit, options);
  reconfigured = await startSubgraph(
    createAuditSubgraph({ subjectKey: 'another-deployment-key-0123456789abcdefgh', thresholds: { distinctSubjectsPerHour: 40 } }),
    options,
  );
});

afterAll(async () => {
  await server?.close();
  await reconfigured?.close();
  await db?.close();
  if (databaseName) await dropDatabase(testServerUrl(), databaseName);
});

/** A POST to the audit subgraph carrying the gateway's signed context for `subject` (none when null). */
async function post(
  query: string,
  variables: Record<string, unknown> = {},
  subject: TestSubject | null = OFFICER,
  target: () => RunningSubgraph = () => server,
) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const body = JSON.stringify({ query, variables });
  if (subject) headers[ACCESS_CONTEXT_HEADER] = await accessContextFor(subject, 'audit', testGatewaySigner, body);
  const response = await fetch(target().graphqlUrl, { method: 'POST', headers, body });
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text) as GraphQLResponse };
}

async function ask(query: string, variables: Record<string, unknown> = {}) {
  const { body } = await post(query, variables);
  return body;
}

const EVENT_IDS = `query($filter: AuditEventFilter, $first: Int, $after: String) {
  auditEvents(filter: $filter, first: $first, after: $after) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }`;

/** Every id the filter finds, walking all pages. */
async function idsFor(filter: Record<string, unknown>): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (;;) {
    const body = await ask(EVENT_IDS, { filter, first: 100, after });
    expect(body.errors).toBeUndefined();
    const page = body.data?.auditEvents;
    ids.push(...page.edges.map((edge: any) => edge.node.id));
    if (!page.pageInfo.hasNextPage) return ids;
    after = page.pageInfo.endCursor;
  }
}

describe('auditEvents: filters', () => {
  const WANG_PSEUDONYM = pseudonymOf('Person', WANG);

  it('finds every event newest first without a filter', async () => {
    expect(await idsFor({})).toEqual(newestFirst(ALL));
  });

  it.each<[string, Record<string, unknown>, (record: AuditRecord) => boolean]>([
    ['username', { username: 'mediator.wang' }, (r) => r.user?.username === 'mediator.wang'],
    ['agency (the caller’s)', { agency: 'police' }, (r) => r.user?.agency === 'police'],
    ['subgraph (the agency whose data was fetched)', { subgraph: 'bank' }, (r) => r.subgraphs.includes('bank')],
    ['purpose', { purpose: 'litigation-source-governance' }, (r) => r.purpose === 'litigation-source-governance'],
    ['outcome REFUSED', { outcome: 'REFUSED' }, (r) => r.outcome === 'refused'],
    ['outcome FAILED', { outcome: 'FAILED' }, (r) => r.outcome === 'failed'],
    ['from (inclusive, a +08:00 time)', { from: '2025-07-02T10:08:00+08:00' }, (r) => r.time >= '2025-07-02T02:08:00.000Z'],
    ['to (exclusive)', { to: '2025-06-30T04:00:00Z' }, (r) => r.time < '2025-06-30T04:00:00.000Z'],
    ['a date as from', { from: '2025-07-05' }, (r) => r.time >= '2025-07-05T00:00:00.000Z'],
    ['subjectIdNumber', { subjectIdNumber: WANG }, (r) => r.subjectPseudonyms.includes(WANG_PSEUDONYM)],
  ])('filters by %s alone', async (_name, filter, test) => {
    const expected = newestFirst(where(test));
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(ALL.length);
    expect(await idsFor(filter)).toEqual(expected);
  });

  it('finds a person through the pseudonym of their ID number: only records that returned them', async () => {
    expect(await idsFor({ subjectIdNumber: WANG })).toEqual(newestFirst(['partialFailure', 'clerkCount', 'wangMediated']));
    expect(await idsFor({ subjectIdNumber: LI })).toEqual([idOf('fraudLookup')]);
    expect(await idsFor({ subjectIdNumber: ZHANG })).toEqual(newestFirst(['lateNight', 'fraudLookup']));
    expect(await idsFor({ subjectIdNumber: CHEN })).toEqual([]);
    // one of the analyst's crowd, typed with a lower-case x as its check character
    expect(await idsFor({ subjectIdNumber: residentId(131).toLowerCase() })).toEqual(newestFirst(['analyst3', 'analyst2']));
  });

  it('combines filters', async () => {
    expect(await idsFor({ username: 'mediator.wang', outcome: 'REFUSED' })).toEqual([idOf('mediatorRefused')]);
    expect(await idsFor({ subjectIdNumber: WANG, purpose: 'fraud-investigation' })).toEqual([idOf('partialFailure')]);
    expect(await idsFor({ subjectIdNumber: WANG, purpose: 'fraud-investigation', outcome: 'ALLOWED' })).toEqual([]);
    expect(await idsFor({ agency: 'police', from: '2025-06-30T05:00:00.000Z' })).toEqual(newestFirst(['lateNight', 'partialFailure']));
    expect(await idsFor({ subgraph: 'court', from: '2025-06-30T00:00:00Z', to: '2025-07-01T00:00:00Z' })).toEqual(
      newestFirst(['clerkCount', 'clerkTie']),
    );
    expect(await idsFor({ purpose: 'precursor-chemical-supervision', outcome: 'REFUSED', from: '2025-07-02T02:04:00Z', to: '2025-07-02T02:12:00Z' })).toEqual(
      newestFirst(['inspector3', 'inspector2']),
    );
  });

  it('refuses malformed arguments as the caller’s mistake, naming the argument', async () => {
    for (const [filter, argumentName] of [
      [{ subjectIdNumber: '33011019780315' }, 'subjectIdNumber'],
      [{ from: 'yesterday' }, 'from'],
      [{ to: '2025-06-30T08:00:00' }, 'to'], // a time without a zone
    ] as const) {
      const body = await ask(EVENT_IDS, { filter });
      expect(body.data).toBeNull();
      expect(body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT' });
      expect(body.errors?.[0]?.message).toContain(`\`${argumentName}\``);
    }
  });
});

describe('auditEvents: keyset pagination', () => {
  it('walks every event in pages of 7, one statement a page, newest first with ties broken by id', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      db.resetStatementCount();
      const body = await ask(EVENT_IDS, { first: 7, after });
      expect(body.errors).toBeUndefined();
      expect(db.statementCount).toBe(1);
      const page = body.data?.auditEvents;
      pages += 1;
      seen.push(...page.edges.map((edge: any) => edge.node.id));
      expect(page.pageInfo.endCursor).toBe(page.edges.at(-1).cursor);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(pages).toBe(Math.ceil(ALL.length / 7));
    expect(seen).toEqual(newestFirst(ALL));
    // the tie sits inside one walk either way: both clerk records, in id order
    const tie = newestFirst(['clerkCount', 'clerkTie']);
    expect(seen.indexOf(tie[1] as string)).toBe(seen.indexOf(tie[0] as string) + 1);
  });

  it('refuses a cursor it did not make', async () => {
    const forged = Buffer.from(JSON.stringify(['2025-06-30', 'not-a-uuid'])).toString('base64url');
    for (const after of [forged, 'garbage']) {
      const body = await ask(EVENT_IDS, { first: 5, after });
      expect(body.errors?.map((error) => [error.message, error.extensions])).toEqual([
        ['`after` is not a cursor returned by this field', { code: 'BAD_USER_INPUT' }],
      ]);
    }
    expect((await ask(EVENT_IDS, { first: 101 })).errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT' });
  });
});

describe('auditEvent', () => {
  const EVENT = `query($id: ID!) { auditEvent(id: $id) {
    id version chainId seq prevHash hash time requestId
    user { subject username agency district roles }
    client purpose legalBasis caseRef
    operation { name type documentHash document }
    variables fields { coordinate effect strategy reason } subgraphs
    subjects { type pseudonym display } subjectPseudonyms
    outcome errorCodes latencyMs responseBytes policyRevision } }`;

  it('shows every field of the record and its place in the chain', async () => {
    const { record, prevHash: previous, hash } = PLACED.fraudLookup;
    const body = await ask(EVENT, { id: record.id });
    expect(body).toEqual({
      data: {
        auditEvent: {
          id: record.id,
          version: 1,
          chainId: CHAIN,
          seq: record.seq,
          prevHash: previous,
          hash,
          time: '2025-06-30T03:00:00.000Z',
          requestId: record.requestId,
          user: { subject: 'kc-investigator.li', username: 'investigator.li', agency: 'police', district: '330110', roles: ['police-investigator'] },
          client: 'govgraph-cli',
          purpose: 'fraud-investigation',
          legalBasis: ['《反电信网络诈骗法》第二十八条'],
          caseRef: 'ZP-2025-0001',
          operation: { name: 'VictimAndPayee', type: 'QUERY', documentHash: record.operation.documentHash, document: record.operation.document },
          variables: JSON.stringify(record.variables),
          fields: [
            { coordinate: 'Person.idNumber', effect: 'ALLOW', strategy: null, reason: null },
            { coordinate: 'Person.name', effect: 'ALLOW', strategy: null, reason: null },
            { coordinate: 'Account.accountNumber', effect: 'ALLOW', strategy: null, reason: null },
          ],
          subgraphs: ['police', 'bank'],
          subjects: [
            { type: 'PERSON', pseudonym: pseudonymOf('Person', LI), display: LI },
            { type: 'PERSON', pseudonym: pseudonymOf('Person', ZHANG), display: ZHANG },
          ],
          subjectPseudonyms: [pseudonymOf('Person', LI), pseudonymOf('Person', ZHANG)],
          outcome: 'ALLOWED',
          errorCodes: [],
          latencyMs: record.latencyMs,
          responseBytes: record.responseBytes,
          policyRevision: 'rev-test',
        },
      },
    });
  });

  it('shows an unauthenticated, refused record with no user; finds several ids in one statement', async () => {
    db.resetStatementCount();
    const body = await ask(`query($a: ID!, $b: ID!, $c: ID!, $d: ID!) {
      a: auditEvent(id: $a) { user { username } purpose outcome errorCodes fields { effect } }
      b: auditEvent(id: $b) { outcome fields { coordinate effect reason } }
      c: auditEvent(id: $c) { id }
      d: auditEvent(id: $d) { id } }`, {
      a: idOf('anonymous'),
      b: idOf('mediatorRefused').toUpperCase(),
      c: randomUUID(),
      d: 'not-an-id',
    });
    expect(body).toEqual({
      data: {
        a: { user: null, purpose: null, outcome: 'REFUSED', errorCodes: ['UNAUTHENTICATED'], fields: [] },
        b: { outcome: 'REFUSED', fields: [{ coordinate: 'Person.accounts', effect: 'DENY', reason: 'bank data is outside this purpose' }] },
        c: null,
        d: null,
      },
    });
    expect(db.statementCount).toBe(1);
  });
});

describe('subjectAccessReport: who accessed this person’s data', () => {
  const REPORT = `query($id: ID!) { subjectAccessReport(idNumber: $id) { idNumber pseudonym accesses {
    recordId time user { username agency roles } client purpose legalBasis caseRef operationName subgraphs
    shownAs { type display } fields { coordinate effect strategy } outcome event { id seq } } } }`;

  it('lists every access that returned 王建国: who, when, why, which fields, masked or clear', async () => {
    const body = await ask(REPORT, { id: WANG });
    expect(body.errors).toBeUndefined();
    const { partialFailure, clerkCount, wangMediated } = RECORDS;
    expect(body.data?.subjectAccessReport).toEqual({
      idNumber: WANG,
      pseudonym: pseudonymOf('Person', WANG),
      accesses: [
        {
          recordId: partialFailure.id,
          time: '2025-06-30T07:00:00.000Z',
          user: { username: 'investigator.li', agency: 'police', roles: ['police-investigator'] },
          client: 'govgraph-cli',
          purpose: 'fraud-investigation',
          legalBasis: ['《反电信网络诈骗法》第二十八条'],
          caseRef: 'ZP-2025-0001',
          operationName: null,
          subgraphs: ['police', 'bank'],
          shownAs: [{ type: 'PERSON', display: WANG }],
          fields: [{ coordinate: 'Person.name', effect: 'ALLOW', strategy: null }],
          outcome: 'FAILED',
          event: { id: partialFailure.id, seq: partialFailure.seq },
        },
        {
          recordId: clerkCount.id,
          time: '2025-06-30T04:00:00.000Z',
          user: { username: 'clerk.zhao', agency: 'court', roles: ['court-clerk'] },
          client: 'govgraph-cli',
          purpose: 'litigation-source-governance',
          legalBasis: ['《个人信息保护法》第十三条第一款第三项'],
          caseRef: null,
          operationName: null,
          subgraphs: ['court', 'police'],
          shownAs: [{ type: 'PERSON', display: '330110********0018' }],
          fields: [{ coordinate: 'Person.idNumber', effect: 'MASK', strategy: 'partial' }],
          outcome: 'ALLOWED',
          event: { id: clerkCount.id, seq: clerkCount.seq },
        },
        {
          recordId: wangMediated.id,
          time: '2025-06-30T02:00:00.000Z',
          user: { username: 'mediator.wang', agency: 'petitions', roles: ['mediator'] },
          client: 'govgraph-cli',
          purpose: 'dispute-resolution',
          legalBasis: ['《人民调解法》第十七条'],
          caseRef: 'TJ-1',
          operationName: 'DisputeParties',
          subgraphs: ['police', 'petitions'],
          shownAs: [{ type: 'PERSON', display: '330110********0018' }],
          fields: [
            { coordinate: 'Person.idNumber', effect: 'MASK', strategy: 'partial' },
            { coordinate: 'Person.name', effect: 'MASK', strategy: 'surname' },
            { coordinate: 'Petition.content', effect: 'ALLOW', strategy: null },
          ],
          outcome: 'ALLOWED',
          event: { id: wangMediated.id, seq: wangMediated.seq },
        },
      ],
    });
  });

  it('shows in each access only the person asked about; the event keeps everyone it returned', async () => {
    const body = await ask(`{ subjectAccessReport(idNumber: "${LI}") { accesses { recordId shownAs { display } event { subjects { display } } } } }`);
    expect(body.data?.subjectAccessReport.accesses).toEqual([
      { recordId: idOf('fraudLookup'), shownAs: [{ display: LI }], event: { subjects: [{ display: LI }, { display: ZHANG }] } },
    ]);
  });

  it('answers several people in one statement; someone never accessed has an empty report', async () => {
    db.resetStatementCount();
    const body = await ask(`{ wang: subjectAccessReport(idNumber: "${WANG}") { accesses { recordId } }
      zhang: subjectAccessReport(idNumber: "${ZHANG}") { accesses { recordId } }
      chen: subjectAccessReport(idNumber: "${CHEN}") { idNumber accesses { recordId } } }`);
    expect(body.errors).toBeUndefined();
    expect(body.data?.wang.accesses.map((access: any) => access.recordId)).toEqual(newestFirst(['partialFailure', 'clerkCount', 'wangMediated']));
    expect(body.data?.zhang.accesses.map((access: any) => access.recordId)).toEqual(newestFirst(['lateNight', 'fraudLookup']));
    expect(body.data?.chen).toEqual({ idNumber: CHEN, accesses: [] });
    expect(db.statementCount).toBe(1);
  });

  it('finds nothing under another deployment’s subject key: the pseudonym is keyed', async () => {
    const { body } = await post(`{ subjectAccessReport(idNumber: "${WANG}") { pseudonym accesses { recordId } } }`, {}, OFFICER, () => reconfigured);
    expect(body.data?.subjectAccessReport).toEqual({ pseudonym: pseudonymOf('Person', WANG, 'another-deployment-key-0123456789abcdefgh'), accesses: [] });
  });

  it('refuses what is not an ID number', async () => {
    const body = await ask(`{ subjectAccessReport(idNumber: "王建国") { pseudonym } }`);
    expect(body.errors?.[0]).toMatchObject({ message: '`idNumber` must be an 18-character resident ID number', extensions: { code: 'BAD_USER_INPUT' } });
  });
});

describe('auditUserStatistics', () => {
  const STATISTICS = `query($from: String!, $to: String!) { auditUserStatistics(from: $from, to: $to) {
    username agency roles operations refused distinctSubjects maxDistinctSubjectsPerHour offHoursAccesses
    maxRefusedInBurstWindow flags anomalies { flag observed threshold at message } } }`;
  const WEEK = { from: '2025-06-30T00:00:00Z', to: '2025-07-07T00:00:00Z' };
  const distinct = (labels: Label[]) => new Set(labels.flatMap((label) => RECORDS[label].subjectPseudonyms)).size;

  it('counts per user over the period in one statement; flagged users first; anonymous attempts belong to nobody', async () => {
    db.resetStatementCount();
    const body = await ask(STATISTICS, WEEK);
    expect(body.errors).toBeUndefined();
    expect(db.statementCount).toBe(1);
    const rows = body.data?.auditUserStatistics.map(({ anomalies: _anomalies, ...row }: any) => row);
    const stats = (
      who: AuditUser,
      counts: { operations: number; refused: number; distinctSubjects: number; perHour: number; offHours: number; burst: number },
      flags: string[],
    ) => ({
      username: who.username,
      agency: who.agency,
      roles: who.roles,
      operations: counts.operations,
      refused: counts.refused,
      distinctSubjects: counts.distinctSubjects,
      maxDistinctSubjectsPerHour: counts.perHour,
      offHoursAccesses: counts.offHours,
      maxRefusedInBurstWindow: counts.burst,
      flags,
    });
    expect(distinct(['analyst1', 'analyst2', 'analyst3'])).toBe(51);
    expect(distinct(['compliance1', 'compliance2'])).toBe(50);
    expect(rows).toEqual([
      stats(USERS.analyst, { operations: 4, refused: 0, distinctSubjects: distinct(['analyst1', 'analyst2', 'analyst3', 'analyst4']), perHour: 51, offHours: 0, burst: 0 }, ['DISTINCT_SUBJECTS_PER_HOUR']),
      stats(USERS.clerk, { operations: 3, refused: 0, distinctSubjects: 1, perHour: 1, offHours: 1, burst: 0 }, ['OFF_HOURS_ACCESS']),
      stats(USERS.grid, { operations: 5, refused: 5, distinctSubjects: 0, perHour: 0, offHours: 0, burst: 5 }, ['REFUSAL_BURST']),
      stats(USERS.investigator, { operations: 3, refused: 0, distinctSubjects: 3, perHour: 2, offHours: 1, burst: 0 }, ['OFF_HOURS_ACCESS']),
      stats(USERS.compliance, { operations: 2, refused: 0, distinctSubjects: 50, perHour: 50, offHours: 0, burst: 0 }, []),
      stats(USERS.inspector, { operations: 5, refused: 5, distinctSubjects: 0, perHour: 0, offHours: 0, burst: 3 }, []),
      stats(USERS.mediator, { operations: 2, refused: 1, distinctSubjects: 1, perHour: 1, offHours: 0, burst: 1 }, []),
    ]);
  });

  it('says what each anomaly rule saw, and where', async () => {
    const body = await ask(STATISTICS, WEEK);
    const anomalies = Object.fromEntries(body.data?.auditUserStatistics.map((row: any) => [row.username, row.anomalies]));
    expect(anomalies['analyst.chen']).toEqual([
      {
        flag: 'DISTINCT_SUBJECTS_PER_HOUR',
        observed: 51,
        threshold: 50,
        at: '2025-07-01T02:00:00.000Z',
        message: '51 distinct data subjects in the hour from 2025-07-01T02:00:00.000Z, above the threshold of 50.',
      },
    ]);
    expect(anomalies['investigator.li']).toEqual([
      {
        flag: 'OFF_HOURS_ACCESS',
        observed: 1,
        threshold: 0,
        at: '2025-06-30T13:00:00.000Z',
        message: '1 operations outside working hours (08:00–20:00 on weekdays, Asia/Shanghai), the first in the hour from 2025-06-30T13:00:00.000Z.',
      },
    ]);
    expect(anomalies['clerk.zhao']?.[0]).toMatchObject({ flag: 'OFF_HOURS_ACCESS', observed: 1, at: '2025-07-05T03:00:00.000Z' });
    expect(anomalies['grid.wu']).toEqual([
      {
        flag: 'REFUSAL_BURST',
        observed: 5,
        threshold: 5,
        at: '2025-07-02T02:00:00.000Z',
        message: '5 refused operations within 10 minutes from 2025-07-02T02:00:00.000Z (a burst is 5 or more).',
      },
    ]);
    for (const quiet of ['compliance.zhou', 'inspector.sun', 'mediator.wang']) expect(anomalies[quiet]).toEqual([]);
  });

  it('counts only the period asked about', async () => {
    const body = await ask(STATISTICS, { from: '2025-07-02T10:00:00+08:00', to: '2025-07-02T10:10:00+08:00' });
    expect(body.data?.auditUserStatistics.map((row: any) => [row.username, row.operations, row.flags])).toEqual([
      ['grid.wu', 5, ['REFUSAL_BURST']],
      ['inspector.sun', 3, []],
    ]);
    const empty = await ask(STATISTICS, { from: '2024-01-01T00:00:00Z', to: '2024-02-01T00:00:00Z' });
    expect(empty).toEqual({ data: { auditUserStatistics: [] } });
  });

  it('takes its thresholds from the definition’s options', async () => {
    const { body } = await post(STATISTICS, WEEK, OFFICER, () => reconfigured);
    const compliance = body.data?.auditUserStatistics.find((row: any) => row.username === 'compliance.zhou');
    expect(compliance).toMatchObject({ maxDistinctSubjectsPerHour: 50, flags: ['DISTINCT_SUBJECTS_PER_HOUR'] });
    expect(compliance.anomalies[0]).toMatchObject({ observed: 50, threshold: 40 });
  });

  it('refuses a period that ends before it starts', async () => {
    const body = await ask(STATISTICS, { from: '2025-07-07T00:00:00Z', to: '2025-06-30T00:00:00Z' });
    expect(body.errors?.[0]).toMatchObject({ message: '`to` must be later than `from`', extensions: { code: 'BAD_USER_INPUT' } });
  });
});

describe('only the audit-review purpose reaches the audit graph', () => {
  const EVERY_ROOT = `query($id: ID!) {
    auditEvents { edges { node { id user { username } } } }
    auditEvent(id: $id) { id }
    subjectAccessReport(idNumber: "${WANG}") { accesses { recordId } }
    auditUserStatistics(from: "2025-06-30T00:00:00Z", to: "2025-07-07T00:00:00Z") { username } }`;
  const variables = { id: idOf('wangMediated') };
  /** Nothing of the audit data in what left the server. */
  const leaksNothing = (text: string) => {
    for (const secret of ['mediator.wang', 'investigator.li', pseudonymOf('Person', WANG), idOf('fraudLookup'), '330110********0018']) {
      expect(text).not.toContain(secret);
    }
  };

  const ROOTS: Record<string, string> = {
    'Query.auditEvents': `{ auditEvents { edges { node { id user { username } } } } }`,
    'Query.auditEvent': `{ auditEvent(id: "${idOf('wangMediated')}") { id } }`,
    'Query.subjectAccessReport': `{ subjectAccessReport(idNumber: "${WANG}") { accesses { recordId } } }`,
    'Query.auditUserStatistics': `{ auditUserStatistics(from: "2025-06-30T00:00:00Z", to: "2025-07-07T00:00:00Z") { username } }`,
  };

  it('refuses a mediator under dispute-resolution every root field (FORBIDDEN), before any statement', async () => {
    for (const [coordinate, query] of Object.entries(ROOTS)) {
      db.resetStatementCount();
      const { status, text, body } = await post(query, {}, SUBJECTS.mediator);
      expect(status).toBe(200);
      expect(body.data).toBeUndefined(); // refused before execution: nothing ran
      expect(body.errors?.map((error) => error.extensions)).toEqual([{ code: 'FORBIDDEN', coordinate }]);
      expect(db.statementCount).toBe(0);
      leaksNothing(text);
    }
    const { body } = await post(ROOTS['Query.auditEvents'] as string, {}, SUBJECTS.mediator);
    expect(body.errors?.[0]?.message).toBe(
      'Purpose "dispute-resolution" (矛盾纠纷化解) does not cover the type AuditEventConnection, so Query.auditEvents, which returns it, is denied.',
    );
  });

  it('refuses every other purpose the same way', async () => {
    for (const subject of [SUBJECTS.fraudInvestigator, SUBJECTS.courtClerk, SUBJECTS.riskAnalyst, SUBJECTS.precursorInspector, SUBJECTS.gridWorker]) {
      db.resetStatementCount();
      const { text, body } = await post(EVERY_ROOT, variables, subject);
      expect(body.data).toBeUndefined();
      expect(new Set(body.errors?.map((error) => error.extensions?.code))).toEqual(new Set(['FORBIDDEN']));
      expect(db.statementCount).toBe(0);
      leaksNothing(text);
    }
  });

  it('refuses a privacy officer under another purpose (403), and a call without the gateway’s context (401)', async () => {
    db.resetStatementCount();
    const otherPurpose = await post(EVERY_ROOT, variables, { ...OFFICER, purpose: 'litigation-source-governance' });
    expect(otherPurpose.status).toBe(403);
    expect(otherPurpose.body.errors?.map((error) => error.extensions)).toEqual([{ code: 'FORBIDDEN' }]);
    leaksNothing(otherPurpose.text);

    const noContext = await post(EVERY_ROOT, variables, null);
    expect(noContext.status).toBe(401);
    expect(noContext.body).toEqual({
      errors: [{ message: 'The audit agency answers only the govgraph gateway: access context missing.', extensions: { code: 'UNAUTHENTICATED' } }],
    });

    // an officer's context minted for another subgraph, for this very body, is not accepted here
    const body = JSON.stringify({ query: EVERY_ROOT, variables });
    const response = await fetch(server.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [ACCESS_CONTEXT_HEADER]: await accessContextFor(OFFICER, 'police', testGatewaySigner, body) },
      body,
    });
    expect(response.status).toBe(401);
    leaksNothing(await response.text());
    expect(db.statementCount).toBe(0);
  });

  it('serves the privacy officer', async () => {
    const { status, body } = await post(EVERY_ROOT, variables, OFFICER);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data?.auditEvent).toEqual({ id: idOf('wangMediated') });
  });
});
