import pg from 'pg';
import { EXAMPLE_CASE_REF, EXAMPLE_QUERY } from '../../runtime/banner';
import { databaseUrl } from '../../runtime/databases';
import type { RunningSystem } from '../../runtime/system';
import { AGENCIES, type Agency } from '../../subgraphs/agencies';
import { passwordToken } from '../identity/tokenEndpoint';
import { dropSystemDatabases, testServerUrl } from '../support/agencyDatabases';
import { freshBudgetWindow } from '../support/budgetWindow';
import { startTestSystem } from '../support/testSystem';

/**
 * Issue 9, items 1, 2 and 4 against the whole system (seeded PostgreSQL, five subgraphs, real tokens, real
 * HTTP): case references verified with their owners, the case scope, and the case's own narratives.
 */
const WANG = '330110197803150018';
const ZHANG = '331004199001010133';
const LI = '330110198507220020';
const CHEN = '330502199211300247';
const PAYEE = '6222021203001234565';
const FRAUD_CASE = 'DZ-2025-00000001';
const CHEN_DISPUTE = 'TJ-2025-330502-00001';
const prefix = `gg_cases_${process.pid}`;
let system: RunningSystem;
const tokens: Record<string, string> = {};

interface Answer {
  status: number;
  text: string;
  body: { data?: any; errors?: any[]; extensions?: any };
}

async function post(query: string, headers: Record<string, string>, variables: Record<string, unknown> = {}): Promise<Answer> {
  const response = await fetch(system.gateway.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text) as Answer['body'] };
}

function as(username: string, purpose: string, caseRef: string): Record<string, string> {
  return { authorization: `Bearer ${tokens[username]}`, 'x-purpose': purpose, 'x-case-ref': caseRef };
}
const mediator = (caseRef = EXAMPLE_CASE_REF) => as('mediator.wang', 'dispute-resolution', caseRef);
const investigator = (caseRef = FRAUD_CASE) => as('investigator.li', 'fraud-investigation', caseRef);

/** Statements sent to each agency's database while `run` runs. */
async function statementsDuring(run: () => Promise<unknown>): Promise<Record<Agency, number>> {
  for (const agency of AGENCIES) system.dbs[agency].resetStatementCount();
  await run();
  return Object.fromEntries(AGENCIES.map((agency) => [agency, system.dbs[agency].statementCount])) as Record<Agency, number>;
}

async function auditRecord(id: unknown): Promise<any> {
  expect(typeof id).toBe('string');
  const rows = await system.audit.db.query<{ record: any }>('SELECT record FROM audit_events WHERE id = $1', [id]);
  expect(rows).toHaveLength(1);
  return rows[0]!.record;
}

/** A refusal of the whole operation: its code, its HTTP status, no data, and its audit record with the code. */
async function expectRefused(answer: Answer, code: string): Promise<any> {
  expect(answer.body.errors?.map((error) => error.extensions?.code)).toEqual([code]);
  expect(answer.status).toBe(403);
  expect(answer.body.data ?? null).toBeNull();
  const record = await auditRecord(answer.body.errors![0].extensions.auditRecordId ?? answer.body.extensions?.privacy?.auditRecordId);
  expect(record).toMatchObject({ outcome: 'refused', errorCodes: [code] });
  return record;
}

/** Runs SQL as the server's superuser in one agency's database (the services' own roles may not write). */
async function sql(agency: Agency, text: string, values: unknown[] = []): Promise<any[]> {
  const client = new pg.Client({ connectionString: databaseUrl(testServerUrl(), `${prefix}_${agency}`) });
  await client.connect();
  try {
    return (await client.query(text, values)).rows;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  system = await startTestSystem(prefix, { seedPersons: 300 });
  for (const username of ['mediator.wang', 'investigator.li', 'grid.wu', 'clerk.zhao']) {
    tokens[username] = await passwordToken(system.identityProvider.issuer, username);
  }
}, 120_000);

// These tests refuse the mediator on purpose, more often than the refusal budget tolerates.
beforeEach(() => freshBudgetWindow(system));

afterAll(async () => {
  await system?.stop();
  await dropSystemDatabases(prefix);
});

describe('a mediator on TJ-2025-330110-00001', () => {
  it('reads both parties, 王建国 and 张伟, masked (the README example included)', async () => {
    const example = await post(EXAMPLE_QUERY, mediator());
    expect(example.body.errors).toBeUndefined();
    expect(example.body.data.person.name).toBe('王**');
    const answer = await post(
      `query($id: ID!) { dispute(id: $id) { id parties { role person { name idNumber cases { caseNumber parties { party { ... on Person { name } ... on Enterprise { name } } } } } } } }`,
      mediator(),
      { id: EXAMPLE_CASE_REF },
    );
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.dispute.parties.map((party: any) => party.person.name).sort()).toEqual(['张*', '王**'].sort());
    const both = await post(`{ a: person(idNumber: "${WANG}") { name } b: person(idNumber: "${ZHANG}") { name } }`, mediator());
    expect(both.body.errors).toBeUndefined();
    expect(both.body.data).toEqual({ a: { name: '王**' }, b: { name: '张*' } });
  });

  it('is refused 陈静 by literal, variable, alias and fragment, before any data agency is asked', async () => {
    const attempts: [string, Record<string, unknown>][] = [
      [`{ person(idNumber: "${CHEN}") { name } }`, {}],
      ['query($id: ID!) { person(idNumber: $id) { name } }', { id: CHEN }],
      ['query($id: ID! = "' + CHEN + '") { person(idNumber: $id) { name } }', {}],
      [`{ wang: person(idNumber: "${WANG}") { name } chen: person(idNumber: "${CHEN}") { name } }`, {}],
      [`query { ...Chen } fragment Chen on Query { person(idNumber: "${CHEN}") { name } }`, {}],
      [`{ ... on Query { person(idNumber: "${CHEN}") { name } } }`, {}],
    ];
    for (const [query, variables] of attempts) {
      // Six refusals in a row: more than the refusal budget tolerates, which is not what this test is about.
      await freshBudgetWindow(system);
      let answer!: Answer;
      const counts = await statementsDuring(async () => (answer = await post(query, mediator(), variables)));
      const record = await expectRefused(answer, 'OUTSIDE_CASE_SCOPE');
      expect(answer.text).not.toContain('陈');
      expect(JSON.stringify(record)).not.toContain(CHEN);
      // The verification is cached; nobody holding personal data was asked.
      expect({ police: counts.police, court: counts.court, market: counts.market, bank: counts.bank }).toEqual({ police: 0, court: 0, market: 0, bank: 0 });
    }
  });

  it('is refused 陈静 through a nested relation and through root searches', async () => {
    // 陈静's dispute, reached from the mediator's own case: the dispute lookup of another id is refused.
    await expectRefused(await post(`{ dispute(id: "${CHEN_DISPUTE}") { parties { person { name } } } }`, mediator()), 'OUTSIDE_CASE_SCOPE');
    // Searches are refused under a case-bound purpose: the case's subjects are the starting points.
    const search = await post('{ petitions(first: 5) { edges { node { petitioner { name } } } } }', mediator());
    const record = await expectRefused(search, 'OUTSIDE_CASE_SCOPE');
    expect(search.body.errors![0].extensions.paths).toEqual(['petitions']);
    expect(record.errorCodes).toEqual(['OUTSIDE_CASE_SCOPE']);
  });

  it('refuses an answer that reaches a person outside the case through a nested relation, whole', async () => {
    // A seeded person becomes a party to 王建国's lending case: reachable only through a nested relation.
    const [outsider] = await sql('police', `SELECT id_number FROM persons WHERE id_number NOT IN ($1, $2, $3, $4) AND district = '330110' LIMIT 1`, [WANG, ZHANG, LI, CHEN]);
    const caseNumber = '(2024)浙1004民初66号';
    await sql('court', `INSERT INTO case_parties (case_number, role, id_number) VALUES ($1, '第三人', $2)`, [caseNumber, outsider.id_number]).catch(async () => {
      const columns = await sql('court', `SELECT column_name FROM information_schema.columns WHERE table_name = 'case_parties'`);
      throw new Error(`case_parties columns: ${columns.map((column) => column.column_name).join(', ')}`);
    });
    try {
      const answer = await post(`{ person(idNumber: "${WANG}") { cases { parties { party { ... on Person { name } } } } } }`, mediator());
      const record = await expectRefused(answer, 'OUTSIDE_CASE_SCOPE');
      expect(answer.body.errors![0].extensions.paths).toEqual(['person.cases[*].parties[*].party']);
      expect(record.hasData ?? false).toBe(false);
    } finally {
      await sql('court', `DELETE FROM case_parties WHERE case_number = $1 AND id_number = $2`, [caseNumber, outsider.id_number]);
    }
  });

  it('is refused a made-up dispute id, CASE_NOT_FOUND, with only the petitions office asked', async () => {
    let answer!: Answer;
    const counts = await statementsDuring(async () => (answer = await post(EXAMPLE_QUERY, mediator('TJ-2025-330110-99999'))));
    await expectRefused(answer, 'CASE_NOT_FOUND');
    expect({ police: counts.police, court: counts.court, market: counts.market, bank: counts.bank }).toEqual({ police: 0, court: 0, market: 0, bank: 0 });
    await expectRefused(await post(EXAMPLE_QUERY, mediator('TJ-1')), 'CASE_NOT_FOUND');
  });

  it("reads the dispute's own summary and its parties' petitions with the parties' names masked; nothing else's", async () => {
    const answer = await post(
      `query($id: ID!) { dispute(id: $id) { summary parties { person { petitions { id content } } } } }`,
      mediator(),
      { id: EXAMPLE_CASE_REF },
    );
    expect(answer.body.errors).toBeUndefined();
    const summary: string = answer.body.data.dispute.summary;
    expect(summary).toContain('王**反映张*拖欠借款');
    expect(summary).not.toMatch(/王建国|张伟/);
    const petitions = answer.body.data.dispute.parties.flatMap((party: any) => party.person.petitions);
    expect(petitions.find((petition: any) => petition.id === 'XF-2025-330110-000001').content).toContain('拖欠工人工资');
    expect(answer.body.extensions.privacy.masked).toContainEqual({ path: 'dispute.summary', coordinate: 'Dispute.summary', strategy: 'case-narrative' });
    expect(answer.text).not.toContain('王建国');
  });
});

describe('an investigator on DZ-2025-00000001', () => {
  it('reads 李秀英, the payee account and 张伟 in clear', async () => {
    const answer = await post(
      `query($id: ID!) { fraudCase(id: $id) { victim { idNumber name incidents { id summary } } payeeAccounts { accountNumber holder { ... on Person { idNumber name } } } } }`,
      investigator(),
      { id: FRAUD_CASE },
    );
    expect(answer.body.errors).toBeUndefined();
    const fraudCase = answer.body.data.fraudCase;
    expect(fraudCase.victim).toMatchObject({ idNumber: LI, name: '李秀英' });
    expect(fraudCase.payeeAccounts).toEqual([{ accountNumber: PAYEE, holder: { idNumber: ZHANG, name: '张伟' } }]);
    // The victim's own incident report is one of the case's records: released, names in clear for this purpose.
    const report = fraudCase.victim.incidents.find((incident: any) => incident.id === 'JQ-2025-0000002');
    expect(report.summary).not.toBe('***');
    const direct = await post(`{ person(idNumber: "${ZHANG}") { name } account(accountNumber: "${PAYEE}") { accountNumber } }`, investigator());
    expect(direct.body.errors).toBeUndefined();
    expect(direct.body.data).toEqual({ person: { name: '张伟' }, account: { accountNumber: PAYEE } });
  });

  it("is refused 王建国, and another person's incident narrative is not released", async () => {
    await expectRefused(await post(`{ person(idNumber: "${WANG}") { name } }`, investigator()), 'OUTSIDE_CASE_SCOPE');
    // 王建国's quarrel with 张伟 (JQ-2025-0000001) is 张伟's incident but not the fraud case's… it is his incident:
    // released. An incident of nobody in the case is not reachable at all (root lookups are the case's records).
    await expectRefused(await post('{ incident(id: "JQ-2025-9999999") { summary } }', investigator()), 'OUTSIDE_CASE_SCOPE');
  });

  it('is refused a made-up case id', async () => {
    await expectRefused(await post(`{ person(idNumber: "${LI}") { name } }`, investigator('DZ-2025-99999999')), 'CASE_NOT_FOUND');
  });
});

describe('jurisdiction, status and the cache', () => {
  it("lets grid.wu work her own district's dispute and refuses the other district's", async () => {
    const own = await post(`{ dispute(id: "${CHEN_DISPUTE}") { id parties { person { name } } } }`, as('grid.wu', 'dispute-resolution', CHEN_DISPUTE));
    expect(own.body.errors).toBeUndefined();
    expect(own.body.data.dispute.parties).toEqual([{ person: { name: '陈*' } }]);
    let answer!: Answer;
    const counts = await statementsDuring(async () => (answer = await post(EXAMPLE_QUERY, as('grid.wu', 'dispute-resolution', EXAMPLE_CASE_REF))));
    await expectRefused(answer, 'CASE_OUT_OF_JURISDICTION');
    expect(Object.values(counts).every((count) => count === 0)).toBe(true);
  });

  /** A dispute of the mediation centre, inserted for the test, with 陈静 as its party. */
  async function insertDispute(id: string, district: string, outcome: string): Promise<void> {
    await sql('petitions', `INSERT INTO disputes (id, registered_at, module, complexity_grade, summary, mediator, outcome, district)
      VALUES ($1, now(), '邻里纠纷', '一般', '陈静与邻居因通行问题发生纠纷。', '测试', $2, $3)`, [id, outcome, district]);
    await sql('petitions', 'INSERT INTO dispute_parties (dispute_id, id_number, role) VALUES ($1, $2, $3)', [id, CHEN, '申请人']);
  }

  it('does not share a verification across users: same reference, different outcomes', async () => {
    // Ids that name no district, so each caller's verification is a lookup at the petitions office.
    await insertDispute('TJ-CACHE-WU', '330502', '调解中');
    const hers = await post('{ dispute(id: "TJ-CACHE-WU") { id } }', as('grid.wu', 'dispute-resolution', 'TJ-CACHE-WU'));
    expect(hers.body.errors).toBeUndefined();
    expect(hers.body.data.dispute.id).toBe('TJ-CACHE-WU');
    await expectRefused(await post('{ dispute(id: "TJ-CACHE-WU") { id } }', mediator('TJ-CACHE-WU')), 'CASE_OUT_OF_JURISDICTION');
    // The other way round: verified for the mediator first; grid.wu's own lookup does not find it in her district.
    await insertDispute('TJ-CACHE-WANG', '330110', '调解中');
    const his = await post('{ dispute(id: "TJ-CACHE-WANG") { id } }', mediator('TJ-CACHE-WANG'));
    expect(his.body.errors).toBeUndefined();
    await expectRefused(await post('{ dispute(id: "TJ-CACHE-WANG") { id } }', as('grid.wu', 'dispute-resolution', 'TJ-CACHE-WANG')), 'CASE_NOT_FOUND');
  });

  it('refuses a closed case with CASE_CLOSED', async () => {
    await insertDispute('TJ-2025-330110-77777', '330110', '调解中');
    await sql('petitions', `UPDATE disputes SET outcome = '调解成功' WHERE id = $1`, ['TJ-2025-330110-77777']);
    await expectRefused(await post(EXAMPLE_QUERY, mediator('TJ-2025-330110-77777')), 'CASE_CLOSED');
  });

  it('costs no verification when the operation is refused for its fields', async () => {
    let answer!: Answer;
    const counts = await statementsDuring(async () => (answer = await post(`{ person(idNumber: "${WANG}") { accounts { balance } } }`, mediator('TJ-2025-330110-88888'))));
    expect(answer.body.errors?.[0].extensions.code).toBe('FORBIDDEN_FIELDS');
    expect(Object.values(counts).every((count) => count === 0)).toBe(true);
  });
});

describe('narratives outside the case', () => {
  it("redacts the summary of a party's other dispute, and releases the case's own with names masked", async () => {
    await sql('petitions', `INSERT INTO disputes (id, registered_at, module, complexity_grade, summary, mediator, outcome, district)
      VALUES ('TJ-OTHER-330110', now(), '邻里纠纷', '一般', '王建国与邻居李某因车位发生争执。', '测试', '调解中', '330110')`);
    await sql('petitions', `INSERT INTO dispute_parties (dispute_id, id_number, role) VALUES ('TJ-OTHER-330110', $1, '申请人')`, [WANG]);
    const answer = await post(`{ person(idNumber: "${WANG}") { disputes { id summary } } }`, mediator());
    expect(answer.body.errors).toBeUndefined();
    const byId = Object.fromEntries(answer.body.data.person.disputes.map((dispute: any) => [dispute.id, dispute.summary]));
    expect(byId['TJ-OTHER-330110']).toBe('***');
    expect(byId[EXAMPLE_CASE_REF]).toMatch(/^王\*\*反映张\*/);
    expect(answer.text).not.toContain('王建国');
    expect(answer.text).not.toContain('车位');
  });
});
