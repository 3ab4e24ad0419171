import { isLuhnValid } from '../../seed/identifiers/bankCard';
import { isValidCreditCode } from '../../seed/identifiers/creditCode';
import { isZhejiangDivision } from '../../seed/identifiers/divisions';
import { isValidMobileNumber } from '../../seed/identifiers/mobile';
import { isValidResidentId, residentIdBirthDate, residentIdGender } from '../../seed/identifiers/residentId';
import { DEMO_CAST, isSeeded, resetDatabases, SeedError, seedDatabases, type SeedReport } from '../../seed';
import { AGENCIES } from '../../subgraphs/agencies';
import type { Database } from '../../subgraphs/kit/database';
import { createAgencyDatabases, type TestDatabases } from '../support/agencyDatabases';

const PERSONS = 2000;
const { wang, li, zhang, chen, jianguo, huitong } = DEMO_CAST;

let databases: TestDatabases;
let report: SeedReport;
const progress: string[] = [];

async function column(db: Database, sql: string, values: unknown[] = []): Promise<string[]> {
  const rows = await db.query<{ value: string | null }>(sql, values);
  return rows.flatMap((row) => (row.value === null ? [] : [String(row.value).trim()]));
}

async function count(db: Database, sql: string, values: unknown[] = []): Promise<number> {
  const rows = await db.query<{ count: number }>(sql, values);
  return Number(rows[0]?.count);
}

beforeAll(async () => {
  databases = await createAgencyDatabases('seed');
  report = await seedDatabases(databases.dbs, { persons: PERSONS, seed: 42, onProgress: (line) => progress.push(line) });
});

afterAll(async () => {
  await databases?.drop();
});

describe('seedDatabases on real databases', () => {
  it('reports what it loaded, table by table, and the databases hold exactly that', async () => {
    const { dbs } = databases;
    expect(Object.keys(report.counts)).toHaveLength(20);
    for (const [name, loaded] of Object.entries(report.counts)) {
      const [agency, table] = name.split('.') as [keyof typeof dbs, string];
      expect(await count(dbs[agency], `SELECT count(*) AS count FROM ${table}`)).toBe(loaded);
    }
    expect(report.counts['police.persons']).toBe(PERSONS + 4);
    expect(report.counts['market.enterprises']).toBe(PERSONS / 10 + 2);
    expect(report.milliseconds).toBeGreaterThan(0);
    expect(progress).toEqual([]); // small runs are quiet
    expect(await isSeeded(dbs)).toBe(true);
  });

  it('puts 王建国 in all five agencies with his story', async () => {
    const { police, court, petitions, market, bank } = databases.dbs;
    expect(await police.query('SELECT name, gender, birth_date, district, phone FROM persons WHERE id_number = $1', [wang.idNumber])).toEqual([
      { name: '王建国', gender: '男', birth_date: '1978-03-15', district: '330110', phone: '13805718000' },
    ]);
    expect(
      await police.query(
        `SELECT i.category, ip.role FROM incidents i JOIN incident_persons ip ON ip.incident_id = i.id
         WHERE ip.id_number = $1`,
        [wang.idNumber],
      ),
    ).toEqual([{ category: '纠纷', role: '报警人' }]);
    expect(
      await court.query(
        `SELECT c.kind, c.cause_of_action, p.role FROM cases c JOIN case_parties p ON p.case_number = c.case_number
         WHERE p.id_number = $1 AND c.kind = '民事'`,
        [wang.idNumber],
      ),
    ).toEqual([{ kind: '民事', cause_of_action: '民间借贷纠纷', role: '原告' }]);
    expect(await petitions.query('SELECT id, category, district FROM petitions WHERE petitioner_id_number = $1', [wang.idNumber])).toEqual([
      { id: DEMO_CAST.petitions.wangLabour, category: '劳动争议', district: '330110' },
    ]);
    expect(
      await petitions.query(
        `SELECT d.id, d.module, p.role FROM disputes d JOIN dispute_parties p ON p.dispute_id = d.id WHERE p.id_number = $1`,
        [wang.idNumber],
      ),
    ).toEqual([{ id: DEMO_CAST.dispute.id, module: '民间借贷', role: '申请人' }]);
    expect(await column(market, 'SELECT credit_code AS value FROM enterprises WHERE legal_rep_id_number = $1', [wang.idNumber])).toEqual([
      jianguo.creditCode,
    ]);
    expect(await column(bank, 'SELECT account_number AS value FROM accounts WHERE holder_id_number = $1', [wang.idNumber])).toEqual([
      wang.accountNumber,
    ]);
  });

  it('tells 李秀英\'s fraud: her loss went to 张伟\'s card, frozen by a stop-payment order of that case', async () => {
    const { police, bank, court } = databases.dbs;
    expect(await police.query('SELECT victim_id_number, loss_amount, district FROM fraud_cases WHERE id = $1', [DEMO_CAST.fraudCase.id])).toEqual([
      { victim_id_number: li.idNumber, loss_amount: 56800, district: '330110' },
    ]);
    expect(await column(police, 'SELECT account_number AS value FROM fraud_case_payee_accounts WHERE fraud_case_id = $1', [DEMO_CAST.fraudCase.id])).toEqual([
      zhang.accountNumber,
    ]);
    expect(await bank.query('SELECT holder_id_number, status FROM accounts WHERE account_number = $1', [zhang.accountNumber])).toEqual([
      { holder_id_number: zhang.idNumber, status: 'FROZEN' },
    ]);
    expect(await bank.query('SELECT id, account_number, status FROM stop_payment_orders WHERE fraud_case_id = $1', [DEMO_CAST.fraudCase.id])).toEqual([
      { id: DEMO_CAST.fraudCase.stopPaymentOrderId, account_number: zhang.accountNumber, status: '已止付' },
    ]);
    expect(
      await court.query(
        `SELECT c.cause_of_action, p.role FROM cases c JOIN case_parties p ON p.case_number = c.case_number
         WHERE p.id_number = $1 AND c.kind = '民事'`,
        [zhang.idNumber],
      ),
    ).toEqual([{ cause_of_action: '民间借贷纠纷', role: '被告' }]);
    expect(await count(court, 'SELECT count(*) AS count FROM dishonest_debtors WHERE id_number = $1', [zhang.idNumber])).toBe(1);
  });

  it('has 陈静 petitioning in 吴兴区 and the demo companies with their records', async () => {
    const { police, petitions, market, bank } = databases.dbs;
    expect(await petitions.query('SELECT id, district FROM petitions WHERE petitioner_id_number = $1', [chen.idNumber])).toEqual([
      { id: DEMO_CAST.petitions.chenLandAcquisition, district: '330502' },
    ]);
    expect(await market.query('SELECT name, legal_rep_id_number, district FROM enterprises WHERE credit_code = $1', [jianguo.creditCode])).toEqual([
      { name: '杭州建国建材有限公司', legal_rep_id_number: wang.idNumber, district: '330110' },
    ]);
    expect(await count(market, 'SELECT count(*) AS count FROM inspections WHERE credit_code = $1', [jianguo.creditCode])).toBeGreaterThan(0);
    expect(await column(market, 'SELECT decision_number AS value FROM administrative_penalties WHERE credit_code = $1', [jianguo.creditCode])).toEqual([
      jianguo.penaltyDecisionNumber,
    ]);
    expect(await police.query('SELECT permit_number, kind FROM precursor_permits WHERE credit_code = $1', [jianguo.creditCode])).toEqual([
      { permit_number: jianguo.precursorPermitNumber, kind: '购买' },
    ]);
    expect(await column(market, 'SELECT name AS value FROM enterprises WHERE credit_code = $1', [huitong.creditCode])).toEqual([huitong.name]);
    expect(
      (await column(bank, 'SELECT id AS value FROM suspicious_transaction_reports WHERE credit_code = $1 ORDER BY id', [huitong.creditCode])),
    ).toEqual([...huitong.suspiciousReportIds].sort());
  });

  it('keeps the databases consistent with each other', async () => {
    const { police, court, petitions, market, bank } = databases.dbs;
    const persons = new Set(await column(police, 'SELECT id_number AS value FROM persons'));
    const enterprises = new Set(await column(market, 'SELECT credit_code AS value FROM enterprises'));
    const accounts = new Set(await column(bank, 'SELECT account_number AS value FROM accounts'));
    const fraudCases = new Set(await column(police, 'SELECT id AS value FROM fraud_cases'));

    const personReferences = [
      ...(await column(court, 'SELECT id_number AS value FROM case_parties')),
      ...(await column(court, 'SELECT id_number AS value FROM dishonest_debtors')),
      ...(await column(petitions, 'SELECT petitioner_id_number AS value FROM petitions')),
      ...(await column(petitions, 'SELECT id_number AS value FROM dispute_parties')),
      ...(await column(market, 'SELECT legal_rep_id_number AS value FROM enterprises')),
      ...(await column(market, 'SELECT complainant_id_number AS value FROM consumer_complaints')),
      ...(await column(bank, 'SELECT holder_id_number AS value FROM accounts')),
    ];
    expect(personReferences.length).toBeGreaterThan(1000);
    expect(personReferences.filter((id) => !persons.has(id))).toEqual([]);

    const enterpriseReferences = [
      ...(await column(court, 'SELECT credit_code AS value FROM case_parties')),
      ...(await column(court, 'SELECT credit_code AS value FROM dishonest_debtors')),
      ...(await column(bank, 'SELECT holder_credit_code AS value FROM accounts')),
      ...(await column(bank, 'SELECT credit_code AS value FROM suspicious_transaction_reports')),
      ...(await column(police, 'SELECT credit_code AS value FROM precursor_permits')),
    ];
    expect(enterpriseReferences.length).toBeGreaterThan(100);
    expect(enterpriseReferences.filter((code) => !enterprises.has(code))).toEqual([]);

    const payees = await column(police, 'SELECT account_number AS value FROM fraud_case_payee_accounts');
    expect(payees.length).toBeGreaterThan(1);
    expect(payees.filter((account) => !accounts.has(account))).toEqual([]);
    const stopped = await column(bank, 'SELECT fraud_case_id AS value FROM stop_payment_orders');
    expect(stopped.filter((id) => !fraudCases.has(id))).toEqual([]);
    // A stop-payment order is on one of its fraud case's payee accounts.
    const orders = await bank.query<{ fraud_case_id: string; account_number: string }>('SELECT fraud_case_id, account_number FROM stop_payment_orders');
    const payeePairs = new Set(
      (await police.query<{ pair: string }>(`SELECT fraud_case_id || '|' || account_number AS pair FROM fraud_case_payee_accounts`)).map((row) => row.pair),
    );
    expect(orders.filter((order) => !payeePairs.has(`${order.fraud_case_id}|${order.account_number}`))).toEqual([]);
  });

  it('stores only valid identifiers', async () => {
    const { police, market, bank } = databases.dbs;
    const persons = await police.query<{ id_number: string; gender: string; birth_date: string; district: string; phone: string }>(
      'SELECT id_number, gender, birth_date, district, phone FROM persons',
    );
    const badPersons = persons.filter(
      (person) =>
        !isValidResidentId(person.id_number) ||
        residentIdGender(person.id_number) !== person.gender ||
        residentIdBirthDate(person.id_number) !== person.birth_date ||
        person.id_number.slice(0, 6) !== person.district ||
        !isZhejiangDivision(person.district) ||
        !isValidMobileNumber(person.phone),
    );
    expect(badPersons).toEqual([]);

    const enterprises = await market.query<{ credit_code: string; district: string }>('SELECT credit_code, district FROM enterprises');
    expect(enterprises.filter((e) => !isValidCreditCode(e.credit_code) || !isZhejiangDivision(e.district))).toEqual([]);

    const cards = [
      ...(await column(bank, 'SELECT account_number AS value FROM accounts')),
      ...(await column(bank, 'SELECT counterparty_account AS value FROM flagged_transactions')),
      ...(await column(police, 'SELECT account_number AS value FROM fraud_case_payee_accounts')),
    ];
    expect(cards.filter((card) => !isLuhnValid(card))).toEqual([]);
  });

  it('spreads persons over the agencies in realistic shares', async () => {
    const { police, court, petitions, market, bank } = databases.dbs;
    const share = async (db: Database, sql: string) => (await count(db, sql)) / PERSONS;
    expect(await share(court, 'SELECT count(DISTINCT id_number) AS count FROM case_parties')).toBeGreaterThan(0.015);
    expect(await share(court, 'SELECT count(DISTINCT id_number) AS count FROM case_parties')).toBeLessThan(0.05);
    expect(await share(petitions, 'SELECT count(DISTINCT petitioner_id_number) AS count FROM petitions')).toBeGreaterThan(0.01);
    expect(await share(petitions, 'SELECT count(DISTINCT petitioner_id_number) AS count FROM petitions')).toBeLessThan(0.035);
    expect(await share(petitions, 'SELECT count(DISTINCT id_number) AS count FROM dispute_parties')).toBeGreaterThan(0.007);
    expect(await share(petitions, 'SELECT count(DISTINCT id_number) AS count FROM dispute_parties')).toBeLessThan(0.03);
    expect(await share(police, 'SELECT count(DISTINCT id_number) AS count FROM incident_persons')).toBeGreaterThan(0.03);
    expect(await share(police, 'SELECT count(DISTINCT id_number) AS count FROM incident_persons')).toBeLessThan(0.08);
    expect(await share(market, 'SELECT count(DISTINCT legal_rep_id_number) AS count FROM enterprises')).toBeGreaterThan(0.025);
    expect(await share(market, 'SELECT count(DISTINCT legal_rep_id_number) AS count FROM enterprises')).toBeLessThan(0.06);
    expect(await share(bank, 'SELECT count(DISTINCT holder_id_number) AS count FROM accounts')).toBeGreaterThan(0.5);
    expect(await share(bank, 'SELECT count(DISTINCT holder_id_number) AS count FROM accounts')).toBeLessThan(0.7);
    // Most persons are known to the police only.
    const elsewhere = new Set([
      ...(await column(court, 'SELECT id_number AS value FROM case_parties')),
      ...(await column(petitions, 'SELECT petitioner_id_number AS value FROM petitions')),
      ...(await column(petitions, 'SELECT id_number AS value FROM dispute_parties')),
      ...(await column(market, 'SELECT legal_rep_id_number AS value FROM enterprises')),
    ]);
    expect(elsewhere.size / PERSONS).toBeLessThan(0.15);
  });

  it('refuses to seed again, leaving the data as it was', async () => {
    await expect(seedDatabases(databases.dbs, { persons: 10, seed: 42 })).rejects.toThrow(SeedError);
    await expect(seedDatabases(databases.dbs, { persons: 10, seed: 42 })).rejects.toThrow(/already seeded/);
    expect(await count(databases.dbs.police, 'SELECT count(*) AS count FROM persons')).toBe(PERSONS + 4);
  });

  it('rolls every agency back when one agency\'s load fails, and loads cleanly after a reset', async () => {
    const { dbs } = databases;
    await resetDatabases(dbs);
    expect(await isSeeded(dbs)).toBe(false);
    for (const agency of AGENCIES) {
      const tables = await column(dbs[agency], `SELECT tablename AS value FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations'`);
      for (const table of tables) expect(await count(dbs[agency], `SELECT count(*) AS count FROM ${table}`)).toBe(0);
    }

    // A real failure inside the bank's database: a trigger that rejects stop-payment orders.
    await dbs.bank.query(`CREATE FUNCTION reject_row() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'rejected by test trigger'; END $$`);
    await dbs.bank.query('CREATE TRIGGER reject_stop_payment BEFORE INSERT ON stop_payment_orders FOR EACH ROW EXECUTE FUNCTION reject_row()');
    try {
      await expect(seedDatabases(dbs, { persons: 300, seed: 1 })).rejects.toThrow(/rejected by test trigger/);
    } finally {
      await dbs.bank.query('DROP TRIGGER reject_stop_payment ON stop_payment_orders');
      await dbs.bank.query('DROP FUNCTION reject_row()');
    }
    expect(await isSeeded(dbs)).toBe(false);
    expect(await count(dbs.police, 'SELECT count(*) AS count FROM persons')).toBe(0);
    expect(await count(dbs.market, 'SELECT count(*) AS count FROM enterprises')).toBe(0);
    expect(await count(dbs.bank, 'SELECT count(*) AS count FROM accounts')).toBe(0);

    const again = await seedDatabases(dbs, { persons: 300, seed: 1 });
    expect(again.counts['police.persons']).toBe(304);
    expect(await isSeeded(dbs)).toBe(true);
  });
});
