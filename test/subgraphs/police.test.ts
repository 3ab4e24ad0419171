import type { Database } from '../../subgraphs/kit/database';
import { startSubgraph, type RunningSubgraph } from '../../subgraphs/kit/server';
import { police } from '../../subgraphs/police';
import { createAgencyDatabases, type TestDatabases } from '../support/agencyDatabases';
import { SUBJECTS, TEST_ACCESS_CONTEXT_KEYS } from '../support/accessContexts';
import { walkConnection, type GraphQLResponse } from '../support/graphqlClient';
import { signedGraphqlClient } from '../support/signedGraphqlClient';
import { bankCard, creditCode, residentId } from '../support/identifiers';

const WANG = '330110197803150018';
const LI = '330110198507220020';
const ZHANG = '331004199001010133';
const CHEN = '330502199211300247';
const JIANGUO = '91330110MA2H3K7P6N';
const HUITONG = '91331004MA2J8L4Q7U';
const ZHANG_CARD = '6222021203001234565';
const MULE_CARD = bankCard(5);
const FRAUD_CASE = 'ZP-2025-0001';
const OLD_FRAUD_CASE = 'ZP-2024-0107';

let databases: TestDatabases;
let db: Database;
let server: RunningSubgraph;
// The investigator (fraud-investigation) sees persons, incidents and fraud cases in clear; permits are for
// the precursor-chemical inspector, whose purpose covers them.
const { ask } = signedGraphqlClient(() => server.graphqlUrl, 'police', SUBJECTS.fraudInvestigator);
const inspector = signedGraphqlClient(() => server.graphqlUrl, 'police', SUBJECTS.precursorInspector);

beforeAll(async () => {
  databases = await createAgencyDatabases('police');
  db = databases.dbs.police;
  await db.query(`
    INSERT INTO persons (id_number, name, gender, birth_date, ethnicity, registered_address, current_address, phone, district) VALUES
      ('${WANG}', '王建国', '男', '1978-03-15', '汉族', '杭州市西湖区文三路100号', '杭州市西湖区西溪路520号', '13800138000', '330110'),
      ('${LI}', '李秀英', '女', '1985-07-22', '汉族', '杭州市西湖区古墩路8号', '杭州市西湖区古墩路8号', '13900139000', '330110'),
      ('${ZHANG}', '张伟', '男', '1990-01-01', '汉族', '台州市路桥区路桥街道2号', '台州市路桥区银安街88号', '13700137000', '331004'),
      ('${CHEN}', '陈静', '女', '1992-11-30', '汉族', '湖州市吴兴区爱山街道5号', '湖州市吴兴区爱山街道5号', '13600136000', '330502')`);
  // JQ-2 and JQ-1 share a timestamp (the id breaks the tie); JQ-4 and JQ-3 are 333 µs apart.
  await db.query(`
    INSERT INTO incidents (id, reported_at, category, district, location, summary) VALUES
      ('JQ-1', '2025-04-01T02:00:00Z', '纠纷', '330110', '西湖区西溪路520号', '因工资结算与劳务公司发生争执。'),
      ('JQ-2', '2025-04-01T02:00:00Z', '诈骗', '330110', '西湖区古墩路8号', '报警人称被冒充客服骗走四万八千元。'),
      ('JQ-3', '2025-03-15T01:30:00.123456Z', '盗窃', '330502', '吴兴区爱山街道', '电动自行车被盗。'),
      ('JQ-4', '2025-03-15T01:30:00.123789Z', '纠纷', '331004', '路桥区银安街88号', '借款纠纷引发口角。')`);
  await db.query(`
    INSERT INTO incident_persons (incident_id, id_number, role) VALUES
      ('JQ-1', '${WANG}', '当事人'),
      ('JQ-2', '${ZHANG}', '嫌疑人'),
      ('JQ-2', '${LI}', '报警人'),
      ('JQ-3', '${CHEN}', '报警人'),
      ('JQ-4', '${ZHANG}', '当事人'),
      ('JQ-4', '${WANG}', '当事人')`);
  await db.query(`
    INSERT INTO fraud_cases (id, reported_at, victim_id_number, loss_amount, modus, status, district) VALUES
      ('${FRAUD_CASE}', '2025-05-10T04:00:00Z', '${LI}', 48000.00, '冒充客服', '已立案', '330110'),
      ('${OLD_FRAUD_CASE}', '2024-08-01T09:30:00Z', '${LI}', 3000.50, '刷单返利', '已破案', '330110')`);
  await db.query(`
    INSERT INTO fraud_case_payee_accounts (fraud_case_id, account_number, amount) VALUES
      ('${FRAUD_CASE}', '${MULE_CARD}', 500.00),
      ('${FRAUD_CASE}', '${ZHANG_CARD}', 47500.00)`);
  await db.query(`
    INSERT INTO precursor_permits (permit_number, credit_code, kind, chemical, quantity_kg, valid_from, valid_until, district) VALUES
      ('XK-2025-001', '${JIANGUO}', '购买', '硫酸', 5000.00, '2025-01-01', '2025-12-31', '330110'),
      ('XK-2025-017', '${JIANGUO}', '运输', '硫酸', 2000.50, '2025-03-01', '2025-06-30', '330110'),
      ('XK-2024-090', '${HUITONG}', '购买', '盐酸', 800.00, '2024-06-01', '2024-12-31', '331004')`);
  server = await startSubgraph(police, { db, port: 0, host: '127.0.0.1', accessContextKeys: TEST_ACCESS_CONTEXT_KEYS });
});

afterAll(async () => {
  await server?.close();
  await databases?.drop();
});

describe('police subgraph: root fields', () => {
  it('looks a person up by resident ID, with incidents newest first and fraud cases as victim', async () => {
    const body = await ask(
      `query($id: ID!) { person(idNumber: $id) {
         idNumber name gender birthDate ethnicity registeredAddress currentAddress phone district
         incidents { id } fraudCasesAsVictim { id }
       } }`,
      { id: WANG },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data?.person).toEqual({
      idNumber: WANG,
      name: '王建国',
      gender: '男',
      birthDate: '1978-03-15',
      ethnicity: '汉族',
      registeredAddress: '杭州市西湖区文三路100号',
      currentAddress: '杭州市西湖区西溪路520号',
      phone: '13800138000',
      district: '330110',
      incidents: [{ id: 'JQ-1' }, { id: 'JQ-4' }],
      fraudCasesAsVictim: [],
    });
  });

  it('looks an incident up by id, its involved persons resolved here (the police own Person)', async () => {
    const body = await ask(
      `query($id: ID!) { incident(id: $id) {
         id reportedAt category district location summary involvedPersons { role person { idNumber name } }
       } }`,
      { id: 'JQ-2' },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data?.incident).toEqual({
      id: 'JQ-2',
      reportedAt: '2025-04-01T02:00:00.000Z',
      category: '诈骗',
      district: '330110',
      location: '西湖区古墩路8号',
      summary: '报警人称被冒充客服骗走四万八千元。',
      involvedPersons: [
        { role: '报警人', person: { idNumber: LI, name: '李秀英' } },
        { role: '嫌疑人', person: { idNumber: ZHANG, name: '张伟' } },
      ],
    });
  });

  it('looks a fraud case up by id, its payee accounts as Account references, largest amount first', async () => {
    const body = await ask(
      `query($id: ID!) { fraudCase(id: $id) {
         id reportedAt victim { idNumber name } lossAmount modus status district payeeAccounts { accountNumber }
       } }`,
      { id: FRAUD_CASE },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data?.fraudCase).toEqual({
      id: FRAUD_CASE,
      reportedAt: '2025-05-10T04:00:00.000Z',
      victim: { idNumber: LI, name: '李秀英' },
      lossAmount: 48000,
      modus: '冒充客服',
      status: '已立案',
      district: '330110',
      payeeAccounts: [{ accountNumber: ZHANG_CARD }, { accountNumber: MULE_CARD }],
    });
  });

  it('looks a precursor permit up by number, its enterprise an Enterprise reference', async () => {
    const body = await inspector.ask(
      `query($n: ID!) { precursorPermit(permitNumber: $n) {
         permitNumber kind chemical quantityKg validFrom validUntil district enterprise { creditCode }
       } }`,
      { n: 'XK-2025-017' },
    );
    expect(body).toEqual({
      data: {
        precursorPermit: {
          permitNumber: 'XK-2025-017',
          kind: '运输',
          chemical: '硫酸',
          quantityKg: 2000.5,
          validFrom: '2025-03-01',
          validUntil: '2025-06-30',
          district: '330110',
          enterprise: { creditCode: JIANGUO },
        },
      },
    });
  });

  it('answers null for unknown keys', async () => {
    const body = await ask(
      `query($id: ID!) { person(idNumber: $id) { name } incident(id: "JQ-404") { id } fraudCase(id: "ZP-404") { id } }`,
      { id: residentId(404) },
    );
    expect(body).toEqual({ data: { person: null, incident: null, fraudCase: null } });
    // No one purpose covers both persons and permits: the permit is the inspector's question.
    const permit = await inspector.ask(`{ precursorPermit(permitNumber: "XK-404") { permitNumber } }`);
    expect(permit).toEqual({ data: { precursorPermit: null } });
  });
});

describe('police subgraph: Query.incidents pagination', () => {
  const PAGE = `query($first: Int, $after: String, $filter: IncidentFilter) {
    incidents(first: $first, after: $after, filter: $filter) {
      edges { cursor node { id } }
      pageInfo { hasNextPage endCursor }
    } }`;
  const ids = (body: GraphQLResponse) => body.data?.incidents.edges.map((edge: any) => edge.node.id);

  it('walks two pages newest first, the id breaking ties on the report time', async () => {
    const first = await ask(PAGE, { first: 2 });
    expect(first.errors).toBeUndefined();
    expect(ids(first)).toEqual(['JQ-2', 'JQ-1']);
    expect(first.data?.incidents.pageInfo).toEqual({ hasNextPage: true, endCursor: first.data?.incidents.edges[1].cursor });

    const second = await ask(PAGE, { first: 2, after: first.data?.incidents.pageInfo.endCursor });
    expect(ids(second)).toEqual(['JQ-4', 'JQ-3']);
    expect(second.data?.incidents.pageInfo).toEqual({ hasNextPage: false, endCursor: second.data?.incidents.edges[1].cursor });
  });

  // JQ-4 (…00.123789) and JQ-3 (…00.123456) differ by less than a millisecond: the cursor must keep microseconds.
  it('skips no row whose time differs from the previous page end by less than a millisecond', async () => {
    expect(await walkConnection(ask, PAGE, 'incidents', { key: 'id' })).toEqual(['JQ-2', 'JQ-1', 'JQ-4', 'JQ-3']);
  });

  it('defaults to 20 and filters by district, category and a half-open time range', async () => {
    expect(ids(await ask(PAGE, {}))).toEqual(['JQ-2', 'JQ-1', 'JQ-4', 'JQ-3']);
    expect(ids(await ask(PAGE, { filter: { district: '330110' } }))).toEqual(['JQ-2', 'JQ-1']);
    expect(ids(await ask(PAGE, { filter: { category: '纠纷' } }))).toEqual(['JQ-1', 'JQ-4']);
    expect(ids(await ask(PAGE, { filter: { from: '2025-03-15T00:00:00Z', to: '2025-04-01T02:00:00Z' } }))).toEqual(['JQ-4', 'JQ-3']);
    expect(ids(await ask(PAGE, { filter: { from: '2025-04-01' } }))).toEqual(['JQ-2', 'JQ-1']);
    expect(ids(await ask(PAGE, { filter: { district: '330110', category: '纠纷' } }))).toEqual(['JQ-1']);
  });

  it('rejects a cursor it did not issue with BAD_USER_INPUT', async () => {
    const body = await ask(PAGE, { after: 'bm90IGEgY3Vyc29y' });
    expect(body.data).toBeNull();
    expect(body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT' });
  });

  it('rejects first outside 1..100 with BAD_USER_INPUT', async () => {
    for (const first of [0, 101]) {
      const body = await ask(PAGE, { first });
      expect(body.data).toBeNull();
      expect(body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT' });
    }
  });
});

describe('police subgraph: entities, one statement per batch', () => {
  const people = [WANG, LI, ZHANG, CHEN, ...Array.from({ length: 96 }, (_, index) => residentId(index))];
  const personReps = people.map((idNumber) => ({ __typename: 'Person', idNumber }));

  it('resolves 100 Person references in one statement, unknown ones as null', async () => {
    db.resetStatementCount();
    const body = await ask(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { idNumber name district } } }`,
      { r: personReps },
    );
    expect(body.errors).toBeUndefined();
    expect(db.statementCount).toBe(1);
    const entities = body.data?._entities as ({ idNumber: string; name: string } | null)[];
    expect(entities).toHaveLength(100);
    expect(entities.slice(0, 4).map((entity) => entity?.name)).toEqual(['王建国', '李秀英', '张伟', '陈静']);
    expect(entities.slice(4).every((entity) => entity === null)).toBe(true);
  });

  it('resolves Person.incidents and fraudCasesAsVictim of 100 persons in one statement each', async () => {
    db.resetStatementCount();
    const body = await ask(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { incidents { id } fraudCasesAsVictim { id } } } }`,
      { r: personReps },
    );
    expect(body.errors).toBeUndefined();
    // the references, then one statement per list
    expect(db.statementCount).toBe(3);
    const entities = body.data?._entities as ({ incidents: { id: string }[]; fraudCasesAsVictim: { id: string }[] } | null)[];
    expect(entities.slice(0, 4)).toEqual([
      { incidents: [{ id: 'JQ-1' }, { id: 'JQ-4' }], fraudCasesAsVictim: [] },
      { incidents: [{ id: 'JQ-2' }], fraudCasesAsVictim: [{ id: FRAUD_CASE }, { id: OLD_FRAUD_CASE }] },
      { incidents: [{ id: 'JQ-2' }, { id: 'JQ-4' }], fraudCasesAsVictim: [] },
      { incidents: [{ id: 'JQ-3' }], fraudCasesAsVictim: [] },
    ]);
    expect(entities.slice(4).every((entity) => entity === null)).toBe(true);
  });

  it('resolves 100 Incident references with their involved persons in three statements', async () => {
    const reps = ['JQ-1', 'JQ-2', 'JQ-3', 'JQ-4', ...Array.from({ length: 96 }, (_, index) => `JQ-X${index}`)].map((id) => ({
      __typename: 'Incident',
      id,
    }));
    db.resetStatementCount();
    const body = await ask(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Incident { id involvedPersons { role person { name } } } } }`,
      { r: reps },
    );
    expect(body.errors).toBeUndefined();
    // incidents, their involvements, the involved persons
    expect(db.statementCount).toBe(3);
    const entities = body.data?._entities as ({ id: string; involvedPersons: unknown[] } | null)[];
    expect(entities[3]).toEqual({
      id: 'JQ-4',
      involvedPersons: [
        { role: '当事人', person: { name: '王建国' } },
        { role: '当事人', person: { name: '张伟' } },
      ],
    });
    expect(entities.slice(0, 4).map((entity) => entity?.involvedPersons.length)).toEqual([1, 2, 1, 2]);
    expect(entities.slice(4).every((entity) => entity === null)).toBe(true);
  });

  it('resolves 100 FraudCase references with victims and payee accounts in three statements', async () => {
    const reps = [FRAUD_CASE, OLD_FRAUD_CASE, ...Array.from({ length: 98 }, (_, index) => `ZP-X${index}`)].map((id) => ({
      __typename: 'FraudCase',
      id,
    }));
    db.resetStatementCount();
    const body = await ask(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on FraudCase {
         id lossAmount victim { idNumber name } payeeAccounts { accountNumber }
       } } }`,
      { r: reps },
    );
    expect(body.errors).toBeUndefined();
    // fraud cases, their victims, their payee accounts
    expect(db.statementCount).toBe(3);
    const entities = body.data?._entities as unknown[];
    expect(entities.slice(0, 2)).toEqual([
      {
        id: FRAUD_CASE,
        lossAmount: 48000,
        victim: { idNumber: LI, name: '李秀英' },
        payeeAccounts: [{ accountNumber: ZHANG_CARD }, { accountNumber: MULE_CARD }],
      },
      { id: OLD_FRAUD_CASE, lossAmount: 3000.5, victim: { idNumber: LI, name: '李秀英' }, payeeAccounts: [] },
    ]);
    expect(entities.slice(2).every((entity) => entity === null)).toBe(true);
  });

  it('resolves Enterprise.precursorPermits for 100 representations in one statement, latest validity first', async () => {
    const reps = [JIANGUO, HUITONG, ...Array.from({ length: 98 }, (_, index) => creditCode(index))].map((code) => ({
      __typename: 'Enterprise',
      creditCode: code,
    }));
    db.resetStatementCount();
    const body = await inspector.ask(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Enterprise { creditCode precursorPermits { permitNumber } } } }`,
      { r: reps },
    );
    expect(body.errors).toBeUndefined();
    expect(db.statementCount).toBe(1);
    const entities = body.data?._entities as { creditCode: string; precursorPermits: unknown[] }[];
    expect(entities[0]).toEqual({
      creditCode: JIANGUO,
      precursorPermits: [{ permitNumber: 'XK-2025-017' }, { permitNumber: 'XK-2025-001' }],
    });
    expect(entities[1]?.precursorPermits).toEqual([{ permitNumber: 'XK-2024-090' }]);
    expect(entities.slice(2).every((entity) => entity.precursorPermits.length === 0)).toBe(true);
  });

  it('resolves 100 PrecursorPermit references in one statement, unknown ones as null', async () => {
    const reps = ['XK-2025-001', 'XK-2024-090', ...Array.from({ length: 98 }, (_, index) => `XK-X${index}`)].map(
      (permitNumber) => ({ __typename: 'PrecursorPermit', permitNumber }),
    );
    db.resetStatementCount();
    const body = await inspector.ask(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on PrecursorPermit { permitNumber chemical enterprise { creditCode } } } }`,
      { r: reps },
    );
    expect(body.errors).toBeUndefined();
    expect(db.statementCount).toBe(1);
    const entities = body.data?._entities as unknown[];
    expect(entities.slice(0, 2)).toEqual([
      { permitNumber: 'XK-2025-001', chemical: '硫酸', enterprise: { creditCode: JIANGUO } },
      { permitNumber: 'XK-2024-090', chemical: '盐酸', enterprise: { creditCode: HUITONG } },
    ]);
    expect(entities.slice(2).every((entity) => entity === null)).toBe(true);
  });
});
