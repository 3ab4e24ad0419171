import type { Database } from '../../subgraphs/kit/database';
import { startSubgraph, type RunningSubgraph } from '../../subgraphs/kit/server';
import { market } from '../../subgraphs/market';
import { createAgencyDatabases, type TestDatabases } from '../support/agencyDatabases';
import { PURPOSE_LIST } from '../../policies';
import { recordsTestPurpose, SUBJECTS, TEST_ACCESS_CONTEXT_KEYS } from '../support/accessContexts';
import { walkConnection, type GraphQLResponse } from '../support/graphqlClient';
import { signedGraphqlClient } from '../support/signedGraphqlClient';
import { creditCode, residentId } from '../support/identifiers';

const WANG = '330110197803150018';
const LI = '330110198507220020';
const ZHANG = '331004199001010133';
const CHEN = '330502199211300247';
const JIANGUO = '91330110MA2H3K7P6N';
const HUITONG = '91331004MA2J8L4Q7U';
// Generated codes start 91330100…, so they sort before both demo enterprises.
const LOGISTICS = creditCode(1);
const STONE = creditCode(2);

let databases: TestDatabases;
let db: Database;
let server: RunningSubgraph;
// The inspector (precursor-chemical-supervision) reads enterprises, inspections and penalties; the risk analyst
// (financial-risk-monitoring) also reads legal representatives. No real purpose covers 12315 complaints yet:
// tests reading them run under a records-test purpose served beside the real ones.
const RECORDS = recordsTestPurpose('market-records-test', ['Enterprise', 'Inspection', 'AdministrativePenalty', 'ConsumerComplaint', 'Person']);
const { ask } = signedGraphqlClient(() => server.graphqlUrl, 'market', SUBJECTS.precursorInspector);
const analyst = signedGraphqlClient(() => server.graphqlUrl, 'market', SUBJECTS.riskAnalyst);
const records = signedGraphqlClient(() => server.graphqlUrl, 'market', { purpose: RECORDS.name, roles: RECORDS.roles });

beforeAll(async () => {
  databases = await createAgencyDatabases('market');
  db = databases.dbs.market;
  // Inserted out of credit-code order, so the page order comes from the statement, not the heap.
  await db.query(`
    INSERT INTO enterprises (credit_code, name, legal_rep_id_number, registered_capital, status, address,
                             district, industry, established_on) VALUES
      ('${HUITONG}', '台州路桥汇通投资有限公司', '${ZHANG}', 10000000.00, '存续', '台州市路桥区银安街88号',
       '331004', '投资管理', '2016-08-22'),
      ('${JIANGUO}', '杭州建国建材有限公司', '${WANG}', 5000000.00, '存续', '杭州市西湖区西溪路520号',
       '330110', '建材批发', '2012-05-18'),
      ('${STONE}', '杭州西湖石材经营部', '${LI}', 300000.50, '吊销', '杭州市西湖区转塘街道石龙山路9号',
       '330110', '建材批发', '2010-03-01'),
      ('${LOGISTICS}', '杭州建国物流有限公司', '${WANG}', 1000000.00, '注销', '杭州市西湖区三墩镇振华路3号',
       '330110', '道路货运', '2014-11-11')`);
  // JC-2 and JC-4 share a date: the id breaks the tie.
  await db.query(`
    INSERT INTO inspections (id, credit_code, inspected_at, inspector_unit, result, notes) VALUES
      ('JC-1', '${JIANGUO}', '2024-09-12', '西湖区市场监督管理局', '合格', '台账齐全。'),
      ('JC-2', '${JIANGUO}', '2025-03-20', '西湖区市场监督管理局', '责令整改', '易制毒化学品购销台账缺三月记录。'),
      ('JC-4', '${JIANGUO}', '2025-03-20', '杭州市市场监督管理局', '合格', '复查。'),
      ('JC-3', '${HUITONG}', '2024-05-06', '路桥区市场监督管理局', '合格', '年报抽查。')`);
  await db.query(`
    INSERT INTO administrative_penalties (decision_number, credit_code, decided_at, violation, penalty_amount, authority) VALUES
      ('杭西市监罚〔2025〕12号', '${JIANGUO}', '2025-04-08', '未按规定建立易制毒化学品购销台账', 20000.00, '杭州市西湖区市场监督管理局'),
      ('杭西市监罚〔2023〕5号', '${STONE}', '2023-02-01', '无照经营', 5000.00, '杭州市西湖区市场监督管理局'),
      ('杭西市监罚〔2023〕31号', '${STONE}', '2023-08-15', '拒不整改', 12000.50, '杭州市西湖区市场监督管理局')`);
  await db.query(`
    INSERT INTO consumer_complaints (id, credit_code, complainant_id_number, received_at, category, content, status) VALUES
      ('TS-1', '${JIANGUO}', '${CHEN}', '2025-01-05T02:00:00Z', '质量问题', '购买的瓷砖多处开裂。', '已办结'),
      ('TS-2', '${JIANGUO}', NULL, '2025-02-10T06:30:00Z', '价格欺诈', '标价与结算价不符。', '处理中')`);
  server = await startSubgraph(market, {
    db,
    port: 0,
    host: '127.0.0.1',
    accessContextKeys: TEST_ACCESS_CONTEXT_KEYS,
    purposes: [...PURPOSE_LIST, RECORDS],
  });
});

afterAll(async () => {
  await server?.close();
  await databases?.drop();
});

describe('market subgraph: root fields', () => {
  it('looks an enterprise up by credit code, with its inspections, penalties and complaints newest first', async () => {
    const body = await records.ask(
      `query($c: ID!) { enterprise(creditCode: $c) {
         creditCode name legalRepresentative { idNumber } registeredCapital status address district industry establishedOn
         inspections { id inspectedAt inspectorUnit result notes }
         penalties { decisionNumber decidedAt violation penaltyAmount authority }
         complaints { id receivedAt category content status complainant { idNumber } }
       } }`,
      { c: JIANGUO },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data?.enterprise).toEqual({
      creditCode: JIANGUO,
      name: '杭州建国建材有限公司',
      legalRepresentative: { idNumber: WANG },
      registeredCapital: 5000000,
      status: '存续',
      address: '杭州市西湖区西溪路520号',
      district: '330110',
      industry: '建材批发',
      establishedOn: '2012-05-18',
      inspections: [
        { id: 'JC-4', inspectedAt: '2025-03-20', inspectorUnit: '杭州市市场监督管理局', result: '合格', notes: '复查。' },
        {
          id: 'JC-2',
          inspectedAt: '2025-03-20',
          inspectorUnit: '西湖区市场监督管理局',
          result: '责令整改',
          notes: '易制毒化学品购销台账缺三月记录。',
        },
        { id: 'JC-1', inspectedAt: '2024-09-12', inspectorUnit: '西湖区市场监督管理局', result: '合格', notes: '台账齐全。' },
      ],
      penalties: [
        {
          decisionNumber: '杭西市监罚〔2025〕12号',
          decidedAt: '2025-04-08',
          violation: '未按规定建立易制毒化学品购销台账',
          penaltyAmount: 20000,
          authority: '杭州市西湖区市场监督管理局',
        },
      ],
      // an anonymous complaint has no complainant
      complaints: [
        { id: 'TS-2', receivedAt: '2025-02-10T06:30:00.000Z', category: '价格欺诈', content: '标价与结算价不符。', status: '处理中', complainant: null },
        { id: 'TS-1', receivedAt: '2025-01-05T02:00:00.000Z', category: '质量问题', content: '购买的瓷砖多处开裂。', status: '已办结', complainant: { idNumber: CHEN } },
      ],
    });
  });

  it('keeps cents of NUMERIC amounts and orders penalties by decision date', async () => {
    const body = await ask(`query($c: ID!) { enterprise(creditCode: $c) { registeredCapital penalties { decisionNumber penaltyAmount } } }`, {
      c: STONE,
    });
    expect(body.data?.enterprise).toEqual({
      registeredCapital: 300000.5,
      penalties: [
        { decisionNumber: '杭西市监罚〔2023〕31号', penaltyAmount: 12000.5 },
        { decisionNumber: '杭西市监罚〔2023〕5号', penaltyAmount: 5000 },
      ],
    });
  });

  it('answers null for an unknown credit code and empty lists for an enterprise with no records', async () => {
    expect(await ask(`{ enterprise(creditCode: "${creditCode(999)}") { creditCode } }`)).toEqual({ data: { enterprise: null } });
    const body = await records.ask(`query($c: ID!) { enterprise(creditCode: $c) { inspections { id } penalties { decisionNumber } complaints { id } } }`, {
      c: LOGISTICS,
    });
    expect(body).toEqual({ data: { enterprise: { inspections: [], penalties: [], complaints: [] } } });
  });
});

describe('market subgraph: Query.enterprises pagination', () => {
  const PAGE = `query($first: Int, $after: String, $filter: EnterpriseFilter) {
    enterprises(first: $first, after: $after, filter: $filter) {
      edges { cursor node { creditCode } }
      pageInfo { hasNextPage endCursor }
    } }`;
  const codes = (body: GraphQLResponse) => body.data?.enterprises.edges.map((edge: any) => edge.node.creditCode);

  it('walks two pages in ascending credit-code order', async () => {
    const first = await ask(PAGE, { first: 2 });
    expect(first.errors).toBeUndefined();
    expect(codes(first)).toEqual([LOGISTICS, STONE]);
    expect(first.data?.enterprises.pageInfo).toEqual({ hasNextPage: true, endCursor: first.data?.enterprises.edges[1].cursor });

    const second = await ask(PAGE, { first: 2, after: first.data?.enterprises.pageInfo.endCursor });
    expect(codes(second)).toEqual([JIANGUO, HUITONG]);
    expect(second.data?.enterprises.pageInfo).toEqual({ hasNextPage: false, endCursor: second.data?.enterprises.edges[1].cursor });
  });

  it('walks one row at a time within a filter, each enterprise once', async () => {
    expect(await walkConnection(ask, PAGE, 'enterprises', { key: 'creditCode', variables: { filter: { district: '330110' } } })).toEqual([LOGISTICS, STONE, JIANGUO]);
  });

  it('defaults to 20 and filters by district, industry and status, alone and together', async () => {
    expect(codes(await ask(PAGE, {}))).toEqual([LOGISTICS, STONE, JIANGUO, HUITONG]);
    expect(codes(await ask(PAGE, { filter: { district: '331004' } }))).toEqual([HUITONG]);
    expect(codes(await ask(PAGE, { filter: { industry: '建材批发' } }))).toEqual([STONE, JIANGUO]);
    expect(codes(await ask(PAGE, { filter: { status: '存续' } }))).toEqual([JIANGUO, HUITONG]);
    expect(codes(await ask(PAGE, { filter: { district: '330110', status: '存续' } }))).toEqual([JIANGUO]);
    expect(codes(await ask(PAGE, { filter: { district: '330110', industry: null } }))).toEqual([LOGISTICS, STONE, JIANGUO]);
    expect(codes(await ask(PAGE, { filter: { industry: '餐饮服务' } }))).toEqual([]);
  });

  it('rejects a cursor it did not issue, or one from another field, with BAD_USER_INPUT', async () => {
    for (const after of ['not-a-cursor', Buffer.from(JSON.stringify(['2025-01-01', JIANGUO])).toString('base64url')]) {
      const body = await ask(PAGE, { first: 2, after });
      expect(body.data).toBeNull();
      expect(body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT' });
    }
  });

  it('rejects first outside 1..100 with BAD_USER_INPUT', async () => {
    for (const first of [0, 101]) {
      const body = await ask(PAGE, { first });
      expect(body.data).toBeNull();
      expect(body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT' });
    }
  });
});

describe('market subgraph: entities, one statement per batch', () => {
  const known = [LOGISTICS, STONE, JIANGUO, HUITONG];
  const enterpriseReps = [...known, ...Array.from({ length: 96 }, (_, index) => creditCode(100 + index))].map((code) => ({
    __typename: 'Enterprise',
    creditCode: code,
  }));

  it('resolves 100 Enterprise references in one statement, unknown ones as null', async () => {
    db.resetStatementCount();
    const body = await analyst.ask(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Enterprise { creditCode name legalRepresentative { idNumber } } } }`,
      { r: enterpriseReps },
    );
    expect(body.errors).toBeUndefined();
    expect(db.statementCount).toBe(1);
    const entities = body.data?._entities as ({ creditCode: string; name: string; legalRepresentative: { idNumber: string } } | null)[];
    expect(entities).toHaveLength(100);
    expect(entities.slice(0, 4).map((entity) => entity?.creditCode)).toEqual(known);
    expect(entities[2]).toEqual({ creditCode: JIANGUO, name: '杭州建国建材有限公司', legalRepresentative: { idNumber: WANG } });
    expect(entities.slice(4).every((entity) => entity === null)).toBe(true);
  });

  it('resolves inspections, penalties and complaints of 100 enterprises in one statement each', async () => {
    db.resetStatementCount();
    const body = await records.ask(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Enterprise {
         inspections { id } penalties { decisionNumber } complaints { id complainant { idNumber } }
       } } }`,
      { r: enterpriseReps },
    );
    expect(body.errors).toBeUndefined();
    // the references, then one statement for each of the three lists
    expect(db.statementCount).toBe(4);
    const entities = body.data?._entities as ({ inspections: unknown[]; penalties: unknown[]; complaints: unknown[] } | null)[];
    expect(entities[0]).toEqual({ inspections: [], penalties: [], complaints: [] });
    expect(entities[1]?.penalties).toEqual([{ decisionNumber: '杭西市监罚〔2023〕31号' }, { decisionNumber: '杭西市监罚〔2023〕5号' }]);
    expect(entities[2]).toEqual({
      inspections: [{ id: 'JC-4' }, { id: 'JC-2' }, { id: 'JC-1' }],
      penalties: [{ decisionNumber: '杭西市监罚〔2025〕12号' }],
      complaints: [
        { id: 'TS-2', complainant: null },
        { id: 'TS-1', complainant: { idNumber: CHEN } },
      ],
    });
    expect(entities[3]).toEqual({ inspections: [{ id: 'JC-3' }], penalties: [], complaints: [] });
    expect(entities.slice(4).every((entity) => entity === null)).toBe(true);
  });

  it('resolves Person.enterprises for 100 representations in one statement, by credit code', async () => {
    const people = [WANG, ZHANG, LI, ...Array.from({ length: 97 }, (_, index) => residentId(index))];
    db.resetStatementCount();
    const body = await analyst.ask(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { idNumber enterprises { creditCode name } } } }`,
      { r: people.map((idNumber) => ({ __typename: 'Person', idNumber })) },
    );
    expect(body.errors).toBeUndefined();
    expect(db.statementCount).toBe(1);
    const entities = body.data?._entities as { idNumber: string; enterprises: { creditCode: string }[] }[];
    expect(entities).toHaveLength(100);
    expect(entities[0]).toEqual({
      idNumber: WANG,
      enterprises: [
        { creditCode: LOGISTICS, name: '杭州建国物流有限公司' },
        { creditCode: JIANGUO, name: '杭州建国建材有限公司' },
      ],
    });
    expect(entities[1]?.enterprises).toEqual([{ creditCode: HUITONG, name: '台州路桥汇通投资有限公司' }]);
    expect(entities[2]?.enterprises).toEqual([{ creditCode: STONE, name: '杭州西湖石材经营部' }]);
    expect(entities.slice(3).every((entity) => entity.enterprises.length === 0)).toBe(true);
  });
});
