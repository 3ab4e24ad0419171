import { EXAMPLE_CASE_REF, EXAMPLE_QUERY } from '../../runtime/banner';
import type { RunningSystem } from '../../runtime/system';
import { AGENCIES, SUBGRAPHS } from '../../subgraphs/agencies';
import { passwordToken } from '../identity/tokenEndpoint';
import { dropSystemDatabases } from '../support/agencyDatabases';
import { freshBudgetWindow } from '../support/budgetWindow';
import { startTestSystem } from '../support/testSystem';

/**
 * The whole system as `npm start` runs it — seeded databases, five subgraphs, the development identity
 * provider, the gateway — on the test PostgreSQL server, through real HTTP with real tokens.
 */
const WANG = '330110197803150018';
const LI = '330110198507220020';
const prefix = `gg_system_${process.pid}`;
let system: RunningSystem;
const tokens: Record<string, string> = {};

interface Answer {
  status: number;
  text: string;
  body: { data?: any; errors?: any[]; extensions?: any };
}

async function post(query: string, headers: Record<string, string>, url = system.gateway.graphqlUrl): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text) as Answer['body'] };
}

function as(username: string, purpose?: string, caseRef?: string): Record<string, string> {
  return {
    authorization: `Bearer ${tokens[username]}`,
    ...(purpose ? { 'x-purpose': purpose } : {}),
    ...(caseRef ? { 'x-case-ref': caseRef } : {}),
  };
}

const mediator = () => as('mediator.wang', 'dispute-resolution', EXAMPLE_CASE_REF);
const statements = () => AGENCIES.reduce((total, agency) => total + system.dbs[agency].statementCount, 0);

beforeAll(async () => {
  system = await startTestSystem(prefix, { seedPersons: 300 });
  for (const username of ['mediator.wang', 'investigator.li', 'grid.wu', 'analyst.chen', 'officer.qian']) {
    tokens[username] = await passwordToken(system.identityProvider.issuer, username);
  }
}, 120_000);

// These tests refuse mediator.wang on purpose, more often than the refusal budget tolerates.
beforeEach(() => freshBudgetWindow(system));

afterAll(async () => {
  await system?.stop();
  await dropSystemDatabases(prefix);
});

/** The committed audit record of an answer, by the id the answer carries. */
async function auditRecord(id: unknown): Promise<any> {
  expect(typeof id).toBe('string');
  const rows = await system.audit.db.query<{ record: any }>('SELECT record FROM audit_events WHERE id = $1', [id]);
  expect(rows).toHaveLength(1);
  return rows[0]!.record;
}

describe('purpose-bound answers', () => {
  it("gives a mediator 王建国 from police, petitions, court and market, masked as dispute resolution says", async () => {
    const { status, body } = await post(EXAMPLE_QUERY, mediator());
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const person = body.data.person;
    // The partial ID, phone and birth year re-identified him together (docs/reidentification.md): the ID is a
    // pseudonym, stable within the purpose — withheld here, where the query names it (its pseudonym would link
    // the known number to the handle seen elsewhere) — and the phone is withheld.
    expect(person.idNumber).toBe('***');
    expect(person.name).toBe('王**');
    expect(person.phone).toBe('***');
    expect(person.enterprises).toContainEqual({ name: '杭州建国建材有限公司', creditCode: '91330110MA2H3K7P6N' }); // market
    expect(person.petitions.map((petition: { category: string }) => petition.category)).toContain('劳动争议'); // petitions
    expect(person.cases.length).toBeGreaterThan(0); // court
    expect(person.incidents.map((incident: { category: string }) => incident.category)).toContain('纠纷'); // police
    expect(body.extensions.privacy).toMatchObject({ purpose: 'dispute-resolution', caseRef: EXAMPLE_CASE_REF });
    expect(body.extensions.privacy.masked).toEqual(
      expect.arrayContaining([
        { path: 'person.idNumber', coordinate: 'Person.idNumber', strategy: 'redact' },
        { path: 'person.name', coordinate: 'Person.name', strategy: 'surname' },
        { path: 'person.phone', coordinate: 'Person.phone', strategy: 'redact' },
      ]),
    );
    expect(body.extensions.privacy.masked).toHaveLength(3);

    const record = await auditRecord(body.extensions.privacy.auditRecordId);
    expect(record).toMatchObject({
      outcome: 'allowed',
      user: { username: 'mediator.wang', roles: ['mediator'] },
      purpose: 'dispute-resolution',
      caseRef: EXAMPLE_CASE_REF,
      subgraphs: ['court', 'market', 'petitions', 'police'],
      operation: { type: 'query' },
    });
    expect(record.legalBasis.length).toBeGreaterThan(0);
    expect(record.fields).toEqual(
      expect.arrayContaining([
        { coordinate: 'Person.name', effect: 'mask', strategy: 'surname' },
        { coordinate: 'Person.petitions', effect: 'allow' },
      ]),
    );
    // 王建国 is named as a subject under a keyed pseudonym, shown as the mediator saw him; his ID is not in the log.
    expect(record.subjects).toContainEqual(expect.objectContaining({ type: 'Person', display: person.idNumber }));
    expect(JSON.stringify(record)).not.toContain(WANG);
  });

  it("refuses a mediator 王建国's bank accounts before any agency is asked", async () => {
    const before = statements();
    const { status, body } = await post(`{ person(idNumber: "${WANG}") { name accounts { accountNumber } } }`, mediator());
    expect(status).toBe(403);
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN_FIELDS',
      fields: expect.arrayContaining([expect.objectContaining({ coordinate: 'Person.accounts' })]),
    });
    expect(statements()).toBe(before);
    const record = await auditRecord(body.extensions.privacy.auditRecordId);
    expect(record).toMatchObject({ outcome: 'refused', errorCodes: ['FORBIDDEN_FIELDS'], subgraphs: [], subjects: [] });
    expect(record.fields).toContainEqual(expect.objectContaining({ coordinate: 'Person.accounts', effect: 'deny' }));
  });

  it('finds denied fields behind aliases, fragments and inline fragments', async () => {
    const hidden = [
      `{ person(idNumber: "${WANG}") { money: accounts { accountNumber } } }`,
      `{ person(idNumber: "${WANG}") { ...Money } } fragment Money on Person { accounts { balance } }`,
      `{ person(idNumber: "${WANG}") { ... on Person { cases { claimAmount } } } }`,
    ];
    for (const query of hidden) {
      const { status, body } = await post(query, mediator());
      expect(status).toBe(403);
      expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN_FIELDS');
    }
  });

  it('shows an investigator the fraud case of 李秀英 and the payee account holder 张伟 in clear', async () => {
    const { status, body } = await post(
      `{ person(idNumber: "${LI}") {
          name
          fraudCasesAsVictim { id lossAmount payeeAccounts { accountNumber status holder { ... on Person { idNumber name } } } }
      } }`,
      as('investigator.li', 'fraud-investigation', 'DZ-2025-00000001'),
    );
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data.person.name).toBe('李秀英');
    const accounts = body.data.person.fraudCasesAsVictim.flatMap((fraudCase: any) => fraudCase.payeeAccounts);
    expect(accounts).toContainEqual({
      accountNumber: '6222021203001234565',
      status: 'FROZEN',
      holder: { idNumber: '331004199001010133', name: '张伟' },
    });
    expect(body.extensions.privacy.masked).toEqual([]);
  });
});

describe('introspection', () => {
  it('shows each purpose only the part of the graph it may ask for', async () => {
    const introspect = async (headers: Record<string, string>) => {
      const { status, body } = await post(`{ __schema { types { name } } person: __type(name: "Person") { fields { name } } }`, headers);
      expect(status).toBe(200);
      const types = body.data.__schema.types.map((type: { name: string }) => type.name);
      return { types, personFields: body.data.person?.fields.map((field: { name: string }) => field.name) ?? null };
    };
    const mediatorView = await introspect(mediator());
    expect(mediatorView.types).toEqual(expect.arrayContaining(['Person', 'Petition', 'Case']));
    expect(mediatorView.types).not.toContain('Account');
    expect(mediatorView.types).not.toContain('AuditEvent');
    expect(mediatorView.personFields).toEqual(expect.arrayContaining(['name', 'petitions', 'cases']));
    expect(mediatorView.personFields).not.toContain('accounts');

    const investigatorView = await introspect(as('investigator.li', 'fraud-investigation', 'DZ-2025-00000001'));
    expect(investigatorView.types).toContain('Account');
    expect(investigatorView.personFields).toContain('accounts');
    expect(investigatorView.types).not.toContain('Petition');

    const officerView = await introspect(as('officer.qian', 'audit-review'));
    expect(officerView.types).toContain('AuditEvent');
    expect(officerView.personFields).toBeNull();
  });

  it('refuses introspection mixed with data, which would describe the whole graph', async () => {
    const { status, body } = await post(
      `{ ...Everything person(idNumber: "${WANG}") { name } } fragment Everything on Query { __schema { types { name } } }`,
      mediator(),
    );
    expect(status).toBe(403);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN_FIELDS', fields: [expect.objectContaining({ coordinate: 'Query.__schema' })] });
  });
});

describe('row-level jurisdiction', () => {
  const CHEN = '330502199211300247';
  const gridWorker = () => as('grid.wu', 'dispute-resolution', 'TJ-2025-330502-00001');

  it('lets grid.wu (district 330502) see 陈静\'s petitions and nothing of district 330110', async () => {
    const own = await post(`{ person(idNumber: "${CHEN}") { name petitions { id district } } }`, gridWorker());
    expect(own.body.errors).toBeUndefined();
    expect(own.body.data.person.name).toBe('陈*');
    expect(own.body.data.person.petitions.length).toBeGreaterThan(0);
    expect(own.body.data.person.petitions.every((petition: { district: string }) => petition.district === '330502')).toBe(true);

    // 330110 is outside her case, so the gateway refuses to start from it; the agencies' row filters behind it
    // (test/subgraphs) would answer nothing of 330110 either.
    const other = await post(
      `{ person(idNumber: "${WANG}") { name } petition(id: "XF-2025-330110-000001") { id }
         petitions(first: 100) { edges { node { district } } } }`,
      gridWorker(),
    );
    expect(other.body.errors?.map((error: { extensions: { code: string } }) => error.extensions.code)).toEqual(['OUTSIDE_CASE_SCOPE']);
    expect(other.body.errors?.[0].extensions.paths).toEqual(['person', 'petition', 'petitions']);
    expect(other.body.data ?? null).toBeNull();
  });

  it('shows grid.wu a petition of her district whose petitioner lives elsewhere, without that person', async () => {
    // 王建国 (registered in 330110) petitions in 吴兴区 and is party to a dispute there: the petition and the
    // dispute are hers to see, his police record is not.
    await system.dbs.petitions.query(
      `INSERT INTO petitions (id, received_at, channel, category, content, status, handling_unit,
                              petitioner_id_number, respondent, repeat_count, district)
       VALUES ('XF-TEST-330502-1', now(), '来访', '劳动争议', '在吴兴区务工被拖欠工资。', '已受理', '吴兴区人力社保局', $1, '某劳务公司', 0, '330502')`,
      [WANG],
    );
    await system.dbs.petitions.query(
      `INSERT INTO disputes (id, registered_at, module, complexity_grade, summary, mediator, outcome, district)
       VALUES ('TJ-ROW-330502', now(), '劳动争议', '一般', '务工工资纠纷。', '吴兴区矛调中心', '调解中', '330502')`,
    );
    await system.dbs.petitions.query(
      `INSERT INTO dispute_parties (dispute_id, id_number, role) VALUES ('TJ-ROW-330502', $1, '申请人'), ('TJ-ROW-330502', $2, '被申请人')`,
      [WANG, CHEN],
    );
    const { status, body } = await post(
      `{ petition(id: "XF-TEST-330502-1") { id district petitioner { name } } dispute(id: "TJ-ROW-330502") { parties { person { name } } } }`,
      as('grid.wu', 'dispute-resolution', 'TJ-ROW-330502'),
    );
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data.petition).toEqual({ id: 'XF-TEST-330502-1', district: '330502', petitioner: null });
    expect(body.data.dispute.parties.map((party: { person: unknown }) => party.person)).toEqual(expect.arrayContaining([null, { name: '陈*' }]));
  });

  it('while a mediator with the same purpose sees both districts', async () => {
    const { body } = await post(`{ petition(id: "XF-2025-330110-000001") { id district } }`, mediator());
    expect(body.data.petition).toEqual({ id: 'XF-2025-330110-000001', district: '330110' });
  });
});

describe("the privacy officer's review", () => {
  const officer = () => as('officer.qian', 'audit-review');
  const report = `{ subjectAccessReport(idNumber: "${WANG}") {
      accesses { recordId time user { username } purpose legalBasis caseRef subgraphs
                 shownAs { display } fields { coordinate effect strategy } } } }`;

  it("lists each access to 王建国's data with user, purpose, case ref, time and fields, and audits the officer's read", async () => {
    await post(EXAMPLE_QUERY, mediator());
    const { status, body } = await post(report, officer());
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const accesses = body.data.subjectAccessReport.accesses;
    const byMediator = accesses.find((access: any) => access.user?.username === 'mediator.wang');
    expect(byMediator).toMatchObject({
      purpose: 'dispute-resolution',
      caseRef: EXAMPLE_CASE_REF,
      // as the mediator saw him: the query named his ID, so its pseudonym was withheld
      shownAs: [{ display: '***' }],
      time: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
    expect(byMediator.fields).toContainEqual({ coordinate: 'Person.name', effect: 'MASK', strategy: 'surname' });
    // nobody outside the audit graph's purpose gets in
    const refused = await post(report, mediator());
    expect(refused.status).toBe(403);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN_FIELDS');
    // the officer's own read is audited, and names 王建国 as its subject: it shows in his report next time
    const read = await auditRecord(body.extensions.privacy.auditRecordId);
    expect(read).toMatchObject({ purpose: 'audit-review', user: { username: 'officer.qian' }, subgraphs: ['audit'] });
    const again = await post(report, officer());
    expect(again.body.data.subjectAccessReport.accesses.map((access: any) => access.recordId)).toContain(body.extensions.privacy.auditRecordId);
  });

  it('reports the log intact, checkpoint signatures checked', async () => {
    await system.audit.writer.flush();
    const { body } = await post(`{ auditIntegrity { intact checkpointSignatures chains { chainId records failure { kind } } } }`, officer());
    expect(body.errors).toBeUndefined();
    expect(body.data.auditIntegrity).toMatchObject({ intact: true, checkpointSignatures: 'verified' });
    expect(body.data.auditIntegrity.chains).toEqual([
      { chainId: 'gateway', records: expect.any(Number), failure: null },
    ]);
    expect(body.data.auditIntegrity.chains[0].records).toBeGreaterThan(10);
  });
});

describe('refusals at the door', () => {
  const query = `{ person(idNumber: "${WANG}") { petitions { id } } }`;

  it('401 UNAUTHENTICATED without a token, with a garbage token and with a token in the URL', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ 'x-purpose': 'dispute-resolution' }, 'no bearer token'],
      [{ authorization: 'Bearer not.a.token', 'x-purpose': 'dispute-resolution' }, 'token malformed'],
    ];
    for (const [headers, reason] of cases) {
      const { status, body } = await post(query, headers);
      expect(status).toBe(401);
      expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason });
      // refused at the door, and audited all the same
      expect(await auditRecord(body.errors?.[0]?.extensions?.auditRecordId)).toMatchObject({
        outcome: 'refused',
        user: null,
        errorCodes: ['UNAUTHENTICATED'],
      });
    }
    const inUrl = await post(query, { 'x-purpose': 'dispute-resolution' }, `${system.gateway.graphqlUrl}?access_token=${tokens['mediator.wang']}`);
    expect(inUrl.status).toBe(401);
    expect(inUrl.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('PURPOSE_REQUIRED, PURPOSE_NOT_PERMITTED (unknown, or not for these roles) and CASE_REF_REQUIRED', async () => {
    const expectations: [Record<string, string>, number, string][] = [
      [as('mediator.wang'), 400, 'PURPOSE_REQUIRED'],
      [as('mediator.wang', 'curiosity'), 403, 'PURPOSE_NOT_PERMITTED'],
      [as('mediator.wang', 'fraud-investigation', 'DZ-2025-00000001'), 403, 'PURPOSE_NOT_PERMITTED'],
      [as('mediator.wang', 'dispute-resolution'), 400, 'CASE_REF_REQUIRED'],
    ];
    for (const [headers, status, code] of expectations) {
      const answer = await post(query, headers);
      expect({ status: answer.status, code: answer.body.errors?.[0]?.extensions?.code }).toEqual({ status, code });
      expect(answer.body.data).toBeUndefined();
      expect(await auditRecord(answer.body.errors?.[0]?.extensions?.auditRecordId)).toMatchObject({
        outcome: 'refused',
        user: { username: 'mediator.wang' },
        // the purpose attempted, permitted or not: what an officer needs to judge the attempt
        purpose: headers['x-purpose'] ?? null,
        errorCodes: [code],
      });
    }
  });

  it('rejects a malformed query with GRAPHQL_PARSE_FAILED and no internals', async () => {
    const { status, body, text } = await post('{ person(idNumber: ', mediator());
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions).toEqual({ code: 'GRAPHQL_PARSE_FAILED' });
    expect(text).not.toMatch(/at .*\.(ts|js)|node_modules/);
    expect(await auditRecord(body.extensions.privacy.auditRecordId)).toMatchObject({
      outcome: 'refused',
      errorCodes: ['GRAPHQL_PARSE_FAILED'],
      operation: { document: null },
    });
  });
});

describe('operations', () => {
  it('serves /healthz and /readyz', async () => {
    expect((await fetch(`${system.gateway.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${system.gateway.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as { subgraphs: string[] }).subgraphs.sort()).toEqual([...SUBGRAPHS].sort());
  });

  it('refuses a direct call to an agency that carries no access context from the gateway', async () => {
    const { status, body } = await post(`{ person(idNumber: "${WANG}") { name } }`, {}, system.subgraphs.police.graphqlUrl);
    expect(status).toBe(401);
    expect(body.data ?? null).toBeNull();
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  // Last: it stops the bank.
  it("when one agency is down, still answers with the others' data and names the missing agency", async () => {
    const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    await system.subgraphs.bank.close();
    try {
      const { status, body, text } = await post(
        `{ person(idNumber: "${LI}") { name accounts { accountNumber } } }`,
        as('investigator.li', 'fraud-investigation', 'DZ-2025-00000001'),
      );
      expect(status).toBe(200);
      expect(body.data.person).toEqual({ name: '李秀英', accounts: null });
      expect(body.errors).toHaveLength(1);
      expect(body.errors?.[0]).toMatchObject({ extensions: { code: 'SUBGRAPH_UNAVAILABLE', service: 'bank' } });
      expect(text).not.toMatch(/127\.0\.0\.1|localhost|ECONNREFUSED/);
    } finally {
      logged.mockRestore();
    }
  });
});
