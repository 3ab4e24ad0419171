import { createBudgetStore } from '../../gateway/budgets/budgetStore';
import { startGateway, type RunningGateway } from '../../gateway/server';
import { loadSupergraphSdl } from '../../gateway/supergraph';
import { DEVELOPMENT_PSEUDONYM_KEY } from '../../runtime/developmentKeys';
import { DEVELOPMENT_AUDIT_SUBJECT_KEY, type RunningSystem } from '../../runtime/system';
import { SUBGRAPHS } from '../../subgraphs/agencies';
import { passwordToken } from '../identity/tokenEndpoint';
import { dropSystemDatabases } from '../support/agencyDatabases';
import { residentIdCheck } from '../support/identifiers';
import { startTestSystem } from '../support/testSystem';

/**
 * Issue 9, items 3(a), 3(c), 5 and 6 on the whole system over real HTTP, real PostgreSQL and signed tokens:
 * extraction budgets counted in the shared `<prefix>_budgets` database (a bulk read stops at the budget with
 * 429 and Retry-After; concurrent requests and a second gateway instance cannot exceed it together), the
 * identifier-lookup attack on a masked ID, the pseudonym of a named ID withheld, and break-glass.
 */
const WANG = '330110197803150018';
const DISPUTE = 'TJ-2025-330110-00001';
const prefix = `gg_budgets_${process.pid}`;
let system: RunningSystem;
let second: RunningGateway;
const tokens: Record<string, string> = {};

interface Answer {
  status: number;
  headers: Headers;
  body: { data?: any; errors?: any[]; extensions?: any };
}

async function post(url: string, query: string, headers: Record<string, string>, variables?: Record<string, unknown>): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, ...(variables ? { variables } : {}) }),
  });
  return { status: response.status, headers: response.headers, body: JSON.parse(await response.text()) as Answer['body'] };
}

function as(username: string, purpose: string, extra: Record<string, string> = {}): Record<string, string> {
  return { authorization: `Bearer ${tokens[username]}`, 'x-purpose': purpose, ...extra };
}
const LSG = 'litigation-source-governance';
const gw = () => system.gateway.graphqlUrl;

function codes(answer: Answer): string[] {
  return (answer.body.errors ?? []).map((error) => String(error.extensions?.code));
}

/** The committed audit record of an answer or a refusal, by the id it carries. */
async function recordOf(answer: Answer): Promise<any> {
  const id = answer.body.extensions?.privacy?.auditRecordId ?? answer.body.errors?.[0]?.extensions?.auditRecordId;
  expect(typeof id).toBe('string');
  const rows = await system.audit.db.query<{ record: any }>('SELECT record FROM audit_events WHERE id = $1', [id]);
  expect(rows).toHaveLength(1);
  return rows[0]!.record;
}

/** A fresh hour for every test: the counts are the shared store's, emptied as its owner. */
async function resetBudgets(): Promise<void> {
  await system.budgets.db.query('TRUNCATE budget_subjects, budget_lookups, budget_refusals');
}

/** The bulk read: enterprises page by page, each a data subject, under financial-risk-monitoring (no case). */
const FRM = 'financial-risk-monitoring';
const PAGE = `query Page($after: String) {
  enterprises(first: 20, after: $after) { edges { node { creditCode industry } } pageInfo { endCursor hasNextPage } }
}`;

/** Distinct enterprises of an answered page. */
function subjectsOf(answer: Answer): string[] {
  const edges = answer.body.data?.enterprises?.edges ?? [];
  return [...new Set(edges.map((edge: any) => edge.node.creditCode).filter(Boolean) as string[])];
}

/** Cursors of the first pages, read by another user so that analyst.chen's budget is untouched. */
async function cursors(pages: number): Promise<(string | undefined)[]> {
  const found: (string | undefined)[] = [undefined];
  while (found.length < pages) {
    await resetBudgets();
    const answer = await post(gw(), PAGE, as('compliance.zhou', FRM), { after: found[found.length - 1] });
    found.push(answer.body.data.enterprises.pageInfo.endCursor);
  }
  await resetBudgets();
  return found;
}

/** 33 candidate IDs of men born in 1978 in district 330110 ending in …0018-like serials, the real one among them. */
function candidates(): string[] {
  const ids = new Set<string>([WANG]);
  for (let day = 1; ids.size < 33; day += 1) {
    const body = `3301101978${String(1 + (day % 12)).padStart(2, '0')}${String(1 + (day % 28)).padStart(2, '0')}${String(day).padStart(3, '0')}`;
    ids.add(`${body}${residentIdCheck(body)}`);
  }
  return [...ids];
}

function expectBudgetRefusal(answer: Answer, code: string): void {
  expect(answer.status).toBe(429);
  expect(answer.body.data ?? null).toBeNull();
  expect(codes(answer)).toEqual([code]);
  const retryAfter = Number(answer.headers.get('retry-after'));
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(3_600);
  expect(answer.body.errors![0].extensions.retryAfterSeconds).toBe(retryAfter);
}

beforeAll(async () => {
  system = await startTestSystem(prefix, { seedPersons: 1_000, subgraphTimeoutMs: 10_000 });
  for (const username of ['mediator.wang', 'clerk.zhao', 'officer.qian', 'analyst.chen', 'compliance.zhou']) {
    tokens[username] = await passwordToken(system.identityProvider.issuer, username);
  }
  // A second gateway instance on the same budgets database, as a deployment runs several.
  second = await startGateway({
    supergraphSdl: loadSupergraphSdl(),
    subgraphUrls: Object.fromEntries(SUBGRAPHS.map((name) => [name, system.subgraphs[name].graphqlUrl])),
    subgraphTimeoutMs: 10_000,
    port: 0,
    host: '127.0.0.1',
    identity: { issuer: system.identityProvider.issuer, audience: 'govgraph-gateway' },
    accessContextSigner: system.accessContextSigner,
    pseudonymKey: DEVELOPMENT_PSEUDONYM_KEY,
    audit: { writer: system.audit.writer, subjectKey: DEVELOPMENT_AUDIT_SUBJECT_KEY },
    budgets: createBudgetStore(system.budgets.db),
  });
}, 180_000);

afterAll(async () => {
  await second?.close();
  await system?.stop();
  await dropSystemDatabases(prefix);
});

beforeEach(resetBudgets);

describe('the subject budget (50 distinct subjects an hour under financial-risk-monitoring)', () => {
  it('stops a bulk read at the budget: 429, Retry-After, nothing answered, audited and flagged', async () => {
    const seen = new Set<string>();
    let after: string | undefined;
    let refused: Answer | undefined;
    for (let page = 0; page < 20 && !refused; page += 1) {
      const answer = await post(gw(), PAGE, as('analyst.chen', FRM), { after });
      if (answer.status === 429) {
        refused = answer;
        break;
      }
      expect(codes(answer)).toEqual([]);
      for (const subject of subjectsOf(answer)) seen.add(subject);
      after = answer.body.data.enterprises.pageInfo.endCursor;
    }
    expect(refused).toBeDefined();
    expectBudgetRefusal(refused!, 'SUBJECT_BUDGET_EXCEEDED');
    expect(seen.size).toBeLessThanOrEqual(50);
    expect(seen.size).toBeGreaterThan(20);
    expect(refused!.body.errors![0].extensions.budget.limit).toBe(50);

    const record = await recordOf(refused!);
    expect(record).toMatchObject({ outcome: 'refused', errorCodes: ['SUBJECT_BUDGET_EXCEEDED'], subjects: [], user: { username: 'analyst.chen' } });
    const [counted] = await system.budgets.db.query<{ count: number }>('SELECT count(*)::int AS count FROM budget_subjects');
    expect(counted!.count).toBeLessThanOrEqual(50);

    // The review flags the user: BUDGET_EXCEEDED, from the record's error code.
    const hour = new Date();
    const from = new Date(hour.getTime() - 3_600_000).toISOString();
    const to = new Date(hour.getTime() + 3_600_000).toISOString();
    const statistics = await post(
      gw(),
      'query S($from: String!, $to: String!) { auditUserStatistics(from: $from, to: $to) { username budgetRefusals flags } }',
      as('officer.qian', 'audit-review'),
      { from, to },
    );
    expect(codes(statistics)).toEqual([]);
    const chen = statistics.body.data.auditUserStatistics.find((user: any) => user.username === 'analyst.chen');
    expect(chen.flags).toContain('BUDGET_EXCEEDED');
    expect(chen.budgetRefusals).toBeGreaterThanOrEqual(1);
  });

  it('holds for concurrent requests: together they cannot slip under the budget', async () => {
    const pages = await cursors(6);
    const answers = await Promise.all(pages.map((after) => post(gw(), PAGE, as('analyst.chen', FRM), { after })));
    const answered = answers.filter((answer) => answer.status === 200);
    const refused = answers.filter((answer) => answer.status === 429);
    expect(refused.length).toBeGreaterThan(0);
    for (const answer of refused) expectBudgetRefusal(answer, 'SUBJECT_BUDGET_EXCEEDED');
    const seen = new Set(answered.flatMap(subjectsOf));
    expect(seen.size).toBeLessThanOrEqual(50);
  });

  it('is shared by two gateway instances on the same store', async () => {
    const pages = await cursors(4);
    const first = await post(gw(), PAGE, as('analyst.chen', FRM), { after: pages[0] });
    const secondPage = await post(second.graphqlUrl, PAGE, as('analyst.chen', FRM), { after: pages[1] });
    expect([first.status, secondPage.status]).toEqual([200, 200]);
    const seen = new Set([...subjectsOf(first), ...subjectsOf(secondPage)]);
    // Page after page on alternate instances: the one that would pass 50 is refused, on whichever instance.
    let refused: Answer | undefined;
    for (const [index, after] of pages.slice(2).entries()) {
      const answer = await post(index % 2 === 0 ? second.graphqlUrl : gw(), PAGE, as('analyst.chen', FRM), { after });
      if (answer.status === 429) {
        refused = answer;
        break;
      }
      for (const subject of subjectsOf(answer)) seen.add(subject);
    }
    expect(refused).toBeDefined();
    expectBudgetRefusal(refused!, 'SUBJECT_BUDGET_EXCEEDED');
    expect(seen.size).toBeLessThanOrEqual(50);
  });
});

describe('the identifier-lookup attack on a masked ID (3a)', () => {
  const ids = candidates();
  const lookups = (some: string[]) => `{ ${some.map((id, index) => `c${index}: person(idNumber: "${id}") { gender birthDate }`).join(' ')} }`;
  const aliased = lookups(ids);

  it('refuses the 33 aliased person(idNumber) lookups, and 20 (as many root fields as the limits allow), before any agency is asked', async () => {
    // The operation limits (20 root fields) refuse 33 in one operation already…
    const all = await post(gw(), aliased, as('mediator.wang', LSG));
    expect(all.body.data ?? null).toBeNull();
    expect(all.status).toBeGreaterThanOrEqual(400);
    // …and the lookup budget (3 per operation) any number above it.
    const answer = await post(gw(), lookups(ids.slice(0, 20)), as('mediator.wang', LSG));
    expectBudgetRefusal(answer, 'IDENTIFIER_LOOKUP_BUDGET_EXCEEDED');
    expect(answer.body.errors![0].extensions).toMatchObject({ budget: { used: 20, limit: 3 }, identifiers: ['Person.idNumber'] });
    const record = await recordOf(answer);
    expect(record).toMatchObject({ outcome: 'refused', errorCodes: ['IDENTIFIER_LOOKUP_BUDGET_EXCEEDED'], subgraphs: [] });
  });

  it('counts through variables and fragments too', async () => {
    const some = ids.slice(0, 12);
    const variables = Object.fromEntries(some.map((id, index) => [`v${index}`, id]));
    const query = `query Probe(${some.map((_id, index) => `$v${index}: ID!`).join(', ')}) { ...Probe }
      fragment Probe on Query { ${some.map((_id, index) => `c${index}: person(idNumber: $v${index}) { ... on Person { gender } }`).join(' ')} }`;
    const answer = await post(gw(), query, as('mediator.wang', LSG), variables);
    expectBudgetRefusal(answer, 'IDENTIFIER_LOOKUP_BUDGET_EXCEEDED');
  });

  it('refuses it under dispute-resolution as well', async () => {
    const answer = await post(gw(), lookups(ids.slice(0, 20)).replace(/birthDate/g, ''), as('mediator.wang', 'dispute-resolution', { 'x-case-ref': DISPUTE }));
    expect(answer.body.data ?? null).toBeNull();
    // With case scope merged the people outside the case may be refused first: either way, nothing is answered.
    expect(['IDENTIFIER_LOOKUP_BUDGET_EXCEEDED', 'OUTSIDE_CASE_SCOPE']).toContain(codes(answer)[0]);
  });

  it('stops the same attack split into small operations at the hourly budget (20)', async () => {
    const statuses: number[] = [];
    for (let start = 0; start < 30; start += 3) {
      const chunk = ids.slice(start, start + 3);
      const answer = await post(gw(), `{ ${chunk.map((id, index) => `c${index}: person(idNumber: "${id}") { gender }`).join(' ')} }`, as('clerk.zhao', LSG));
      statuses.push(answer.status);
      if (answer.status === 429) {
        expectBudgetRefusal(answer, 'IDENTIFIER_LOOKUP_BUDGET_EXCEEDED');
        break;
      }
    }
    // Six operations of three (18 values) pass; the seventh would make 21.
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429]);
  });
});

describe('a pseudonym is not linkable to an identifier the caller names (3c)', () => {
  it('withholds the pseudonym of the named ID, nested relations included, and shows it where it was not named', async () => {
    const named = await post(
      gw(),
      `query Who($id: ID!) { person(idNumber: $id) { idNumber petitions { petitioner { idNumber } } } }`,
      as('mediator.wang', LSG),
      { id: WANG },
    );
    expect(codes(named)).toEqual([]);
    expect(named.body.data.person.idNumber).toBe('***');
    for (const petition of named.body.data.person.petitions) expect(petition.petitioner.idNumber).toBe('***');
    expect(JSON.stringify(named.body)).not.toContain(WANG);

    expect(named.body.extensions.privacy.masked).toContainEqual({ path: 'person.idNumber', coordinate: 'Person.idNumber', strategy: 'redact' });

    const literal = await post(gw(), `{ person(idNumber: "${WANG}") { idNumber } }`, as('mediator.wang', LSG));
    expect(literal.body.data.person.idNumber).toBe('***');

    // Not named, the same person keeps the handle that links his records within the purpose.
    const dispute = await post(gw(), `{ dispute(id: "${DISPUTE}") { parties { person { idNumber } } } }`, as('mediator.wang', 'dispute-resolution', { 'x-case-ref': DISPUTE }));
    const handles = dispute.body.data.dispute.parties.map((party: any) => party.person?.idNumber);
    for (const handle of handles) {
      expect(handle).not.toBe('***');
      expect(handle).not.toBe(WANG);
    }
  });
});

describe('break-glass (6)', () => {
  const justification = '受害人正在持续转账，需立即核实收款账户持有人身份以便紧急止付';

  it('lets one over-budget request through, records the justification and what it overrode, and shows it to the review', async () => {
    const aliased = `{ ${candidates().slice(0, 5).map((id, index) => `c${index}: person(idNumber: "${id}") { gender }`).join(' ')} }`;
    const refused = await post(gw(), aliased, as('mediator.wang', LSG));
    expectBudgetRefusal(refused, 'IDENTIFIER_LOOKUP_BUDGET_EXCEEDED');

    const answer = await post(gw(), aliased, as('mediator.wang', LSG, { 'x-break-glass': encodeURIComponent(justification) }));
    expect(answer.status).toBe(200);
    expect(codes(answer)).toEqual([]);
    expect(answer.body.data.c0).toBeTruthy();
    const record = await recordOf(answer);
    expect(record.breakGlass).toEqual({ justification, exceeded: ['IDENTIFIER_LOOKUP_BUDGET_EXCEEDED'] });

    // The next request without it is held to the budget again: once per request.
    const again = await post(gw(), aliased, as('mediator.wang', LSG));
    expectBudgetRefusal(again, 'IDENTIFIER_LOOKUP_BUDGET_EXCEEDED');

    const review = await post(gw(), 'query E($id: ID!) { auditEvent(id: $id) { errorCodes breakGlass { justification exceeded } } }', as('officer.qian', 'audit-review'), {
      id: answer.body.extensions.privacy.auditRecordId,
    });
    expect(codes(review)).toEqual([]);
    expect(review.body.data.auditEvent.breakGlass).toEqual({ justification, exceeded: ['IDENTIFIER_LOOKUP_BUDGET_EXCEEDED'] });
  });

  it('lets a request past a spent subject budget, raw UTF-8 or English justifications alike', async () => {
    const pages = await cursors(4);
    for (const after of pages) {
      const answer = await post(gw(), PAGE, as('analyst.chen', FRM), { after });
      if (answer.status === 429) break;
    }
    const reason = 'Court ordered review of repeat petitions in this district before the hearing';
    const answer = await post(gw(), PAGE, as('analyst.chen', FRM, { 'x-break-glass': reason }), { after: pages[3] });
    expect(answer.status).toBe(200);
    expect(subjectsOf(answer).length).toBeGreaterThan(0);
    const record = await recordOf(answer);
    expect(record.breakGlass.justification).toBe(reason);
    expect(record.breakGlass.exceeded).toContain('SUBJECT_BUDGET_EXCEEDED');
  });

  it.each([
    ['too short', 'urgent'],
    ['filler', 'urgent urgent urgent urgent'],
    ['repeated letters', 'aaaaaaaaaaaaaaaaaaaaaaa'],
    ['repeated characters', encodeURIComponent('紧急紧急紧急紧急紧急紧急紧急紧急')],
    ['bad percent-encoding', '%E5%8F%97%E5%AE%B3 needs review now %ZZ'],
  ])('refuses a bad justification (%s) with BREAK_GLASS_INVALID, audited', async (_name, header) => {
    const answer = await post(gw(), `{ petitions(first: 1) { edges { node { id } } } }`, as('mediator.wang', LSG, { 'x-break-glass': header }));
    expect(answer.status).toBe(400);
    expect(codes(answer)).toEqual(['BREAK_GLASS_INVALID']);
    expect(answer.body.data).toBeUndefined();
    const record = await recordOf(answer);
    expect(record).toMatchObject({ outcome: 'refused', errorCodes: ['BREAK_GLASS_INVALID'] });
  });

  it('never unlocks a field the purpose denies', async () => {
    const answer = await post(gw(), `{ person(idNumber: "${WANG}") { name phone } }`, as('mediator.wang', LSG, { 'x-break-glass': encodeURIComponent(justification) }));
    expect(answer.status).toBe(403);
    expect(codes(answer)).toEqual(['FORBIDDEN_FIELDS']);
    expect(answer.body.data ?? null).toBeNull();
  });
});

describe('the refusal budget (5 refusals within 10 minutes)', () => {
  it('stops a user who keeps being refused, at the door, with Retry-After', async () => {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const answer = await post(gw(), `{ person(idNumber: "${WANG}") { name } }`, as('analyst.chen', 'financial-risk-monitoring'));
      expect(answer.status).toBe(403);
    }
    const stopped = await post(gw(), `{ enterprises(first: 1) { edges { node { creditCode } } } }`, as('analyst.chen', 'financial-risk-monitoring'));
    expectBudgetRefusal(stopped, 'REFUSAL_BUDGET_EXCEEDED');
    expect(Number(stopped.headers.get('retry-after'))).toBeLessThanOrEqual(600);
    const record = await recordOf(stopped);
    expect(record).toMatchObject({ outcome: 'refused', errorCodes: ['REFUSAL_BUDGET_EXCEEDED'], user: { username: 'analyst.chen' } });
  });
});
