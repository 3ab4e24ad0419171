import pg from 'pg';
import { listenForAgreementChanges, loadAgreedOperations } from '../../agreements/agreedOperations';
import { agreementsDatabaseName } from '../../agreements/agreementsDatabase';
import { sha256Hex } from '../../agreements/operationDocuments';
import { EXAMPLE_APPLICATIONS } from '../../examples/catalog';
import { databaseUrl } from '../../runtime/databases';
import type { RunningSystem } from '../../runtime/system';
import { dropSystemDatabases, testServerUrl } from '../support/agencyDatabases';
import { startTestSystem } from '../support/testSystem';
import { exchangeCode, pkcePair, signIn } from '../identity/browserLogin';
import { clientToken, passwordToken } from '../identity/tokenEndpoint';

const PREFIX = 'gg_agreementsapi';
let system: RunningSystem;
let url: string;
const tokens = new Map<string, string>();

/** A fresh token per name: a user by the password grant, an application (app-…) by client credentials. */
async function token(who: string): Promise<string> {
  let value = tokens.get(who);
  if (!value) {
    value = who.startsWith('app-') ? await clientToken(system.identityProvider.issuer, who) : await passwordToken(system.identityProvider.issuer, who);
    tokens.set(who, value);
  }
  return value;
}

interface Answer {
  status: number;
  body: { data?: Record<string, any> | null; errors?: { message: string; extensions: Record<string, any> }[]; extensions?: { auditRecordId?: string } };
}

async function as(who: string | undefined, query: string, variables: Record<string, unknown> = {}): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(who ? { authorization: `Bearer ${await token(who)}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

const codeOf = (answer: Answer) => answer.body.errors?.[0]?.extensions.code;

const FRAUD_BRIEF = `query FraudCaseBrief($id: ID!) {
  fraudCase(id: $id) {
    id
    status
    payeeAccounts { accountNumber status stopPaymentOrders { id status } }
  }
}`;

const SUBMIT = `mutation Submit($input: SharingRequestInput!) {
  submitSharingRequest(input: $input) {
    id status purpose legalBasis submittedBy validFrom validTo
    application { clientId seedSystem owningUnit }
    operations { name documentHash document variables agencies refusedFields fields { coordinate effect strategy reason } }
    approvals { seat role agency status }
  }
}`;

const DECIDE = `mutation Decide($id: ID!, $decision: ApprovalDecision!, $reason: String) {
  decideSharingRequest(id: $id, decision: $decision, reason: $reason) {
    id status
    approvals { seat status decidedBy decidedAt reason }
    agreement { id status purpose approvers validFrom validTo operations { name documentHash } application { clientId } }
  }
}`;

const inAYear = () => new Date(Date.now() + 365 * 86_400_000).toISOString();

function request(document = FRAUD_BRIEF, title = 'Fraud desk brief') {
  return {
    input: { title, justification: 'Follow the payee accounts of a reported fraud case.', purpose: 'fraud-investigation', document, validFrom: new Date().toISOString(), validTo: inAYear() },
  };
}

async function submit(document = FRAUD_BRIEF, title?: string): Promise<Record<string, any>> {
  const answer = await as('app-anti-fraud', SUBMIT, request(document, title));
  expect(answer.body.errors).toBeUndefined();
  return answer.body.data!.submitSharingRequest;
}

async function auditRecordsAbout(matter: string): Promise<Record<string, any>[]> {
  // Committed before the answer left (fail closed): no waiting needed.
  const rows = await system.audit.db.query<{ record: Record<string, any> }>(`SELECT record FROM audit_events WHERE record->>'caseRef' LIKE $1 ORDER BY record->>'time'`, [`%${matter}%`]);
  return rows.map((row) => row.record);
}

beforeAll(async () => {
  system = await startTestSystem(PREFIX);
  url = `${system.gateway.url}/agreements/graphql`;
}, 120_000);

afterAll(async () => {
  await system?.stop();
  await dropSystemDatabases(PREFIX);
});

describe('the seed', () => {
  it('made one agreement in force for each example application, approved by its stewards and officer.qian', async () => {
    const answer = await as('officer.qian', '{ agreements { status purpose approvers application { clientId } operations { name documentHash } request { status approvals { seat status decidedBy } } } }');
    expect(answer.status).toBe(200);
    const agreements = answer.body.data!.agreements as Record<string, any>[];
    expect(agreements.map((agreement) => agreement.application.clientId).sort()).toEqual(EXAMPLE_APPLICATIONS.map((example) => example.clientId).sort());
    for (const agreement of agreements) {
      expect(agreement.status).toBe('IN_FORCE');
      expect(agreement.approvers).toContain('officer.qian');
      expect(agreement.request.approvals.every((approval: any) => approval.status === 'APPROVED')).toBe(true);
      for (const approval of agreement.request.approvals) {
        expect(approval.decidedBy).toBe(approval.seat === 'privacy-officer' ? 'officer.qian' : `steward.${approval.seat.split(':')[1]}`);
      }
    }
  });
});

describe('the workflow over HTTP', () => {
  it('submit → each agency’s steward and the privacy officer approve → an agreement the gateway reads; every step in the event log and the audit log', async () => {
    const submitted = await submit();
    expect(submitted).toMatchObject({
      status: 'PENDING',
      purpose: 'fraud-investigation',
      submittedBy: 'service-account-app-anti-fraud',
      application: { clientId: 'app-anti-fraud', seedSystem: expect.any(String), owningUnit: expect.any(String) },
    });
    expect(submitted.legalBasis.length).toBeGreaterThan(0);
    const [operation] = submitted.operations;
    expect(operation).toMatchObject({ name: 'FraudCaseBrief', variables: ['id'], refusedFields: 0, agencies: ['bank', 'police'] });
    expect(operation.documentHash).toBe(sha256Hex(operation.document));
    expect(operation.fields).toEqual(expect.arrayContaining([{ coordinate: 'FraudCase.status', effect: 'allow', strategy: null, reason: null }]));
    expect(submitted.approvals).toEqual([
      { seat: 'data-steward:bank', role: 'data-steward', agency: 'bank', status: 'PENDING' },
      { seat: 'data-steward:police', role: 'data-steward', agency: 'police', status: 'PENDING' },
      { seat: 'privacy-officer', role: 'privacy-officer', agency: null, status: 'PENDING' },
    ]);

    // Waiting for the police steward, not for the court's.
    const waiting = await as('steward.police', '{ viewer { seats } sharingRequests(awaitingMe: true) { id } }');
    expect(waiting.body.data!.viewer.seats).toEqual(['data-steward:police']);
    expect(waiting.body.data!.sharingRequests.map((found: any) => found.id)).toContain(submitted.id);
    const court = await as('steward.court', '{ sharingRequests { id } }');
    expect(court.body.data!.sharingRequests.map((found: any) => found.id)).not.toContain(submitted.id);

    const police = await as('steward.police', DECIDE, { id: submitted.id, decision: 'APPROVE', reason: 'Accounts of our own fraud cases.' });
    expect(police.status).toBe(200);
    expect(police.body.data!.decideSharingRequest).toMatchObject({ status: 'PENDING', agreement: null });
    const bank = await as('steward.bank', DECIDE, { id: submitted.id, decision: 'APPROVE' });
    expect(bank.body.data!.decideSharingRequest.status).toBe('PENDING');
    const officer = await as('officer.qian', DECIDE, { id: submitted.id, decision: 'APPROVE', reason: 'Purpose fits; minimal fields.' });
    const decided = officer.body.data!.decideSharingRequest;
    expect(decided.status).toBe('APPROVED');
    expect(decided.approvals.map((approval: any) => [approval.seat, approval.status, approval.decidedBy])).toEqual([
      ['data-steward:bank', 'APPROVED', 'steward.bank'],
      ['data-steward:police', 'APPROVED', 'steward.police'],
      ['privacy-officer', 'APPROVED', 'officer.qian'],
    ]);
    expect(decided.agreement).toMatchObject({
      status: 'IN_FORCE',
      purpose: 'fraud-investigation',
      approvers: ['steward.bank', 'steward.police', 'officer.qian'],
      operations: [{ name: 'FraudCaseBrief', documentHash: operation.documentHash }],
      application: { clientId: 'app-anti-fraud' },
    });

    // What the gateway enforces: the agreement's operation, its exact document and hash.
    const agreed = (await loadAgreedOperations(system.agreements.db)).find((candidate) => candidate.agreementId === decided.agreement.id);
    expect(agreed).toMatchObject({ clientId: 'app-anti-fraud', operationName: 'FraudCaseBrief', document: operation.document, documentHash: operation.documentHash, revokedAt: null });

    const events = await as('app-anti-fraud', 'query Events($id: ID!) { sharingRequest(id: $id) { events { actor action detail at } } }', { id: submitted.id });
    expect(events.body.data!.sharingRequest.events.map((event: any) => [event.actor, event.action])).toEqual([
      ['service-account-app-anti-fraud', 'submitted'],
      ['steward.police', 'approved'],
      ['steward.bank', 'approved'],
      ['officer.qian', 'approved'],
      ['officer.qian', 'agreement-made'],
    ]);

    const records = await auditRecordsAbout(submitted.id);
    expect(records.map((record) => [record.user.username, record.operation.name, record.outcome])).toEqual(
      expect.arrayContaining([
        ['service-account-app-anti-fraud', 'Submit', 'allowed'],
        ['steward.police', 'Decide', 'allowed'],
        ['steward.bank', 'Decide', 'allowed'],
        ['officer.qian', 'Decide', 'allowed'],
        ['service-account-app-anti-fraud', 'Events', 'allowed'],
      ]),
    );
    const submitRecord = records.find((record) => record.operation.name === 'Submit')!;
    expect(submitRecord.client).toBe('app-anti-fraud');
    expect(submitRecord.purpose).toBeNull();
    expect(officer.body.extensions?.auditRecordId).toEqual(expect.any(String));
    expect(records.find((record) => record.id === officer.body.extensions?.auditRecordId)?.caseRef).toContain(`agreement:${decided.agreement.id}`);
  });

  it('a steward of an agency the request does not read cannot decide it, nor see it', async () => {
    const submitted = await submit();
    const answer = await as('steward.court', DECIDE, { id: submitted.id, decision: 'APPROVE' });
    expect(answer.status).toBe(403);
    expect(codeOf(answer)).toBe('FORBIDDEN');
    expect((await as('steward.court', 'query R($id: ID!) { sharingRequest(id: $id) { id } }', { id: submitted.id })).body.data!.sharingRequest).toBeNull();
    const records = await auditRecordsAbout(submitted.id);
    expect(records.find((record) => record.user.username === 'steward.court')).toMatchObject({ outcome: 'refused', errorCodes: ['FORBIDDEN'] });
  });

  it('the application cannot approve its own request; a personal token cannot submit one', async () => {
    const submitted = await submit();
    const own = await as('app-anti-fraud', DECIDE, { id: submitted.id, decision: 'APPROVE' });
    expect(own.status).toBe(403);
    expect(codeOf(own)).toBe('FORBIDDEN');
    const personal = await as('investigator.li', SUBMIT, request());
    expect(personal.status).toBe(403);
    expect(codeOf(personal)).toBe('FORBIDDEN');
    // Another application neither sees nor decides it; it sees only itself among the applications.
    const other = await as('app-risk-card', 'query R($id: ID!) { sharingRequest(id: $id) { id } applications { clientId } }', { id: submitted.id });
    expect(other.body.data).toEqual({ sharingRequest: null, applications: [{ clientId: 'app-risk-card' }] });
    expect(codeOf(await as('app-risk-card', DECIDE, { id: submitted.id, decision: 'APPROVE' }))).toBe('FORBIDDEN');
  });

  it('a rejection records its reason, rejects the request, and nothing can be decided after it', async () => {
    const submitted = await submit();
    const noReason = await as('steward.bank', DECIDE, { id: submitted.id, decision: 'REJECT' });
    expect(codeOf(noReason)).toBe('BAD_USER_INPUT');
    const rejected = await as('steward.bank', DECIDE, { id: submitted.id, decision: 'REJECT', reason: '余额不属于最小必要范围' });
    expect(rejected.body.data!.decideSharingRequest).toMatchObject({ status: 'REJECTED', agreement: null });
    expect(rejected.body.data!.decideSharingRequest.approvals.find((approval: any) => approval.seat === 'data-steward:bank')).toMatchObject({
      status: 'REJECTED',
      decidedBy: 'steward.bank',
      reason: '余额不属于最小必要范围',
    });
    const after = await as('officer.qian', DECIDE, { id: submitted.id, decision: 'APPROVE' });
    expect(after.status).toBe(409);
    expect(codeOf(after)).toBe('CONFLICT');
    const events = await as('officer.qian', 'query E($id: ID!) { sharingRequest(id: $id) { status events { actor action detail } } }', { id: submitted.id });
    expect(events.body.data!.sharingRequest.events).toEqual(
      expect.arrayContaining([
        { actor: 'steward.bank', action: 'rejected', detail: 'data-steward:bank: 余额不属于最小必要范围' },
        { actor: 'steward.bank', action: 'request-rejected', detail: '余额不属于最小必要范围' },
      ]),
    );
    const rejectedList = await as('app-anti-fraud', '{ sharingRequests(status: REJECTED) { id } }');
    expect(rejectedList.body.data!.sharingRequests.map((found: any) => found.id)).toContain(submitted.id);
  });

  it('deciding twice is a CONFLICT, with literals instead of variables too', async () => {
    const submitted = await submit();
    const first = await as('steward.police', `mutation { decideSharingRequest(id: "${submitted.id}", decision: APPROVE) { status } }`);
    expect(first.status).toBe(200);
    const again = await as('steward.police', `mutation { decideSharingRequest(id: "${submitted.id}", decision: REJECT, reason: "second thoughts") { status } }`);
    expect(again.status).toBe(409);
    expect(codeOf(again)).toBe('CONFLICT');
    // Aliased twice in one operation: one act per call, so neither runs (BAD_REQUEST) and the seat stays undecided.
    const twice = await as('steward.bank', `mutation { a: decideSharingRequest(id: "${submitted.id}", decision: APPROVE) { status } b: decideSharingRequest(id: "${submitted.id}", decision: APPROVE) { status } }`);
    expect(twice.status).toBe(400);
    expect(codeOf(twice)).toBe('BAD_REQUEST');
    const events = await system.agreements.db.query<{ actor: string }>(`SELECT actor FROM agreement_events WHERE request_id = $1 AND action = 'approved'`, [submitted.id]);
    expect(events.map((event) => event.actor).sort()).toEqual(['steward.police']);
  });

  it('the last two approvals at once make exactly one agreement', async () => {
    const submitted = await submit();
    await as('officer.qian', DECIDE, { id: submitted.id, decision: 'APPROVE' });
    const [police, bank] = await Promise.all([
      as('steward.police', DECIDE, { id: submitted.id, decision: 'APPROVE' }),
      as('steward.bank', DECIDE, { id: submitted.id, decision: 'APPROVE' }),
    ]);
    expect([police.status, bank.status]).toEqual([200, 200]);
    const made = [police, bank].map((answer) => answer.body.data!.decideSharingRequest.agreement).filter(Boolean);
    expect(made).toHaveLength(1);
    const rows = await system.agreements.db.query<{ count: number }>('SELECT count(*)::int AS count FROM agreements WHERE request_id = $1', [submitted.id]);
    expect(rows[0]!.count).toBe(1);
  });

  it('a request with a field its purpose denies is refused at submission, naming the field, and nothing is stored', async () => {
    const before = await system.agreements.db.query<{ count: number }>('SELECT count(*)::int AS count FROM sharing_requests');
    const answer = await as(
      'app-risk-card',
      SUBMIT,
      { input: { ...request().input, purpose: 'financial-risk-monitoring', document: 'query Peek($id: ID!) { person(idNumber: $id) { ...Contact } }\nfragment Contact on Person { mobile: phone }' } },
    );
    expect(answer.status).toBe(400);
    expect(codeOf(answer)).toBe('BAD_USER_INPUT');
    expect(answer.body.errors![0]!.message).toMatch(/Person\.phone/);
    expect(answer.body.errors![0]!.extensions.refusedFields).toEqual([expect.objectContaining({ operation: 'Peek', coordinate: 'Person.phone' })]);
    const after = await system.agreements.db.query<{ count: number }>('SELECT count(*)::int AS count FROM sharing_requests');
    expect(after[0]!.count).toBe(before[0]!.count);
  });
});

describe('an official signed in to the application', () => {
  it('submits for the application (azp) as themselves (sub), and cannot approve what their application asked', async () => {
    const pkce = pkcePair();
    const redirect = 'http://localhost:4000/cockpit/callback';
    const { code } = await signIn(
      system.identityProvider.issuer,
      { response_type: 'code', client_id: 'app-dispute-cockpit', redirect_uri: redirect, scope: 'openid', state: 's1', code_challenge: pkce.challenge, code_challenge_method: 'S256' },
      'mediator.wang',
    );
    const exchanged = await exchangeCode(system.identityProvider.issuer, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirect,
      client_id: 'app-dispute-cockpit',
      client_secret: 'demo',
      code_verifier: pkce.verifier,
    });
    expect(exchanged.status).toBe(200);
    tokens.set('mediator.wang@app-dispute-cockpit', exchanged.body.access_token as string);
    const viewer = await as('mediator.wang@app-dispute-cockpit', '{ viewer { username seats } applications { clientId } }');
    expect(viewer.body.data).toEqual({ viewer: { username: 'mediator.wang', seats: [] }, applications: [{ clientId: 'app-dispute-cockpit' }] });
    const submitted = await as('mediator.wang@app-dispute-cockpit', SUBMIT, {
      input: {
        ...request().input,
        purpose: 'dispute-resolution',
        document: 'query DisputeBrief($id: ID!) { dispute(id: $id) { id module complexityGrade outcome } }',
      },
    });
    expect(submitted.body.errors).toBeUndefined();
    expect(submitted.body.data!.submitSharingRequest).toMatchObject({ submittedBy: 'mediator.wang', application: { clientId: 'app-dispute-cockpit' } });
    expect(submitted.body.data!.submitSharingRequest.approvals.map((approval: any) => approval.seat)).toEqual(['data-steward:petitions', 'privacy-officer']);
    const own = await as('mediator.wang@app-dispute-cockpit', DECIDE, { id: submitted.body.data!.submitSharingRequest.id, decision: 'APPROVE' });
    expect(codeOf(own)).toBe('FORBIDDEN');
  });
});

describe('revocation', () => {
  it('is announced on govgraph_agreements at once, shows as REVOKED, and cannot be repeated or done by the application', async () => {
    const submitted = await submit();
    for (const who of ['steward.police', 'steward.bank', 'officer.qian']) await as(who, DECIDE, { id: submitted.id, decision: 'APPROVE' });
    const { body } = await as('officer.qian', 'query R($id: ID!) { sharingRequest(id: $id) { agreement { id } } }', { id: submitted.id });
    const agreementId = body.data!.sharingRequest.agreement.id as string;

    const byApplication = await as('app-anti-fraud', 'mutation R($id: ID!) { revokeAgreement(id: $id, reason: "done") { id } }', { id: agreementId });
    expect(codeOf(byApplication)).toBe('FORBIDDEN');
    const byOtherSteward = await as('steward.market', 'mutation R($id: ID!) { revokeAgreement(id: $id, reason: "mine?") { id } }', { id: agreementId });
    expect(codeOf(byOtherSteward)).toBe('FORBIDDEN');

    // A listener of its own, as every gateway instance has.
    let heard!: () => void;
    const notified = new Promise<void>((resolve) => (heard = resolve));
    const stop = await listenForAgreementChanges(system.agreements.db, () => heard());
    try {
      const revoked = await as('steward.bank', 'mutation R($id: ID!, $why: String!) { revokeAgreement(id: $id, reason: $why) { id status revokedAt revokedBy revokeReason } }', {
        id: agreementId,
        why: '发现超范围使用',
      });
      expect(revoked.body.data!.revokeAgreement).toMatchObject({ id: agreementId, status: 'REVOKED', revokedBy: 'steward.bank', revokeReason: '发现超范围使用', revokedAt: expect.any(String) });
      await notified;
    } finally {
      await stop();
    }
    const agreed = (await loadAgreedOperations(system.agreements.db)).find((candidate) => candidate.agreementId === agreementId);
    expect(agreed?.revokedAt).toBeInstanceOf(Date);
    const again = await as('officer.qian', 'mutation R($id: ID!) { revokeAgreement(id: $id, reason: "again") { id } }', { id: agreementId });
    expect(again.status).toBe(409);
    expect(codeOf(again)).toBe('CONFLICT');
    const revokedList = await as('officer.qian', '{ agreements(status: REVOKED) { id } }');
    expect(revokedList.body.data!.agreements.map((found: any) => found.id)).toContain(agreementId);
  });
});

describe('what the endpoint refuses', () => {
  it('no token: UNAUTHENTICATED (401), audited; a forged one too', async () => {
    const none = await as(undefined, '{ viewer { username } }');
    expect(none.status).toBe(401);
    expect(codeOf(none)).toBe('UNAUTHENTICATED');
    expect(none.body.errors![0]!.extensions.reason).toBe('no bearer token');
    expect(none.body.extensions?.auditRecordId).toEqual(expect.any(String));
    const forged = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.' }, body: '{"query":"{ viewer { username } }"}' });
    expect(forged.status).toBe(401);
  });

  it.each([
    ['not JSON', '{"query": ', 400, 'BAD_REQUEST'],
    ['no query', '{"variables": {}}', 400, 'BAD_REQUEST'],
    ['a syntax error', '{"query": "{ viewer { "}', 400, 'GRAPHQL_PARSE_FAILED'],
    ['an unknown field', '{"query": "{ secrets }"}', 400, 'GRAPHQL_VALIDATION_FAILED'],
    ['a cycle nested too deep', `{"query": "{ agreements { request { agreement { request { agreement { request { agreement { request { agreement { id } } } } } } } } } }"}`, 400, 'QUERY_TOO_DEEP'],
    ['an id that is not a uuid', '{"query": "mutation { decideSharingRequest(id: \\"1; DROP TABLE agreements\\", decision: APPROVE) { id } }"}', 404, 'NOT_FOUND'],
    ['a variable of the wrong type', '{"query": "mutation D($d: ApprovalDecision!) { decideSharingRequest(id: \\"x\\", decision: $d) { id } }", "variables": {"d": "MAYBE"}}', 400, 'BAD_USER_INPUT'],
  ])('%s: %s %s, JSON without internals', async (_case, body, status, code) => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${await token('officer.qian')}` }, body });
    const text = await response.text();
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    expect(JSON.parse(text).errors[0].extensions.code).toBe(code);
    expect(text).not.toMatch(/at .*\.ts:|SELECT|node_modules|\/work\//);
  });

  it('a body over 512 kB: PAYLOAD_TOO_LARGE (413), audited with the caller', async () => {
    const body = JSON.stringify({ query: `query Q { viewer { username } } # ${'x'.repeat(600_000)}` });
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${await token('steward.market')}` }, body });
    expect(response.status).toBe(413);
    const answer = (await response.json()) as { errors: { extensions: { code: string; auditRecordId: string } }[] };
    expect(answer.errors[0]!.extensions.code).toBe('PAYLOAD_TOO_LARGE');
    const [row] = await system.audit.db.query<{ record: { user: { username: string }; outcome: string } }>('SELECT record FROM audit_events WHERE id = $1', [answer.errors[0]!.extensions.auditRecordId]);
    expect(row!.record).toMatchObject({ user: { username: 'steward.market' }, outcome: 'refused' });
  });

  it('a personal value typed as an id is never recorded in clear: not as the matter, not in the document', async () => {
    const answer = await as('officer.qian', 'query Probe { sharingRequest(id: "330110197803150018") { id } }');
    expect(answer.body.data).toEqual({ sharingRequest: null });
    const [row] = await system.audit.db.query<{ record: Record<string, any> }>('SELECT record FROM audit_events WHERE id = $1', [answer.body.extensions!.auditRecordId]);
    expect(row!.record.caseRef).toBeNull();
    expect(JSON.stringify(row!.record)).not.toContain('330110197803150018');
  });

  it('GET: METHOD_NOT_ALLOWED (405)', async () => {
    const response = await fetch(`${url}?query=%7Bviewer%7Busername%7D%7D`);
    expect(response.status).toBe(405);
    expect(((await response.json()) as any).errors[0].extensions.code).toBe('METHOD_NOT_ALLOWED');
  });
});

// The store is the prefix's own database: its URL, for the record.
test('the agreements live in their own database', async () => {
  const client = new pg.Client({ connectionString: databaseUrl(testServerUrl(), agreementsDatabaseName(PREFIX)) });
  await client.connect();
  try {
    const { rows } = await client.query<{ count: string }>('SELECT count(*) FROM agreements');
    expect(Number(rows[0]!.count)).toBeGreaterThanOrEqual(EXAMPLE_APPLICATIONS.length);
  } finally {
    await client.end();
  }
});
