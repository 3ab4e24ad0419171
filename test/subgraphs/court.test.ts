import { court } from '../../subgraphs/court';
import type { Database } from '../../subgraphs/kit/database';
import { startSubgraph, type RunningSubgraph } from '../../subgraphs/kit/server';
import { createAgencyDatabases, type TestDatabases } from '../support/agencyDatabases';
import { SUBJECTS, TEST_ACCESS_CONTEXT_KEYS } from '../support/accessContexts';
import type { GraphQLResponse } from '../support/graphqlClient';
import { signedGraphqlClient } from '../support/signedGraphqlClient';
import { creditCode, residentId } from '../support/identifiers';
import { captureLogs } from '../support/logCapture';

const WANG = '330110197803150018';
const ZHANG = '331004199001010133';
const JIANGUO = '91330110MA2H3K7P6N';
const HUITONG = '91331004MA2J8L4Q7U';

const CASE_A = '(2025)浙0110民初1234号';
const CASE_B = '(2025)浙0110民初1300号'; // filed the same day as A: the case number breaks the tie
const CASE_C = '(2024)浙1004执456号';
const CASE_D = '(2023)浙0110刑初88号';

let databases: TestDatabases;
let db: Database;
let server: RunningSubgraph;
// The court clerk (litigation-source-governance) reads cases with their amounts and parties; the gateway
// masks what it shows, so the subgraph answers in clear.
const { graphql, ask } = signedGraphqlClient(() => server.graphqlUrl, 'court', SUBJECTS.courtClerk);

beforeAll(async () => {
  databases = await createAgencyDatabases('court');
  db = databases.dbs.court;
  await db.query(`
    INSERT INTO cases (case_number, kind, cause_of_action, court, district, filed_at, status, claim_amount, judgment_amount) VALUES
      ('${CASE_A}', '民事', '民间借贷纠纷', '杭州市西湖区人民法院', '330110', '2025-03-10', '审理中', 200000.00, NULL),
      ('${CASE_B}', '民事', '买卖合同纠纷', '杭州市西湖区人民法院', '330110', '2025-03-10', '已结案', 58000.50, 52000.00),
      ('${CASE_C}', '执行', '民间借贷纠纷', '台州市路桥区人民法院', '331004', '2024-11-02', '执行中', 350000.00, 350000.00),
      ('${CASE_D}', '刑事', '诈骗罪', '杭州市西湖区人民法院', '330110', '2023-06-01', '已结案', NULL, NULL)`);
  await db.query(`
    INSERT INTO case_parties (case_number, role, id_number, credit_code) VALUES
      ('${CASE_A}', '被告', '${ZHANG}', NULL),
      ('${CASE_A}', '原告', '${WANG}', NULL),
      ('${CASE_B}', '原告', NULL, '${JIANGUO}'),
      ('${CASE_B}', '被告', NULL, '${HUITONG}'),
      ('${CASE_C}', '申请执行人', '${WANG}', NULL),
      ('${CASE_C}', '被执行人', '${ZHANG}', NULL),
      ('${CASE_C}', '被执行人', NULL, '${HUITONG}'),
      ('${CASE_D}', '被告', '${ZHANG}', NULL),
      ('${CASE_D}', '附带民事诉讼被告', '${ZHANG}', NULL)`);
  // 张伟 is listed twice (two listings, one flag); 汇通 once.
  await db.query(`
    INSERT INTO dishonest_debtors (case_number, id_number, credit_code, listed_at) VALUES
      ('${CASE_C}', '${ZHANG}', NULL, '2025-01-15'),
      ('${CASE_C}', '${ZHANG}', NULL, '2025-02-15'),
      ('${CASE_C}', NULL, '${HUITONG}', '2025-01-15')`);
  server = await startSubgraph(court, { db, port: 0, host: '127.0.0.1', accessContextKeys: TEST_ACCESS_CONTEXT_KEYS });
});

afterAll(async () => {
  await server?.close();
  await databases?.drop();
});

describe('court subgraph: root fields', () => {
  it('looks a case up by its number, with its parties as Person or Enterprise references', async () => {
    const body = await ask(
      `query($n: ID!) { case(caseNumber: $n) {
         caseNumber kind causeOfAction court district filedAt status claimAmount judgmentAmount
         parties { role party { __typename ... on Person { idNumber } ... on Enterprise { creditCode } } }
       } }`,
      { n: CASE_A },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data?.case).toEqual({
      caseNumber: CASE_A,
      kind: '民事',
      causeOfAction: '民间借贷纠纷',
      court: '杭州市西湖区人民法院',
      district: '330110',
      filedAt: '2025-03-10',
      status: '审理中',
      // 200 000 in its band: litigation-source-governance counts amounts as ranges, and the agency masks before it answers
      claimAmount: 100000,
      judgmentAmount: null,
      // claimants before respondents, whatever the insertion order
      parties: [
        { role: '原告', party: { __typename: 'Person', idNumber: WANG } },
        { role: '被告', party: { __typename: 'Person', idNumber: ZHANG } },
      ],
    });

    const enterprises = await ask(
      `query($n: ID!) { case(caseNumber: $n) { parties { role party { ... on Enterprise { __typename creditCode } } } } }`,
      { n: CASE_B },
    );
    expect(enterprises.data?.case.parties).toEqual([
      { role: '原告', party: { __typename: 'Enterprise', creditCode: JIANGUO } },
      { role: '被告', party: { __typename: 'Enterprise', creditCode: HUITONG } },
    ]);
  });

  it('answers null for an unknown case number', async () => {
    const body = await ask(`{ case(caseNumber: "(2025)浙0110民初9999号") { caseNumber } }`);
    expect(body).toEqual({ data: { case: null } });
  });
});

describe('court subgraph: Query.cases pagination', () => {
  const PAGE = `query($first: Int, $after: String, $filter: CaseFilter) {
    cases(first: $first, after: $after, filter: $filter) {
      edges { cursor node { caseNumber filedAt } }
      pageInfo { hasNextPage endCursor }
    } }`;

  it('walks two pages newest first, the case number breaking ties on the filing date', async () => {
    const first = await ask(PAGE, { first: 2 });
    expect(first.errors).toBeUndefined();
    const page1 = first.data?.cases;
    expect(page1.edges.map((edge: any) => edge.node.caseNumber)).toEqual([CASE_B, CASE_A]);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    expect(page1.pageInfo.endCursor).toBe(page1.edges[1].cursor);

    const second = await ask(PAGE, { first: 2, after: page1.pageInfo.endCursor });
    const page2 = second.data?.cases;
    expect(page2.edges.map((edge: any) => edge.node.caseNumber)).toEqual([CASE_C, CASE_D]);
    expect(page2.pageInfo).toEqual({ hasNextPage: false, endCursor: page2.edges[1].cursor });
  });

  it('defaults to 20 and filters by district, kind, cause of action and a half-open date range', async () => {
    const numbers = async (filter: Record<string, string>) =>
      (await ask(PAGE, { filter })).data?.cases.edges.map((edge: any) => edge.node.caseNumber);
    expect(await numbers({})).toEqual([CASE_B, CASE_A, CASE_C, CASE_D]);
    expect(await numbers({ district: '331004' })).toEqual([CASE_C]);
    expect(await numbers({ kind: '民事' })).toEqual([CASE_B, CASE_A]);
    expect(await numbers({ causeOfAction: '民间借贷纠纷' })).toEqual([CASE_A, CASE_C]);
    expect(await numbers({ from: '2024-01-01', to: '2025-03-10' })).toEqual([CASE_C]);
    expect(await numbers({ from: '2025-03-10' })).toEqual([CASE_B, CASE_A]);
  });

  it('rejects a cursor it did not issue with BAD_USER_INPUT', async () => {
    const body = await ask(PAGE, { first: 2, after: 'not-a-cursor' });
    expect(body.data).toBeNull();
    expect(body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT' });
  });

  it('rejects a forged date in a cursor, and a date that is not one in the filter, with BAD_USER_INPUT', async () => {
    const forged = Buffer.from(JSON.stringify(['2025-13-01', CASE_A])).toString('base64url');
    const body = await ask(PAGE, { first: 2, after: forged });
    expect(body.errors?.[0]).toMatchObject({ message: '`after` is not a cursor returned by this field', extensions: { code: 'BAD_USER_INPUT' } });
    for (const to of ['2025-02-30', '2025-03-10T00:00:00Z', '10/03/2025', '']) {
      const bad = await ask(PAGE, { filter: { to } });
      expect(bad.errors?.[0]).toMatchObject({ message: '`filter.to` must be an ISO-8601 date (e.g. 2025-06-30)', extensions: { code: 'BAD_USER_INPUT' } });
    }
  });

  it('rejects first > 100 with BAD_USER_INPUT', async () => {
    const body = await ask(PAGE, { first: 101 });
    expect(body.data).toBeNull();
    expect(body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT' });
  });
});

describe('court subgraph: entities, one statement per batch', () => {
  const people = [WANG, ZHANG, ...Array.from({ length: 98 }, (_, index) => residentId(index))];
  const personReps = people.map((idNumber) => ({ __typename: 'Person', idNumber }));

  it('resolves Person.cases for 100 representations in one statement, newest first, each case once', async () => {
    db.resetStatementCount();
    const body = await ask(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { idNumber cases { caseNumber } } } }`,
      { r: personReps },
    );
    expect(db.statementCount).toBe(1);
    expect(body.errors).toBeUndefined();
    const entities = body.data?._entities as { idNumber: string; cases: { caseNumber: string }[] }[];
    expect(entities).toHaveLength(100);
    expect(entities[0]).toEqual({ idNumber: WANG, cases: [{ caseNumber: CASE_A }, { caseNumber: CASE_C }] });
    // 张伟 is listed twice in D (被告 and 附带民事诉讼被告): D still appears once
    expect(entities[1]?.cases).toEqual([{ caseNumber: CASE_A }, { caseNumber: CASE_C }, { caseNumber: CASE_D }]);
    expect(entities.slice(2).every((entity) => entity.cases.length === 0)).toBe(true);
  });

  it('resolves Person.dishonestDebtor for 100 representations in one statement', async () => {
    // The risk analyst's purpose reads the flag; the clerk's (litigation-source governance) denies it per person.
    const asAnalyst = signedGraphqlClient(() => server.graphqlUrl, 'court', SUBJECTS.riskAnalyst);
    db.resetStatementCount();
    const body = await asAnalyst.ask(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { dishonestDebtor } } }`,
      { r: personReps },
    );
    expect(db.statementCount).toBe(1);
    const flags = (body.data?._entities as { dishonestDebtor: boolean }[]).map((entity) => entity.dishonestDebtor);
    expect(flags[0]).toBe(false);
    expect(flags[1]).toBe(true);
    expect(flags.filter(Boolean)).toHaveLength(1);
  });

  it('resolves Enterprise.cases and dishonestDebtor in one statement each', async () => {
    const reps = [JIANGUO, HUITONG, ...Array.from({ length: 98 }, (_, index) => creditCode(index))].map(
      (creditCode) => ({ __typename: 'Enterprise', creditCode }),
    );
    db.resetStatementCount();
    const body = await ask(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Enterprise { creditCode cases { caseNumber } dishonestDebtor } } }`,
      { r: reps },
    );
    expect(body.errors).toBeUndefined();
    expect(db.statementCount).toBe(2);
    const entities = body.data?._entities as { cases: { caseNumber: string }[]; dishonestDebtor: boolean }[];
    expect(entities[0]).toEqual({ creditCode: JIANGUO, cases: [{ caseNumber: CASE_B }], dishonestDebtor: false });
    expect(entities[1]).toEqual({ creditCode: HUITONG, cases: [{ caseNumber: CASE_B }, { caseNumber: CASE_C }], dishonestDebtor: true });
  });

  it('resolves 100 Case references and all their parties in two statements, unknown ones as null', async () => {
    const known = [CASE_A, CASE_B, CASE_C, CASE_D];
    const reps = [...known, ...Array.from({ length: 96 }, (_, index) => `(2020)浙0110民初${index}号`)].map((caseNumber) => ({
      __typename: 'Case',
      caseNumber,
    }));
    db.resetStatementCount();
    const body = await ask(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Case { caseNumber parties { role } } } }`,
      { r: reps },
    );
    expect(body.errors).toBeUndefined();
    expect(db.statementCount).toBe(2);
    const entities = body.data?._entities as ({ caseNumber: string; parties: { role: string }[] } | null)[];
    expect(entities.slice(0, 4).map((entity) => entity?.caseNumber)).toEqual(known);
    expect(entities[2]?.parties.map((party) => party.role)).toEqual(['申请执行人', '被执行人', '被执行人']);
    expect(entities.slice(4).every((entity) => entity === null)).toBe(true);
  });
});

describe('court subgraph: internal errors', () => {
  it('never shows SQL text or a stack, only a generic INTERNAL_SERVER_ERROR', async () => {
    const logged = captureLogs();
    await db.query('ALTER TABLE case_parties RENAME TO case_parties_moved');
    try {
      const { status, text } = await graphql(
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { cases { caseNumber } } } }`,
        { r: [{ __typename: 'Person', idNumber: WANG }] },
      );
      expect(status).toBe(200);
      const body = JSON.parse(text) as GraphQLResponse;
      expect(body.errors).toHaveLength(1);
      expect(body.errors?.[0]).toMatchObject({
        message: 'Internal error in the court service',
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      });
      expect(body.errors?.[0]?.extensions).not.toHaveProperty('stacktrace');
      expect(text).not.toMatch(/case_parties|relation|SELECT|ANY\(\$1\)|at .*\.ts/i);
      // The operator's log names the failure and its SQLSTATE (42P01, undefined table), never the SQL or a value.
      expect(logged.entries()).toContainEqual(expect.objectContaining({ level: 50, component: 'court', msg: 'internal error', sqlState: '42P01' }));
      expect(logged.text()).not.toMatch(/SELECT|case_parties|330110197803150018/);
    } finally {
      await db.query('ALTER TABLE case_parties_moved RENAME TO case_parties');
      logged.restore();
    }
  });

  it('does not leak SQL text when a well-formed cursor carries a value PostgreSQL rejects', async () => {
    const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const forged = Buffer.from(JSON.stringify(['not-a-date', CASE_A])).toString('base64url');
      const { text } = await graphql(`query($a: String) { cases(after: $a) { edges { cursor } } }`, { a: forged });
      const body = JSON.parse(text) as GraphQLResponse;
      expect(body.errors).toHaveLength(1);
      expect(text).not.toMatch(/filed_at|case_number|SELECT|syntax for type/i);
    } finally {
      logged.mockRestore();
    }
  });
});
