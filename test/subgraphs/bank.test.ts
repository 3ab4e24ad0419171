import { bank } from '../../subgraphs/bank';
import type { Database } from '../../subgraphs/kit/database';
import { startSubgraph, type RunningSubgraph } from '../../subgraphs/kit/server';
import { createAgencyDatabases, type TestDatabases } from '../support/agencyDatabases';
import { PURPOSE_LIST } from '../../policies';
import { recordsTestPurpose, SUBJECTS, TEST_ACCESS_CONTEXT_KEYS } from '../support/accessContexts';
import { walkConnection, type GraphQLResponse } from '../support/graphqlClient';
import { signedGraphqlClient } from '../support/signedGraphqlClient';
import { bankCard, creditCode, residentId } from '../support/identifiers';

const WANG = '330110197803150018';
const LI = '330110198507220020';
const ZHANG = '331004199001010133';
const JIANGUO = '91330110MA2H3K7P6N';
const HUITONG = '91331004MA2J8L4Q7U';

const ZHANG_CARD = '6222021203001234565'; // the fraud payee account, frozen by a stop-payment order
const WANG_CARD = bankCard(1);
const WANG_OLD_CARD = bankCard(2);
const HUITONG_ACCOUNT = bankCard(3);
const JIANGUO_ACCOUNT = bankCard(4);
const MULE_CARD = bankCard(5); // a second payee account of the same fraud case, held by MULE
const MULE = residentId(900);
const LI_CARD = bankCard(6);
const FRAUD_CASE = 'ZP-2025-0001';

let databases: TestDatabases;
let db: Database;
let server: RunningSubgraph;
// The investigator (fraud-investigation) reads accounts, transactions and stop-payment orders in clear; the
// risk analyst (financial-risk-monitoring) reads suspicious-transaction reports. No real purpose reads a
// report together with its account: those tests run under a records-test purpose served beside the real ones.
const RECORDS = recordsTestPurpose('bank-records-test', [
  'Account',
  'AccountHolder',
  'Person',
  'Enterprise',
  'SuspiciousTransactionReport',
  'SuspiciousTransactionReportConnection',
  'SuspiciousTransactionReportEdge',
]);
const { ask, graphql } = signedGraphqlClient(() => server.graphqlUrl, 'bank', SUBJECTS.fraudInvestigator);
const records = signedGraphqlClient(() => server.graphqlUrl, 'bank', { purpose: RECORDS.name, roles: RECORDS.roles });

beforeAll(async () => {
  databases = await createAgencyDatabases('bank');
  db = databases.dbs.bank;
  await db.query(`
    INSERT INTO accounts (account_number, bank, holder_id_number, holder_credit_code, opened_at, status, balance) VALUES
      ('${ZHANG_CARD}', '中国工商银行', '${ZHANG}', NULL, '2019-06-01', 'FROZEN', 12.50),
      ('${WANG_OLD_CARD}', '杭州银行', '${WANG}', NULL, '2008-03-01', 'CLOSED', 0.00),
      ('${WANG_CARD}', '中国农业银行', '${WANG}', NULL, '2015-09-09', 'NORMAL', 86000.00),
      ('${HUITONG_ACCOUNT}', '台州银行', NULL, '${HUITONG}', '2016-09-01', 'NORMAL', 3200000.75),
      ('${JIANGUO_ACCOUNT}', '中国农业银行', NULL, '${JIANGUO}', '2012-06-01', 'NORMAL', 450000.00),
      ('${MULE_CARD}', '中国建设银行', '${MULE}', NULL, '2024-12-30', 'FROZEN', 0.00)`);
  await db.query(`
    INSERT INTO flagged_transactions (id, account_number, occurred_at, direction, amount, counterparty_account,
                                      counterparty_name, channel, flag_reason) VALUES
      ('FT-1', '${ZHANG_CARD}', '2025-05-10T03:15:00Z', 'IN', 48000.00, '${LI_CARD}', '李秀英', '手机银行', '大额资金快进快出'),
      ('FT-2', '${ZHANG_CARD}', '2025-05-10T03:20:00Z', 'OUT', 47500.00, '${MULE_CARD}', '赵某', '手机银行', '收到即转出'),
      ('FT-3', '${HUITONG_ACCOUNT}', '2025-05-31T01:00:00Z', 'OUT', 990000.00, '${JIANGUO_ACCOUNT}', '杭州建国建材有限公司', '网银', '关联方大额划转')`);
  // STR-2 and STR-1 share a timestamp (the id breaks the tie); STR-4 and STR-3 are 333 µs apart, which a
  // millisecond cursor could not tell apart.
  await db.query(`
    INSERT INTO suspicious_transaction_reports (id, reported_at, reporting_bank, account_number, credit_code, reason, amount_total) VALUES
      ('STR-1', '2025-06-01T08:00:00Z', '台州银行', '${HUITONG_ACCOUNT}', '${HUITONG}', '频繁大额资金划转', 5600000.00),
      ('STR-2', '2025-06-01T08:00:00Z', '中国工商银行', '${ZHANG_CARD}', NULL, '疑似涉诈资金转移', 95500.50),
      ('STR-3', '2025-03-15T01:30:00.123456Z', '台州银行', '${HUITONG_ACCOUNT}', '${HUITONG}', '关联企业间异常资金往来', 12000000.00),
      ('STR-4', '2025-03-15T01:30:00.123789Z', '台州银行', '${HUITONG_ACCOUNT}', '${HUITONG}', '资金来源不明', 800000.00)`);
  await db.query(`
    INSERT INTO stop_payment_orders (id, account_number, fraud_case_id, issued_at, amount, status) VALUES
      ('SPO-1', '${ZHANG_CARD}', '${FRAUD_CASE}', '2025-05-10T05:00:00Z', 47500.00, '已止付'),
      ('SPO-2', '${MULE_CARD}', '${FRAUD_CASE}', '2025-05-10T05:05:00Z', 500.00, '已止付'),
      ('SPO-3', '${ZHANG_CARD}', 'ZP-2025-0042', '2025-05-20T09:00:00Z', 12.50, '已解除')`);
  server = await startSubgraph(bank, {
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

describe('bank subgraph: root fields', () => {
  it('looks an account up by number, its holder a Person reference, its status the enum value', async () => {
    const body = await ask(
      `query($n: ID!) { account(accountNumber: $n) {
         accountNumber bank openedAt status balance
         holder { __typename ... on Person { idNumber } ... on Enterprise { creditCode } }
         flaggedTransactions { id occurredAt direction amount counterpartyAccount counterpartyName channel flagReason }
         stopPaymentOrders { id issuedAt amount status account { accountNumber status } fraudCase { id } }
       } }`,
      { n: ZHANG_CARD },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data?.account).toEqual({
      accountNumber: ZHANG_CARD,
      bank: '中国工商银行',
      openedAt: '2019-06-01',
      status: 'FROZEN',
      balance: 12.5,
      holder: { __typename: 'Person', idNumber: ZHANG },
      flaggedTransactions: [
        {
          id: 'FT-2',
          occurredAt: '2025-05-10T03:20:00.000Z',
          direction: 'OUT',
          amount: 47500,
          counterpartyAccount: MULE_CARD,
          counterpartyName: '赵某',
          channel: '手机银行',
          flagReason: '收到即转出',
        },
        {
          id: 'FT-1',
          occurredAt: '2025-05-10T03:15:00.000Z',
          direction: 'IN',
          amount: 48000,
          counterpartyAccount: LI_CARD,
          counterpartyName: '李秀英',
          channel: '手机银行',
          flagReason: '大额资金快进快出',
        },
      ],
      stopPaymentOrders: [
        { id: 'SPO-3', issuedAt: '2025-05-20T09:00:00.000Z', amount: 12.5, status: '已解除', account: { accountNumber: ZHANG_CARD, status: 'FROZEN' }, fraudCase: { id: 'ZP-2025-0042' } },
        { id: 'SPO-1', issuedAt: '2025-05-10T05:00:00.000Z', amount: 47500, status: '已止付', account: { accountNumber: ZHANG_CARD, status: 'FROZEN' }, fraudCase: { id: FRAUD_CASE } },
      ],
    });
  });

  it('gives an enterprise-held account an Enterprise holder, and empty lists when nothing is flagged', async () => {
    const body = await ask(
      `query($n: ID!) { account(accountNumber: $n) {
         status balance holder { __typename ... on Person { idNumber } ... on Enterprise { creditCode } }
         flaggedTransactions { id } stopPaymentOrders { id }
       } }`,
      { n: JIANGUO_ACCOUNT },
    );
    expect(body).toEqual({
      data: {
        account: {
          status: 'NORMAL',
          balance: 450000,
          holder: { __typename: 'Enterprise', creditCode: JIANGUO },
          flaggedTransactions: [],
          stopPaymentOrders: [],
        },
      },
    });
  });

  it('answers null for an unknown account number', async () => {
    expect(await ask(`{ account(accountNumber: "${bankCard(999)}") { accountNumber } }`)).toEqual({ data: { account: null } });
  });
});

describe('bank subgraph: Query.suspiciousTransactionReports pagination', () => {
  const PAGE = `query($first: Int, $after: String, $filter: SuspiciousReportFilter) {
    suspiciousTransactionReports(first: $first, after: $after, filter: $filter) {
      edges { cursor node { id } }
      pageInfo { hasNextPage endCursor }
    } }`;
  const ids = (body: GraphQLResponse) => body.data?.suspiciousTransactionReports.edges.map((edge: any) => edge.node.id);
  const { ask, graphql } = signedGraphqlClient(() => server.graphqlUrl, 'bank', SUBJECTS.riskAnalyst);

  it('serves a report with its account (loaded here, the bank owns it) and its enterprise reference', async () => {
    const body = await records.ask(
      `{ suspiciousTransactionReports(first: 2) { edges { node {
         id reportedAt reportingBank reason amountTotal
         account { accountNumber bank status holder { __typename } }
         enterprise { creditCode }
       } } } }`,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data?.suspiciousTransactionReports.edges.map((edge: any) => edge.node)).toEqual([
      {
        id: 'STR-2',
        reportedAt: '2025-06-01T08:00:00.000Z',
        reportingBank: '中国工商银行',
        reason: '疑似涉诈资金转移',
        amountTotal: 95500.5,
        account: { accountNumber: ZHANG_CARD, bank: '中国工商银行', status: 'FROZEN', holder: { __typename: 'Person' } },
        enterprise: null,
      },
      {
        id: 'STR-1',
        reportedAt: '2025-06-01T08:00:00.000Z',
        reportingBank: '台州银行',
        reason: '频繁大额资金划转',
        amountTotal: 5600000,
        account: { accountNumber: HUITONG_ACCOUNT, bank: '台州银行', status: 'NORMAL', holder: { __typename: 'Enterprise' } },
        enterprise: { creditCode: HUITONG },
      },
    ]);
  });

  it('walks two pages newest first, the id breaking ties on the report time', async () => {
    const first = await ask(PAGE, { first: 2 });
    expect(first.errors).toBeUndefined();
    expect(ids(first)).toEqual(['STR-2', 'STR-1']);
    expect(first.data?.suspiciousTransactionReports.pageInfo.hasNextPage).toBe(true);

    const second = await ask(PAGE, { first: 2, after: first.data?.suspiciousTransactionReports.pageInfo.endCursor });
    expect(ids(second)).toEqual(['STR-4', 'STR-3']);
    expect(second.data?.suspiciousTransactionReports.pageInfo).toEqual({
      hasNextPage: false,
      endCursor: second.data?.suspiciousTransactionReports.edges[1].cursor,
    });
  });

  it('skips no row whose time differs from the previous page end by less than a millisecond', async () => {
    expect(await walkConnection(ask, PAGE, 'suspiciousTransactionReports', { key: 'id' })).toEqual(['STR-2', 'STR-1', 'STR-4', 'STR-3']);
  });

  it('defaults to 20 and filters by reporting bank and a half-open time range', async () => {
    expect(ids(await ask(PAGE, {}))).toEqual(['STR-2', 'STR-1', 'STR-4', 'STR-3']);
    expect(ids(await ask(PAGE, { filter: { reportingBank: '台州银行' } }))).toEqual(['STR-1', 'STR-4', 'STR-3']);
    expect(ids(await ask(PAGE, { filter: { from: '2025-03-15T00:00:00Z', to: '2025-06-01T08:00:00Z' } }))).toEqual(['STR-4', 'STR-3']);
    expect(ids(await ask(PAGE, { filter: { from: '2025-06-01T08:00:00Z' } }))).toEqual(['STR-2', 'STR-1']);
    expect(ids(await ask(PAGE, { filter: { reportingBank: '台州银行', from: '2025-03-15T01:30:00.123500Z' } }))).toEqual(['STR-1', 'STR-4']);
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

  it('refuses a well-formed cursor carrying a forged time, or a bad date in the filter, as BAD_USER_INPUT without SQL text', async () => {
    const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const forged = Buffer.from(JSON.stringify(['not-a-time', 'STR-1'])).toString('base64url');
      const { text } = await graphql(PAGE, { after: forged });
      const body = JSON.parse(text) as GraphQLResponse;
      expect(body.errors?.[0]).toMatchObject({ message: '`after` is not a cursor returned by this field', extensions: { code: 'BAD_USER_INPUT' } });
      expect(text).not.toMatch(/reported_at|suspicious_transaction_reports|SELECT|syntax for type/i);
      for (const from of ['yesterday', '2025-02-30', '2025-06-01T08:00:00', '2025-06-01T25:00:00Z', "2025-01-01'; DROP TABLE x; --"]) {
        const answer = await graphql(PAGE, { filter: { from } });
        expect(JSON.parse(answer.text).errors?.[0]).toMatchObject({ message: expect.stringContaining('`filter.from` must be an ISO-8601 date'), extensions: { code: 'BAD_USER_INPUT' } });
        expect(answer.text).not.toMatch(/reported_at|SELECT|timestamptz/i);
      }
      expect(logged).not.toHaveBeenCalled();
    } finally {
      logged.mockRestore();
    }
  });
});

describe('bank subgraph: entities, one statement per batch', () => {
  const knownAccounts = [ZHANG_CARD, WANG_CARD, HUITONG_ACCOUNT, JIANGUO_ACCOUNT];
  const accountReps = [...knownAccounts, ...Array.from({ length: 96 }, (_, index) => bankCard(100 + index))].map(
    (accountNumber) => ({ __typename: 'Account', accountNumber }),
  );

  it('resolves 100 Account references and their holders in one statement, unknown ones as null', async () => {
    db.resetStatementCount();
    const body = await ask(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Account {
         accountNumber status holder { __typename ... on Person { idNumber } ... on Enterprise { creditCode } }
       } } }`,
      { r: accountReps },
    );
    expect(body.errors).toBeUndefined();
    expect(db.statementCount).toBe(1);
    const entities = body.data?._entities as unknown[];
    expect(entities).toHaveLength(100);
    expect(entities.slice(0, 4)).toEqual([
      { accountNumber: ZHANG_CARD, status: 'FROZEN', holder: { __typename: 'Person', idNumber: ZHANG } },
      { accountNumber: WANG_CARD, status: 'NORMAL', holder: { __typename: 'Person', idNumber: WANG } },
      { accountNumber: HUITONG_ACCOUNT, status: 'NORMAL', holder: { __typename: 'Enterprise', creditCode: HUITONG } },
      { accountNumber: JIANGUO_ACCOUNT, status: 'NORMAL', holder: { __typename: 'Enterprise', creditCode: JIANGUO } },
    ]);
    expect(entities.slice(4).every((entity) => entity === null)).toBe(true);
  });

  it('resolves flaggedTransactions and stopPaymentOrders of 100 accounts in one statement each', async () => {
    db.resetStatementCount();
    const body = await ask(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Account {
         flaggedTransactions { id } stopPaymentOrders { id fraudCase { id } }
       } } }`,
      { r: accountReps },
    );
    expect(body.errors).toBeUndefined();
    // the references, then one statement per list (the orders' accounts are not asked for)
    expect(db.statementCount).toBe(3);
    const entities = body.data?._entities as ({ flaggedTransactions: unknown[]; stopPaymentOrders: unknown[] } | null)[];
    expect(entities[0]).toEqual({
      flaggedTransactions: [{ id: 'FT-2' }, { id: 'FT-1' }],
      stopPaymentOrders: [
        { id: 'SPO-3', fraudCase: { id: 'ZP-2025-0042' } },
        { id: 'SPO-1', fraudCase: { id: FRAUD_CASE } },
      ],
    });
    expect(entities[1]).toEqual({ flaggedTransactions: [], stopPaymentOrders: [] });
    expect(entities[2]).toEqual({ flaggedTransactions: [{ id: 'FT-3' }], stopPaymentOrders: [] });
    expect(entities.slice(4).every((entity) => entity === null)).toBe(true);
  });

  it('resolves Person.accounts for 100 representations in one statement, newest first', async () => {
    const people = [WANG, ZHANG, LI, ...Array.from({ length: 97 }, (_, index) => residentId(index))];
    db.resetStatementCount();
    const body = await ask(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { idNumber accounts { accountNumber status } } } }`,
      { r: people.map((idNumber) => ({ __typename: 'Person', idNumber })) },
    );
    expect(body.errors).toBeUndefined();
    expect(db.statementCount).toBe(1);
    const entities = body.data?._entities as { idNumber: string; accounts: { accountNumber: string }[] }[];
    expect(entities).toHaveLength(100);
    expect(entities[0]).toEqual({
      idNumber: WANG,
      accounts: [
        { accountNumber: WANG_CARD, status: 'NORMAL' },
        { accountNumber: WANG_OLD_CARD, status: 'CLOSED' },
      ],
    });
    expect(entities[1]?.accounts).toEqual([{ accountNumber: ZHANG_CARD, status: 'FROZEN' }]);
    // 李秀英 paid into 张伟's account but holds none here
    expect(entities.slice(2).every((entity) => entity.accounts.length === 0)).toBe(true);
  });

  it('resolves Enterprise.accounts and suspiciousTransactionReports for 100 representations in one statement each', async () => {
    const reps = [HUITONG, JIANGUO, ...Array.from({ length: 98 }, (_, index) => creditCode(index))].map((code) => ({
      __typename: 'Enterprise',
      creditCode: code,
    }));
    db.resetStatementCount();
    const body = await records.ask(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Enterprise {
         creditCode accounts { accountNumber } suspiciousTransactionReports { id }
       } } }`,
      { r: reps },
    );
    expect(body.errors).toBeUndefined();
    expect(db.statementCount).toBe(2);
    const entities = body.data?._entities as { accounts: unknown[]; suspiciousTransactionReports: unknown[] }[];
    expect(entities[0]).toEqual({
      creditCode: HUITONG,
      accounts: [{ accountNumber: HUITONG_ACCOUNT }],
      suspiciousTransactionReports: [{ id: 'STR-1' }, { id: 'STR-4' }, { id: 'STR-3' }],
    });
    expect(entities[1]).toEqual({ creditCode: JIANGUO, accounts: [{ accountNumber: JIANGUO_ACCOUNT }], suspiciousTransactionReports: [] });
    expect(entities.slice(2).every((entity) => entity.accounts.length === 0 && entity.suspiciousTransactionReports.length === 0)).toBe(true);
  });

  it('resolves 100 SuspiciousTransactionReport references with their accounts in two statements', async () => {
    const reps = ['STR-1', 'STR-2', 'STR-3', ...Array.from({ length: 97 }, (_, index) => `STR-X${index}`)].map((id) => ({
      __typename: 'SuspiciousTransactionReport',
      id,
    }));
    db.resetStatementCount();
    const body = await records.ask(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on SuspiciousTransactionReport {
         id account { accountNumber bank } enterprise { creditCode }
       } } }`,
      { r: reps },
    );
    expect(body.errors).toBeUndefined();
    // the reports, then the three reports' two distinct accounts in one statement
    expect(db.statementCount).toBe(2);
    const entities = body.data?._entities as unknown[];
    expect(entities.slice(0, 3)).toEqual([
      { id: 'STR-1', account: { accountNumber: HUITONG_ACCOUNT, bank: '台州银行' }, enterprise: { creditCode: HUITONG } },
      { id: 'STR-2', account: { accountNumber: ZHANG_CARD, bank: '中国工商银行' }, enterprise: null },
      { id: 'STR-3', account: { accountNumber: HUITONG_ACCOUNT, bank: '台州银行' }, enterprise: { creditCode: HUITONG } },
    ]);
    expect(entities.slice(3).every((entity) => entity === null)).toBe(true);
  });

  it('resolves FraudCase.stopPaymentOrders and their accounts for 100 representations in two statements', async () => {
    const reps = [FRAUD_CASE, 'ZP-2025-0042', ...Array.from({ length: 98 }, (_, index) => `ZP-X${index}`)].map((id) => ({
      __typename: 'FraudCase',
      id,
    }));
    db.resetStatementCount();
    const body = await ask(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on FraudCase {
         id stopPaymentOrders { id amount account { accountNumber status } fraudCase { id } }
       } } }`,
      { r: reps },
    );
    expect(body.errors).toBeUndefined();
    expect(db.statementCount).toBe(2);
    const entities = body.data?._entities as { id: string; stopPaymentOrders: unknown[] }[];
    expect(entities[0]).toEqual({
      id: FRAUD_CASE,
      stopPaymentOrders: [
        { id: 'SPO-2', amount: 500, account: { accountNumber: MULE_CARD, status: 'FROZEN' }, fraudCase: { id: FRAUD_CASE } },
        { id: 'SPO-1', amount: 47500, account: { accountNumber: ZHANG_CARD, status: 'FROZEN' }, fraudCase: { id: FRAUD_CASE } },
      ],
    });
    expect(entities[1]?.stopPaymentOrders).toHaveLength(1);
    expect(entities.slice(2).every((entity) => entity.stopPaymentOrders.length === 0)).toBe(true);
  });
});
