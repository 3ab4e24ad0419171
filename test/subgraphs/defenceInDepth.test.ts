import { ACCESS_CONTEXT_HEADER, createAccessContextSigner } from '@govgraph/access-context';
import { generateAccessContextKeyPair } from '@govgraph/access-context';
import { PURPOSE_LIST } from '../../policies';
import type { Agency } from '../../subgraphs/agencies';
import { startSubgraph, type RunningSubgraph } from '../../subgraphs/kit/server';
import { subgraphDefinitions } from '../../subgraphs/registry';
import {
  accessContextFor,
  recordsTestPurpose,
  SUBJECTS,
  TEST_ACCESS_CONTEXT_KEYS,
  testGatewayKeys,
  testGatewaySigner,
  type TestSubject,
} from '../support/accessContexts';
import { createAgencyDatabases, type TestDatabases } from '../support/agencyDatabases';
import type { GraphQLResponse } from '../support/graphqlClient';
import { bankCard, creditCode } from '../support/identifiers';
import { signedGraphqlClient } from '../support/signedGraphqlClient';

/**
 * Defence in depth at the subgraphs: an agency answers only the gateway's signed access context, refuses
 * operations selecting fields the context's purpose does not permit (before execution, from the same policies), masks what it masks
 * (all but @key fields and pseudonyms, left to the gateway), and filters rows by the caller's jurisdiction in SQL. Real subgraphs over real PostgreSQL, contexts signed with real keys.
 */

const WANG = '330110197803150018'; // registered in 西湖区 (330110)
const CHEN = '330502199211300247'; // registered in 吴兴区 (330502)
const WANG_CARD = bankCard(1);
const JIANGUO = '91330110MA2H3K7P6N'; // 330110
const HUZHOU_SILK = creditCode(7); // 330502
const CASE_XIHU = '(2025)浙0110民初1234号';
const CASE_WUXING = '(2025)浙0502民初88号';

/** A purpose that reaches bank accounts, open to grid workers and mediators, to show how bank rows (no district) are scoped. */
const BANK_SCOPE_TEST = recordsTestPurpose('bank-jurisdiction-test', ['Account', 'AccountHolder', 'Person'], ['grid-worker', 'mediator']);

let databases: TestDatabases;
const servers = {} as Record<Agency, RunningSubgraph>;
const urlOf = (agency: Agency) => () => servers[agency].graphqlUrl;
const db = (agency: Agency) => databases.dbs[agency];

beforeAll(async () => {
  databases = await createAgencyDatabases('defence');
  await db('police').query(`
    INSERT INTO persons (id_number, name, gender, birth_date, ethnicity, registered_address, current_address, phone, district) VALUES
      ('${WANG}', '王建国', '男', '1978-03-15', '汉族', '杭州市西湖区文三路100号', '杭州市西湖区西溪路520号', '13800138000', '330110'),
      ('${CHEN}', '陈静', '女', '1992-11-30', '汉族', '湖州市吴兴区爱山街道5号', '湖州市吴兴区爱山街道5号', '13600136000', '330502')`);
  await db('police').query(`
    INSERT INTO incidents (id, reported_at, category, district, location, summary) VALUES
      ('JQ-1', '2025-04-01T02:00:00Z', '纠纷', '330110', '西湖区西溪路520号', '因工资结算与劳务公司发生争执。'),
      ('JQ-3', '2025-03-15T01:30:00Z', '纠纷', '330502', '吴兴区爱山街道', '邻里通行纠纷。')`);
  await db('police').query(`
    INSERT INTO incident_persons (incident_id, id_number, role) VALUES
      ('JQ-1', '${WANG}', '当事人'), ('JQ-3', '${CHEN}', '报警人'), ('JQ-3', '${WANG}', '当事人')`);
  await db('petitions').query(`
    INSERT INTO petitions (id, received_at, channel, category, content, status, handling_unit,
                           petitioner_id_number, respondent, repeat_count, district) VALUES
      ('XF-1', '2025-04-01T02:00:00Z', '来访', '劳动争议', '反映某劳务公司拖欠工资三个月。', '办理中',
       '西湖区人力社保局', '${WANG}', '杭州某建筑劳务有限公司', 1, '330110'),
      ('XF-2', '2025-04-01T02:00:00Z', '网上信访', '征地拆迁', '对征迁补偿标准有异议。', '已受理',
       '吴兴区征迁办', '${CHEN}', '吴兴区某街道办事处', 0, '330502'),
      ('XF-4', '2025-03-15T01:30:00Z', '来信', '村社事务', '反映村集体经济分配不公。', '已办结',
       '吴兴区农业农村局', '${CHEN}', '吴兴区某村村委会', 2, '330502')`);
  await db('petitions').query(`
    INSERT INTO disputes (id, registered_at, module, complexity_grade, summary, mediator, outcome, district) VALUES
      ('TJ-1', '2025-04-02T03:00:00Z', '劳动争议', '较大', '工资拖欠引发的劳动争议。', '西湖区矛调中心 刘调解员', '调解中', '330110'),
      ('TJ-2', '2025-02-01T06:00:00Z', '邻里纠纷', '一般', '相邻通行引发的纠纷。', '吴兴区矛调中心 周调解员', '调解成功', '330502')`);
  await db('petitions').query(`
    INSERT INTO dispute_parties (dispute_id, id_number, role) VALUES ('TJ-1', '${WANG}', '申请人'), ('TJ-2', '${CHEN}', '申请人')`);
  await db('court').query(`
    INSERT INTO cases (case_number, kind, cause_of_action, court, district, filed_at, status, claim_amount, judgment_amount) VALUES
      ('${CASE_XIHU}', '民事', '劳动争议', '杭州市西湖区人民法院', '330110', '2025-03-10', '审理中', 200000.00, NULL),
      ('${CASE_WUXING}', '民事', '相邻关系纠纷', '湖州市吴兴区人民法院', '330502', '2025-02-10', '审理中', 8000.00, NULL)`);
  await db('court').query(`
    INSERT INTO case_parties (case_number, role, id_number, credit_code) VALUES
      ('${CASE_XIHU}', '原告', '${WANG}', NULL), ('${CASE_WUXING}', '原告', '${CHEN}', NULL)`);
  await db('market').query(`
    INSERT INTO enterprises (credit_code, name, legal_rep_id_number, registered_capital, status, address,
                             district, industry, established_on) VALUES
      ('${JIANGUO}', '杭州建国建材有限公司', '${WANG}', 5000000.00, '存续', '杭州市西湖区西溪路520号', '330110', '建材批发', '2012-05-18'),
      ('${HUZHOU_SILK}', '湖州吴兴丝绸有限公司', '${CHEN}', 800000.00, '存续', '湖州市吴兴区爱山街道9号', '330502', '纺织', '2018-04-01')`);
  await db('bank').query(`
    INSERT INTO accounts (account_number, bank, holder_id_number, holder_credit_code, opened_at, status, balance) VALUES
      ('${WANG_CARD}', '中国农业银行', '${WANG}', NULL, '2015-09-09', 'NORMAL', 86000.00)`);

  for (const agency of ['police', 'petitions', 'court', 'market', 'bank'] as const) {
    servers[agency] = await startSubgraph(subgraphDefinitions[agency], {
      db: db(agency),
      port: 0,
      host: '127.0.0.1',
      accessContextKeys: TEST_ACCESS_CONTEXT_KEYS,
      purposes: [...PURPOSE_LIST, BANK_SCOPE_TEST],
    });
  }
});

afterAll(async () => {
  await Promise.all(Object.values(servers).map((server) => server.close()));
  await databases?.drop();
});

/** A context header for `subject` at `agency`, signed by `signer` for the body it is given (as the gateway signs). */
const contextFor =
  (subject: TestSubject, agency: Agency, signer = testGatewaySigner) =>
  async (body: string) => ({ [ACCESS_CONTEXT_HEADER]: await accessContextFor(subject, agency, signer, body) });

/** A POST as anyone could send it, with whatever headers the test gives (or makes for the body sent). */
async function post(agency: Agency, query: string, headers: Record<string, string> | ((body: string) => Promise<Record<string, string>>) = {}) {
  const body = JSON.stringify({ query });
  const response = await fetch(servers[agency].graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(typeof headers === 'function' ? await headers(body) : headers) },
    body,
  });
  return { status: response.status, body: (await response.json()) as GraphQLResponse };
}

const PERSON_QUERY = `{ person(idNumber: "${WANG}") { idNumber name phone } }`;

describe('the access gate: only the gateway’s signed context opens /graphql', () => {
  it('refuses a direct call without a context: 401 UNAUTHENTICATED, no data, no statement executed', async () => {
    db('police').resetStatementCount();
    const { status, body } = await post('police', PERSON_QUERY);
    expect(status).toBe(401);
    expect(body).toEqual({
      errors: [
        {
          message: 'The police agency answers only the govgraph gateway: access context missing.',
          extensions: { code: 'UNAUTHENTICATED' },
        },
      ],
    });
    expect(db('police').statementCount).toBe(0);
  });

  it('refuses a context signed by another key, expired, or minted for another agency, with the reason', async () => {
    const stranger = generateAccessContextKeyPair();
    const gatewayKeyId = TEST_ACCESS_CONTEXT_KEYS.keys[0]?.kid as string;
    const strangerSigner = createAccessContextSigner({ privateKey: stranger.privateKey, keyId: stranger.keyId });
    const impostor = createAccessContextSigner({ privateKey: stranger.privateKey, keyId: gatewayKeyId });
    const past = createAccessContextSigner({
      privateKey: testGatewayKeys.privateKey,
      keyId: testGatewayKeys.keyId,
      ttlSeconds: 60,
      clock: () => Date.now() - 10 * 60 * 1000,
    });
    // Each bound to the very body sent: what refuses it is the reason named, not the binding.
    const cases: { reason: string; headers: (body: string) => Promise<Record<string, string>> }[] = [
      { reason: 'unknown signing key', headers: contextFor(SUBJECTS.fraudInvestigator, 'police', strangerSigner) },
      // another key posing under the gateway's key id
      { reason: 'signature invalid', headers: contextFor(SUBJECTS.fraudInvestigator, 'police', impostor) },
      { reason: 'access context expired', headers: contextFor(SUBJECTS.fraudInvestigator, 'police', past) },
      { reason: 'audience not accepted', headers: contextFor(SUBJECTS.fraudInvestigator, 'bank') },
      { reason: 'access context malformed', headers: async () => ({ [ACCESS_CONTEXT_HEADER]: 'not-a-jws' }) },
    ];
    db('police').resetStatementCount();
    for (const { reason, headers } of cases) {
      const { status, body } = await post('police', PERSON_QUERY, headers);
      expect({ reason, status }).toEqual({ reason, status: 401 });
      expect(body.data).toBeUndefined();
      expect(body.errors).toEqual([
        { message: `The police agency answers only the govgraph gateway: ${reason}.`, extensions: { code: 'UNAUTHENTICATED' } },
      ]);
    }
    expect(db('police').statementCount).toBe(0);

    // the same request with the gateway's context for this agency is served
    const served = await post('police', PERSON_QUERY, contextFor(SUBJECTS.fraudInvestigator, 'police'));
    expect(served).toEqual({ status: 200, body: { data: { person: { idNumber: WANG, name: '王建国', phone: '13800138000' } } } });
  });

  it('keeps /healthz and /readyz open', async () => {
    for (const probe of ['healthz', 'readyz']) {
      const response = await fetch(`${servers.police.url}/${probe}`);
      expect(response.status).toBe(200);
    }
  });

  it('refuses an unknown purpose, or one the context’s roles do not permit: 403 FORBIDDEN, no statement', async () => {
    const refused: TestSubject[] = [
      { purpose: 'curiosity', roles: ['police-investigator'] },
      { purpose: 'fraud-investigation', roles: ['mediator'], caseRef: 'ZP-2025-0001' },
      { purpose: 'fraud-investigation', roles: ['police-investigator'] }, // its case reference is missing
    ];
    db('police').resetStatementCount();
    for (const subject of refused) {
      const { status, body } = await post('police', PERSON_QUERY, contextFor(subject, 'police'));
      expect(status).toBe(403);
      expect(body.data).toBeUndefined();
      expect(body.errors).toHaveLength(1);
      expect(body.errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN' });
      expect(body.errors?.[0]?.message).toMatch(/^The access context's purpose is refused: /);
    }
    expect(db('police').statementCount).toBe(0);
  });
});

describe('the field shield: the purpose’s denials enforced again at the agency', () => {
  const mediatorAtBank = signedGraphqlClient(urlOf('bank'), 'bank', SUBJECTS.mediator);

  it('refuses dispute-resolution the bank’s Query.account, naming the coordinate; its resolver never runs', async () => {
    db('bank').resetStatementCount();
    const body = await mediatorAtBank.ask(`{ account(accountNumber: "${WANG_CARD}") { accountNumber bank balance } }`);
    // Refused before execution: no data at all, as GraphQL answers an operation that never ran.
    expect(body).toEqual({
      errors: [
        {
          message:
            'Purpose "dispute-resolution" (矛盾纠纷化解) does not cover the type Account, so Query.account, which returns it, is denied.',
          locations: [{ line: 1, column: 3 }],
          extensions: { code: 'FORBIDDEN', coordinate: 'Query.account' },
        },
      ],
    });
    expect(db('bank').statementCount).toBe(0);
  });

  it('refuses a denied list field on an entity without running its loader, where a permitted purpose runs it', async () => {
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { idNumber accounts { accountNumber } } } }`;
    const variables = { r: [{ __typename: 'Person', idNumber: WANG }] };
    db('bank').resetStatementCount();
    const refused = await mediatorAtBank.ask(query, variables);
    expect(refused.errors?.map((error) => error.extensions)).toEqual([{ code: 'FORBIDDEN', coordinate: 'Person.accounts' }]);
    expect(db('bank').statementCount).toBe(0);

    const investigator = signedGraphqlClient(urlOf('bank'), 'bank', SUBJECTS.fraudInvestigator);
    const served = await investigator.ask(query, variables);
    expect(served).toEqual({ data: { _entities: [{ idNumber: WANG, accounts: [{ accountNumber: WANG_CARD }] }] } });
    expect(db('bank').statementCount).toBe(1);
  });

  it('refuses a case operation selecting Case.claimAmount to dispute-resolution whole, as the gateway does; serves it without', async () => {
    const mediatorAtCourt = signedGraphqlClient(urlOf('court'), 'court', SUBJECTS.mediator);
    db('court').resetStatementCount();
    const query = `{ case(caseNumber: "${CASE_XIHU}") { caseNumber causeOfAction claimAmount } }`;
    const body = await mediatorAtCourt.ask(query);
    expect(body.data).toBeUndefined();
    expect(body.errors).toHaveLength(1);
    expect(body.errors?.[0]).toEqual({
      message: expect.stringMatching(/denies Case\.claimAmount .*court cases are shared without amounts/),
      locations: [{ line: 1, column: query.indexOf('claimAmount') + 1 }],
      extensions: { code: 'FORBIDDEN', coordinate: 'Case.claimAmount' },
    });
    expect(db('court').statementCount).toBe(0);

    const served = await mediatorAtCourt.ask(`{ case(caseNumber: "${CASE_XIHU}") { caseNumber causeOfAction } }`);
    expect(served).toEqual({ data: { case: { caseNumber: CASE_XIHU, causeOfAction: '劳动争议' } } });
  });

  it('keeps the federation plumbing reachable: _service, _entities, __typename and entity keys', async () => {
    // The inspector's purpose covers no persons, yet the gateway may still join through a Person's key.
    const inspectorAtPolice = signedGraphqlClient(urlOf('police'), 'police', SUBJECTS.precursorInspector);
    const service = await inspectorAtPolice.ask(`{ _service { sdl } }`);
    expect(service.errors).toBeUndefined();
    expect(service.data?._service.sdl).toMatch(/type Person\s+@key\(fields: "idNumber"\)/);

    const reps = { r: [{ __typename: 'Person', idNumber: WANG }] };
    const keys = await inspectorAtPolice.ask(
      `query($r: [_Any!]!) { _entities(representations: $r) { __typename ... on Person { idNumber } } }`,
      reps,
    );
    expect(keys).toEqual({ data: { _entities: [{ __typename: 'Person', idNumber: WANG }] } });

    const beyondKeys = await inspectorAtPolice.ask(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { idNumber name } } }`,
      reps,
    );
    expect(beyondKeys.errors?.map((error) => error.extensions)).toEqual([{ code: 'FORBIDDEN', coordinate: 'Person.name' }]);
  });
});

describe('the field shield sees through the operation’s shape: refused before any resolver runs', () => {
  const mediatorAtCourt = signedGraphqlClient(urlOf('court'), 'court', SUBJECTS.mediator);
  const CLAIM = { code: 'FORBIDDEN', coordinate: 'Case.claimAmount' };
  const JUDGMENT = { code: 'FORBIDDEN', coordinate: 'Case.judgmentAmount' };
  const caseReps = { r: [{ __typename: 'Case', caseNumber: CASE_XIHU }] };
  const personReps = { r: [{ __typename: 'Person', idNumber: WANG }] };

  /** Each operation selects Case.claimAmount for dispute-resolution, hidden some other way. */
  const HIDDEN: Record<string, { query: string; variables?: Record<string, unknown> }> = {
    'behind an alias': { query: `{ case(caseNumber: "${CASE_XIHU}") { caseNumber amount: claimAmount } }` },
    'in a named fragment': { query: `{ case(caseNumber: "${CASE_XIHU}") { ...Money } } fragment Money on Case { caseNumber claimAmount }` },
    'in a fragment spread by a fragment': {
      query: `{ cases { edges { ...Edge } } } fragment Edge on CaseEdge { node { ...Money } } fragment Money on Case { claimAmount }`,
    },
    'in an inline fragment without a type': { query: `{ case(caseNumber: "${CASE_XIHU}") { ... { claimAmount } } }` },
    'in _entities, the type named only by the representations': {
      query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on Case { claimAmount } } }`,
      variables: caseReps,
    },
    'nested under an entity, through the union of parties': {
      query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { cases { parties { party {
        ... on Enterprise { cases { claimAmount } } } } } } } }`,
      variables: personReps,
    },
    'under @include(if: $show), $show false': {
      query: `query($show: Boolean!) { case(caseNumber: "${CASE_XIHU}") { caseNumber claimAmount @include(if: $show) } }`,
      variables: { show: false },
    },
    'under @skip(if: true)': { query: `{ case(caseNumber: "${CASE_XIHU}") { caseNumber claimAmount @skip(if: true) } }` },
    'in a mutation-free second root beside a permitted one': {
      query: `{ permitted: case(caseNumber: "${CASE_WUXING}") { caseNumber } cases { edges { node { claimAmount } } } }`,
    },
  };

  it.each(Object.entries(HIDDEN))('refuses Case.claimAmount %s: FORBIDDEN naming it, no data, no statement', async (_how, { query, variables }) => {
    db('court').resetStatementCount();
    const body = await mediatorAtCourt.ask(query, variables);
    expect(body.data).toBeUndefined();
    expect(body.errors?.map((error) => error.extensions)).toEqual([CLAIM]);
    expect(body.errors?.[0]?.message).toMatch(/denies Case\.claimAmount .*court cases are shared without amounts/);
    expect(db('court').statementCount).toBe(0);
  });

  it('names each denied coordinate once, locating every place it is selected', async () => {
    db('court').resetStatementCount();
    const body = await mediatorAtCourt.ask(`{ case(caseNumber: "${CASE_XIHU}") { a: claimAmount judgmentAmount ...Money } }
      fragment Money on Case { b: claimAmount }`);
    expect(body.data).toBeUndefined();
    expect(body.errors?.map((error) => error.extensions)).toEqual([CLAIM, JUDGMENT]);
    expect(body.errors?.[0]).toMatchObject({ locations: [{ line: 1, column: expect.any(Number) }, { line: 2, column: 32 }] });
    expect(db('court').statementCount).toBe(0);
  });

  it('serves the same shapes when they select nothing denied (the check is not a filter on shape)', async () => {
    const body = await mediatorAtCourt.ask(
      `query($r: [_Any!]!, $show: Boolean!) { _entities(representations: $r) { ... on Case { ...Cause n: caseNumber status @include(if: $show) } } }
       fragment Cause on Case { causeOfAction }`,
      { ...caseReps, show: true },
    );
    expect(body).toEqual({ data: { _entities: [{ causeOfAction: '劳动争议', n: CASE_XIHU, status: '审理中' }] } });
  });

  it('refuses across agencies alike: accounts behind nested fragments inside _entities, naming the outermost refusal', async () => {
    const mediatorAtBank = signedGraphqlClient(urlOf('bank'), 'bank', SUBJECTS.mediator);
    db('bank').resetStatementCount();
    const body = await mediatorAtBank.ask(
      `query($r: [_Any!]!) { _entities(representations: $r) { ...Holder } } fragment Holder on Person { idNumber ... on Person { accounts { bank } } }`,
      personReps,
    );
    expect(body.data).toBeUndefined();
    // Account.bank lies beneath the refused Person.accounts: execution would never reach it, so it is not named.
    expect(body.errors?.map((error) => error.extensions)).toEqual([{ code: 'FORBIDDEN', coordinate: 'Person.accounts' }]);
    expect(db('bank').statementCount).toBe(0);
  });
});

describe('masking at the agency: what the purpose masks leaves the agency masked', () => {
  const mediatorAtPolice = signedGraphqlClient(urlOf('police'), 'police', SUBJECTS.mediator);

  it('masks a person for dispute-resolution however it is selected, the @key left in clear for the gateway', async () => {
    const body = await mediatorAtPolice.ask(
      `query($id: ID!) { p: person(idNumber: $id) { idNumber who: name birthDate ...Contact ... on Person { name } } }
       fragment Contact on Person { phone currentAddress }`,
      { id: WANG },
    );
    expect(body).toEqual({
      data: {
        p: {
          // Person.idNumber is the entity key: the planner joins by it, the gateway masks it (pseudonym) in the answer
          idNumber: WANG,
          who: '王**',
          birthDate: '***',
          phone: '***',
          currentAddress: '***',
          name: '王**',
        },
      },
    });
  });

  it('masks entities the gateway resolves by reference (_entities carries no __typename: the representations say)', async () => {
    const body = await mediatorAtPolice.ask(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { idNumber name phone } } }`,
      { r: [{ __typename: 'Person', idNumber: WANG }, { __typename: 'Person', idNumber: CHEN }] },
    );
    expect(body).toEqual({
      data: {
        _entities: [
          { idNumber: WANG, name: '王**', phone: '***' },
          { idNumber: CHEN, name: '陈*', phone: '***' },
        ],
      },
    });
  });

  it("answers the gateway's case verification unmasked: it needs the names to mask them inside narratives", async () => {
    const verifying = signedGraphqlClient(urlOf('police'), 'police', { ...SUBJECTS.mediator, caseVerification: true });
    const body = await verifying.ask(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { idNumber name } } }`, {
      r: [{ __typename: 'Person', idNumber: WANG }],
    });
    expect(body).toEqual({ data: { _entities: [{ idNumber: WANG, name: '王建国' }] } });
  });

  it('masks a case for litigation-source-governance, walking through its union of parties', async () => {
    const clerkAtCourt = signedGraphqlClient(urlOf('court'), 'court', SUBJECTS.courtClerk);
    const body = await clerkAtCourt.ask(`{ case(caseNumber: "${CASE_XIHU}") { caseNumber claimAmount parties { role party { __typename ... on Person { idNumber } } } } }`);
    // litigation-source-governance bands amounts; the party's ID number is a key (the gateway pseudonymises it)
    expect(body).toEqual({
      data: { case: { caseNumber: CASE_XIHU, claimAmount: 100000, parties: [{ role: '原告', party: { __typename: 'Person', idNumber: WANG } }] } },
    });
  });

  it('answers in clear what the purpose shows in clear', async () => {
    const investigator = signedGraphqlClient(urlOf('police'), 'police', SUBJECTS.fraudInvestigator);
    expect(await investigator.ask(`{ person(idNumber: "${WANG}") { name birthDate phone } }`)).toEqual({
      data: { person: { name: '王建国', birthDate: '1978-03-15', phone: '13800138000' } },
    });
  });
});

describe('row-level jurisdiction: a grid worker sees the rows of their district only', () => {
  const grid = (agency: Agency) => signedGraphqlClient(urlOf(agency), agency, SUBJECTS.gridWorker);
  const mediator = (agency: Agency) => signedGraphqlClient(urlOf(agency), agency, SUBJECTS.mediator);

  const PERSON_PETITIONS = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person {
    idNumber petitions { id district } disputes { id } } } }`;
  const personReps = { r: [CHEN, WANG].map((idNumber) => ({ __typename: 'Person', idNumber })) };
  const LOOKUPS = `{ xihu: petition(id: "XF-1") { id } wuxing: petition(id: "XF-2") { id }
    xihuDispute: dispute(id: "TJ-1") { id } wuxingDispute: dispute(id: "TJ-2") { id } }`;
  const SEARCH = `query($filter: PetitionFilter) { petitions(filter: $filter) { edges { node { id } } } }`;
  const ids = (body: GraphQLResponse) => body.data?.petitions.edges.map((edge: any) => edge.node.id);

  it('filters a person’s petitions and disputes to 330502 in the same one statement per batch', async () => {
    db('petitions').resetStatementCount();
    const body = await grid('petitions').ask(PERSON_PETITIONS, personReps);
    expect(body).toEqual({
      data: {
        _entities: [
          { idNumber: CHEN, petitions: [{ id: 'XF-2', district: '330502' }, { id: 'XF-4', district: '330502' }], disputes: [{ id: 'TJ-2' }] },
          { idNumber: WANG, petitions: [], disputes: [] },
        ],
      },
    });
    expect(db('petitions').statementCount).toBe(2);

    const unbound = await mediator('petitions').ask(PERSON_PETITIONS, personReps);
    expect(unbound.data?._entities[1]).toEqual({ idNumber: WANG, petitions: [{ id: 'XF-1', district: '330110' }], disputes: [{ id: 'TJ-1' }] });
    expect(unbound.data?._entities[0].petitions).toHaveLength(2);
  });

  it('answers null for a petition or dispute of another district, where the mediator gets both', async () => {
    expect(await grid('petitions').ask(LOOKUPS)).toEqual({
      data: { xihu: null, wuxing: { id: 'XF-2' }, xihuDispute: null, wuxingDispute: { id: 'TJ-2' } },
    });
    expect(await mediator('petitions').ask(LOOKUPS)).toEqual({
      data: { xihu: { id: 'XF-1' }, wuxing: { id: 'XF-2' }, xihuDispute: { id: 'TJ-1' }, wuxingDispute: { id: 'TJ-2' } },
    });
  });

  it('filters searches, whatever district the grid worker asks for', async () => {
    expect(ids(await grid('petitions').ask(SEARCH, {}))).toEqual(['XF-2', 'XF-4']);
    expect(ids(await grid('petitions').ask(SEARCH, { filter: { district: '330110' } }))).toEqual([]);
    expect(ids(await mediator('petitions').ask(SEARCH, {}))).toEqual(['XF-2', 'XF-1', 'XF-4']);
  });

  it('filters persons, incidents, cases and enterprises at the other agencies too', async () => {
    const police = await grid('police').ask(`{
      wang: person(idNumber: "${WANG}") { idNumber } chen: person(idNumber: "${CHEN}") { idNumber }
      xihu: incident(id: "JQ-1") { id }
      wuxing: incident(id: "JQ-3") { id involvedPersons { person { idNumber } } }
      incidents { edges { node { id } } } }`);
    expect(police).toEqual({
      data: {
        wang: null,
        chen: { idNumber: CHEN },
        xihu: null,
        // 王建国 is registered in 330110: his involvement is not shown in 330502
        wuxing: { id: 'JQ-3', involvedPersons: [{ person: { idNumber: CHEN } }] },
        incidents: { edges: [{ node: { id: 'JQ-3' } }] },
      },
    });

    const court = await grid('court').ask(`{ xihu: case(caseNumber: "${CASE_XIHU}") { caseNumber }
      cases { edges { node { caseNumber } } } }`);
    expect(court).toEqual({ data: { xihu: null, cases: { edges: [{ node: { caseNumber: CASE_WUXING } }] } } });

    const market = await grid('market').ask(`{ jianguo: enterprise(creditCode: "${JIANGUO}") { name }
      silk: enterprise(creditCode: "${HUZHOU_SILK}") { name } }`);
    expect(market).toEqual({ data: { jianguo: null, silk: { name: '湖州吴兴丝绸有限公司' } } });
  });

  it('shows a district-bound caller without a district claim nothing', async () => {
    const { district: _district, ...withoutDistrict } = SUBJECTS.gridWorker;
    const unplaced = signedGraphqlClient(urlOf('petitions'), 'petitions', withoutDistrict);
    expect(ids(await unplaced.ask(SEARCH, {}))).toEqual([]);
    expect((await unplaced.ask(LOOKUPS)).data).toEqual({ xihu: null, wuxing: null, xihuDispute: null, wuxingDispute: null });
  });

  it('gives a district-bound caller no bank rows: they carry no district to check', async () => {
    const query = `{ account(accountNumber: "${WANG_CARD}") { accountNumber } }`;
    const asGrid = signedGraphqlClient(urlOf('bank'), 'bank', { ...SUBJECTS.gridWorker, purpose: BANK_SCOPE_TEST.name });
    const asMediator = signedGraphqlClient(urlOf('bank'), 'bank', { ...SUBJECTS.mediator, purpose: BANK_SCOPE_TEST.name });
    expect(await asGrid.ask(query)).toEqual({ data: { account: null } });
    expect(await asMediator.ask(query)).toEqual({ data: { account: { accountNumber: WANG_CARD } } });
  });
});
