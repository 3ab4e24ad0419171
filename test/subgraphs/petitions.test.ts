import type { Database } from '../../subgraphs/kit/database';
import { startSubgraph, type RunningSubgraph } from '../../subgraphs/kit/server';
import { petitions } from '../../subgraphs/petitions';
import { createAgencyDatabases, type TestDatabases } from '../support/agencyDatabases';
import { SUBJECTS, TEST_ACCESS_CONTEXT_KEYS } from '../support/accessContexts';
import { walkConnection, type GraphQLResponse } from '../support/graphqlClient';
import { signedGraphqlClient } from '../support/signedGraphqlClient';
import { residentId } from '../support/identifiers';
import { captureLogs } from '../support/logCapture';

const WANG = '330110197803150018';
const ZHANG = '331004199001010133';
const CHEN = '330502199211300247';

let databases: TestDatabases;
let db: Database;
let server: RunningSubgraph;
// The mediator (dispute-resolution) reads petitions and disputes, content and summary included, in every district.
const { graphql, ask } = signedGraphqlClient(() => server.graphqlUrl, 'petitions', SUBJECTS.mediator);

beforeAll(async () => {
  databases = await createAgencyDatabases('petitions');
  db = databases.dbs.petitions;
  // XF-2 and XF-1 share a timestamp (the id breaks the tie); XF-4 and XF-3 are 333 µs apart, which a
  // millisecond cursor could not tell apart.
  await db.query(`
    INSERT INTO petitions (id, received_at, channel, category, content, status, handling_unit,
                           petitioner_id_number, respondent, repeat_count, district) VALUES
      ('XF-1', '2025-04-01T02:00:00Z', '来访', '劳动争议', '反映某劳务公司拖欠工资三个月。', '办理中',
       '西湖区人力社保局', '${WANG}', '杭州某建筑劳务有限公司', 1, '330110'),
      ('XF-2', '2025-04-01T02:00:00Z', '网上信访', '征地拆迁', '对征迁补偿标准有异议。', '已受理',
       '吴兴区征迁办', '${CHEN}', '吴兴区某街道办事处', 0, '330502'),
      ('XF-3', '2025-03-15T01:30:00.123456Z', '12345热线', '民生政策', '咨询医保报销政策。', '已办结',
       '西湖区医保局', '${WANG}', '西湖区医保局', 0, '330110'),
      ('XF-4', '2025-03-15T01:30:00.123789Z', '来信', '村社事务', '反映村集体经济分配不公。', '已办结',
       '吴兴区农业农村局', '${CHEN}', '吴兴区某村村委会', 2, '330502')`);
  await db.query(`
    INSERT INTO disputes (id, registered_at, module, complexity_grade, summary, mediator, outcome, district) VALUES
      ('TJ-1', '2025-04-02T03:00:00Z', '劳动争议', '较大', '工资拖欠引发的劳动争议。', '西湖区矛调中心 刘调解员', '调解中', '330110'),
      ('TJ-2', '2025-02-01T06:00:00Z', '邻里纠纷', '一般', '相邻通行引发的纠纷。', '吴兴区矛调中心 周调解员', '调解成功', '330502')`);
  await db.query(`
    INSERT INTO dispute_parties (dispute_id, id_number, role) VALUES
      ('TJ-1', '${WANG}', '申请人'),
      ('TJ-1', '${ZHANG}', '被申请人'),
      ('TJ-2', '${CHEN}', '申请人'),
      ('TJ-2', '${WANG}', '被申请人')`);
  server = await startSubgraph(petitions, { db, port: 0, host: '127.0.0.1', accessContextKeys: TEST_ACCESS_CONTEXT_KEYS });
});

afterAll(async () => {
  await server?.close();
  await databases?.drop();
});

describe('petitions subgraph: root fields', () => {
  it('looks a petition up by id, its petitioner a Person reference', async () => {
    const body = await ask(
      `query($id: ID!) { petition(id: $id) {
         id receivedAt channel category content status handlingUnit respondent repeatCount district
         petitioner { idNumber }
       } }`,
      { id: 'XF-1' },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data?.petition).toEqual({
      id: 'XF-1',
      receivedAt: '2025-04-01T02:00:00.000Z',
      channel: '来访',
      category: '劳动争议',
      content: '反映某劳务公司拖欠工资三个月。',
      status: '办理中',
      handlingUnit: '西湖区人力社保局',
      // a PERSON_NAME: dispute-resolution keeps the surname, and the agency masks before it answers
      respondent: '杭**********',
      repeatCount: 1,
      district: '330110',
      petitioner: { idNumber: WANG },
    });
  });

  it('looks a dispute up by id, with its parties as Person references', async () => {
    const body = await ask(
      `query($id: ID!) { dispute(id: $id) {
         id registeredAt module complexityGrade summary mediator outcome district
         parties { role person { idNumber } }
       } }`,
      { id: 'TJ-1' },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data?.dispute).toEqual({
      id: 'TJ-1',
      registeredAt: '2025-04-02T03:00:00.000Z',
      module: '劳动争议',
      complexityGrade: '较大',
      summary: '工资拖欠引发的劳动争议。',
      mediator: '西湖区矛调中心 刘调解员',
      outcome: '调解中',
      district: '330110',
      parties: expect.arrayContaining([
        { role: '申请人', person: { idNumber: WANG } },
        { role: '被申请人', person: { idNumber: ZHANG } },
      ]),
    });
    expect(body.data?.dispute.parties).toHaveLength(2);
  });

  it('answers null for unknown ids', async () => {
    const body = await ask(`{ petition(id: "XF-404") { id } dispute(id: "TJ-404") { id } }`);
    expect(body).toEqual({ data: { petition: null, dispute: null } });
  });
});

describe('petitions subgraph: Query.petitions pagination', () => {
  const PAGE = `query($first: Int, $after: String, $filter: PetitionFilter) {
    petitions(first: $first, after: $after, filter: $filter) {
      edges { cursor node { id receivedAt } }
      pageInfo { hasNextPage endCursor }
    } }`;
  const ids = (body: GraphQLResponse) => body.data?.petitions.edges.map((edge: any) => edge.node.id);

  it('walks two pages newest first, the id breaking ties on the received time', async () => {
    const first = await ask(PAGE, { first: 2 });
    expect(first.errors).toBeUndefined();
    expect(ids(first)).toEqual(['XF-2', 'XF-1']);
    expect(first.data?.petitions.pageInfo.hasNextPage).toBe(true);

    const second = await ask(PAGE, { first: 2, after: first.data?.petitions.pageInfo.endCursor });
    expect(ids(second)).toEqual(['XF-4', 'XF-3']);
    expect(second.data?.petitions.pageInfo).toEqual({
      hasNextPage: false,
      endCursor: second.data?.petitions.edges[1].cursor,
    });
  });

  it('skips no row whose time differs from the previous page end by less than a millisecond', async () => {
    expect(await walkConnection(ask, PAGE, 'petitions', { key: 'id' })).toEqual(['XF-2', 'XF-1', 'XF-4', 'XF-3']);
  });

  it('filters by district, category, status and a half-open time range', async () => {
    expect(ids(await ask(PAGE, { filter: { district: '330502' } }))).toEqual(['XF-2', 'XF-4']);
    expect(ids(await ask(PAGE, { filter: { category: '劳动争议' } }))).toEqual(['XF-1']);
    expect(ids(await ask(PAGE, { filter: { status: '已办结' } }))).toEqual(['XF-4', 'XF-3']);
    expect(ids(await ask(PAGE, { filter: { from: '2025-03-15T00:00:00Z', to: '2025-04-01T02:00:00Z' } }))).toEqual(['XF-4', 'XF-3']);
    expect(ids(await ask(PAGE, { filter: { from: '2025-04-01T02:00:00Z' } }))).toEqual(['XF-2', 'XF-1']);
  });

  it('rejects a cursor it did not issue with BAD_USER_INPUT', async () => {
    const body = await ask(PAGE, { after: 'bm90IGEgY3Vyc29y' });
    expect(body.data).toBeNull();
    expect(body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT' });
  });

  it('rejects first > 100 with BAD_USER_INPUT', async () => {
    const body = await ask(PAGE, { first: 101 });
    expect(body.data).toBeNull();
    expect(body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT' });
  });
});

describe('petitions subgraph: entities, one statement per batch', () => {
  const people = [WANG, CHEN, ZHANG, ...Array.from({ length: 97 }, (_, index) => residentId(index))];
  const personReps = people.map((idNumber) => ({ __typename: 'Person', idNumber }));

  it('resolves Person.petitions for 100 representations in one statement, newest first', async () => {
    db.resetStatementCount();
    const body = await ask(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { petitions { id } } } }`,
      { r: personReps },
    );
    expect(db.statementCount).toBe(1);
    expect(body.errors).toBeUndefined();
    const entities = body.data?._entities as { petitions: { id: string }[] }[];
    expect(entities).toHaveLength(100);
    expect(entities[0]?.petitions).toEqual([{ id: 'XF-1' }, { id: 'XF-3' }]);
    expect(entities[1]?.petitions).toEqual([{ id: 'XF-2' }, { id: 'XF-4' }]);
    expect(entities.slice(2).every((entity) => entity.petitions.length === 0)).toBe(true);
  });

  it('resolves Person.disputes for 100 representations in one statement, newest first', async () => {
    db.resetStatementCount();
    const body = await ask(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { idNumber disputes { id } } } }`,
      { r: personReps },
    );
    expect(db.statementCount).toBe(1);
    const entities = body.data?._entities as { idNumber: string; disputes: { id: string }[] }[];
    expect(entities[0]).toEqual({ idNumber: WANG, disputes: [{ id: 'TJ-1' }, { id: 'TJ-2' }] });
    expect(entities[1]?.disputes).toEqual([{ id: 'TJ-2' }]);
    expect(entities[2]?.disputes).toEqual([{ id: 'TJ-1' }]);
  });

  it('resolves 100 Petition references in one statement and 100 Dispute references with parties in two', async () => {
    const petitionReps = ['XF-1', 'XF-2', ...Array.from({ length: 98 }, (_, index) => `XF-X${index}`)].map((id) => ({
      __typename: 'Petition',
      id,
    }));
    db.resetStatementCount();
    const petitionBody = await ask(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Petition { id petitioner { idNumber } } } }`,
      { r: petitionReps },
    );
    expect(db.statementCount).toBe(1);
    const petitionEntities = petitionBody.data?._entities as unknown[];
    expect(petitionEntities.slice(0, 2)).toEqual([
      { id: 'XF-1', petitioner: { idNumber: WANG } },
      { id: 'XF-2', petitioner: { idNumber: CHEN } },
    ]);
    expect(petitionEntities.slice(2).every((entity) => entity === null)).toBe(true);

    const disputeReps = ['TJ-1', 'TJ-2', ...Array.from({ length: 98 }, (_, index) => `TJ-X${index}`)].map((id) => ({
      __typename: 'Dispute',
      id,
    }));
    db.resetStatementCount();
    const disputeBody = await ask(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Dispute { id parties { person { idNumber } } } } }`,
      { r: disputeReps },
    );
    expect(disputeBody.errors).toBeUndefined();
    expect(db.statementCount).toBe(2);
    const disputeEntities = disputeBody.data?._entities as ({ parties: unknown[] } | null)[];
    expect(disputeEntities[1]?.parties).toHaveLength(2);
    expect(disputeEntities.slice(2).every((entity) => entity === null)).toBe(true);
  });
});

describe('petitions subgraph: internal errors', () => {
  it('never shows SQL text or a stack, only a generic INTERNAL_SERVER_ERROR', async () => {
    const logged = captureLogs();
    await db.query('ALTER TABLE dispute_parties RENAME TO dispute_parties_moved');
    try {
      const { status, text } = await graphql(
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { disputes { id } } } }`,
        { r: [{ __typename: 'Person', idNumber: WANG }] },
      );
      expect(status).toBe(200);
      const body = JSON.parse(text) as GraphQLResponse;
      expect(body.errors).toHaveLength(1);
      expect(body.errors?.[0]).toMatchObject({
        message: 'Internal error in the petitions service',
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      });
      expect(body.errors?.[0]?.extensions).not.toHaveProperty('stacktrace');
      expect(text).not.toMatch(/dispute_parties|relation|SELECT|ANY\(\$1\)|at .*\.ts/i);
      // The operator's log names the failure and its SQLSTATE (42P01, undefined table), never the SQL or a value.
      expect(logged.entries()).toContainEqual(expect.objectContaining({ level: 50, component: 'petitions', msg: 'internal error', sqlState: '42P01' }));
      expect(logged.text()).not.toMatch(/SELECT|dispute_parties|330110197803150018/);
    } finally {
      await db.query('ALTER TABLE dispute_parties_moved RENAME TO dispute_parties');
      logged.restore();
    }
  });
});
