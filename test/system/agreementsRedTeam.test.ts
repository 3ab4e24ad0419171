import { parse } from 'graphql';
import { readOperations, splitOperations } from '../../examples/kit/operations';
import { startGateway, type RunningGateway } from '../../gateway/server';
import { loadSupergraphSdl } from '../../gateway/supergraph';
import { DEVELOPMENT_AUDIT_SUBJECT_KEY, DEVELOPMENT_PSEUDONYM_KEY } from '../../runtime/developmentKeys';
import { SUBGRAPHS } from '../../subgraphs/agencies';
import type { RunningSystem } from '../../runtime/system';
import { insertAgreement, revokeAgreement } from '../support/agreementFixtures';
import { dropSystemDatabases } from '../support/agencyDatabases';
import { startTestSystem } from '../support/testSystem';
import { exchangeCode, pkcePair, signIn } from '../identity/browserLogin';
import { clientToken, passwordToken } from '../identity/tokenEndpoint';

/**
 * The red team of issue 13: a curious insider with an application's token, an official signed in to an
 * application, a data steward, or nobody, each trying to run what is not agreed, approve what they should
 * not, or leave no record — over real HTTP, real tokens, the real agreements and audit databases. Every
 * attempt stays a test: the holes found were closed (agreements/workflow.ts), the rest held.
 */
jest.setTimeout(120_000);

const PREFIX = `gg_redteam_${process.pid}`;
const FRAUD_CASE = 'DZ-2025-00000001';
const DESK = readOperations('examples/anti-fraud/operations.graphql').get('FraudCaseDesk')!;

let system: RunningSystem;
let second: RunningGateway;
let workflowUrl: string;
const tokens = new Map<string, string>();

async function token(who: string): Promise<string> {
  let value = tokens.get(who);
  if (!value) {
    value = who.startsWith('app-') ? await clientToken(system.identityProvider.issuer, who) : await passwordToken(system.identityProvider.issuer, who);
    tokens.set(who, value);
  }
  return value;
}

/** A user's token issued to an application (azp = the application): the authorization-code flow of issue 13 item 1. */
async function signedInThrough(application: string, username: string): Promise<string> {
  const key = `${username}@${application}`;
  const known = tokens.get(key);
  if (known) return known;
  const pkce = pkcePair();
  const redirect = 'http://localhost:4000/app/callback';
  const { code } = await signIn(
    system.identityProvider.issuer,
    { response_type: 'code', client_id: application, redirect_uri: redirect, scope: 'openid', state: 's', code_challenge: pkce.challenge, code_challenge_method: 'S256' },
    username,
  );
  const exchanged = await exchangeCode(system.identityProvider.issuer, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: redirect,
    client_id: application,
    client_secret: 'demo',
    code_verifier: pkce.verifier,
  });
  expect(exchanged.status).toBe(200);
  tokens.set(key, exchanged.body.access_token as string);
  return exchanged.body.access_token as string;
}

interface Answer {
  status: number;
  contentType: string;
  body: any;
}

async function post(url: string, bearer: string | undefined, body: string, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}), ...headers },
    body,
  });
  const text = await response.text();
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', body: JSON.parse(text) };
}

/** The anti-fraud desk's own token on /graphql, under its agreed purpose and case. */
const desk = async (body: unknown, headers: Record<string, string> = {}) =>
  post(system.gateway.graphqlUrl, await token('app-anti-fraud'), typeof body === 'string' ? body : JSON.stringify(body), {
    'x-purpose': 'fraud-investigation',
    'x-case-ref': FRAUD_CASE,
    ...headers,
  });

const workflow = async (bearer: string | undefined, query: string, variables: Record<string, unknown> = {}) => post(workflowUrl, bearer, JSON.stringify({ query, variables }));

async function auditRecord(id: unknown): Promise<any> {
  expect(typeof id).toBe('string');
  const rows = await system.audit.db.query<{ record: any }>('SELECT record FROM audit_events WHERE id = $1', [id]);
  expect(rows).toHaveLength(1);
  return rows[0]!.record;
}

/** Refused with `code`, JSON, nothing read, and on record naming the application. */
async function refusedOnRecord(answer: Answer, code: string): Promise<any> {
  expect(answer.contentType).toContain('application/json');
  expect(answer.body.data ?? undefined).toBeUndefined();
  expect(answer.body.errors?.[0]?.extensions?.code).toBe(code);
  expect(answer.status).toBeGreaterThanOrEqual(400);
  const record = await auditRecord(answer.body.errors[0].extensions.auditRecordId ?? answer.body.extensions?.auditRecordId);
  expect(record.errorCodes).toContain(code);
  return record;
}

beforeAll(async () => {
  system = await startTestSystem(PREFIX);
  workflowUrl = `${system.gateway.url}/agreements/graphql`;
  // A second instance on the same databases, listening as the first does (its poll is slow: a NOTIFY must do).
  second = await startGateway({
    supergraphSdl: loadSupergraphSdl(),
    subgraphUrls: Object.fromEntries(SUBGRAPHS.map((name) => [name, system.subgraphs[name].graphqlUrl])),
    port: 0,
    identity: { issuer: system.identityProvider.issuer, audience: 'govgraph-gateway' },
    accessContextSigner: system.accessContextSigner,
    pseudonymKey: DEVELOPMENT_PSEUDONYM_KEY,
    audit: { writer: system.audit.writer, subjectKey: DEVELOPMENT_AUDIT_SUBJECT_KEY },
    agreements: { db: system.agreements.db, pollIntervalMs: 60_000 },
  });
}, 120_000);

afterAll(async () => {
  await second?.close();
  await system?.stop();
  await dropSystemDatabases(PREFIX);
});

describe('an application token on /graphql runs its agreed operation and nothing else', () => {
  it('the agreed operation itself runs (the baseline every attempt below departs from)', async () => {
    const answer = await desk({ documentId: DESK.documentId, variables: { id: FRAUD_CASE } });
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.fraudCase.id).toBe(FRAUD_CASE);
  });

  it('a batched JSON array holding the agreed operation and an ad-hoc one: refused whole, on record', async () => {
    const answer = await desk([
      { documentId: DESK.documentId, variables: { id: FRAUD_CASE } },
      { query: '{ fraudCase(id: "DZ-2025-00000001") { id victim { name idNumber phone } } }' },
    ]);
    expect(JSON.stringify(answer.body)).not.toContain('idNumber"');
    const record = await refusedOnRecord(answer, 'OPERATION_NOT_AGREED');
    expect(record.application).toBe('app-anti-fraud');
  });

  it('operationName naming an operation the agreed document does not define', async () => {
    const record = await refusedOnRecord(await desk({ query: DESK.text, operationName: 'PayeeAccountTrail', variables: { id: FRAUD_CASE } }), 'OPERATION_NOT_AGREED');
    expect(record.application).toBe('app-anti-fraud');
  });

  it('documentId plus another query, and the persisted-query extension plus another query: BAD_REQUEST, the other query never runs', async () => {
    const other = '{ fraudCase(id: "DZ-2025-00000001") { id victim { idNumber } } }';
    await refusedOnRecord(await desk({ documentId: DESK.documentId, query: other }), 'BAD_REQUEST');
    await refusedOnRecord(await desk({ query: other, extensions: { persistedQuery: { version: 1, sha256Hash: DESK.documentId.slice(7) } } }), 'BAD_REQUEST');
    // Both ids present and disagreeing: the extension cannot smuggle a second document.
    await refusedOnRecord(
      await desk({ documentId: DESK.documentId, extensions: { persistedQuery: { version: 1, sha256Hash: '0'.repeat(64) } }, variables: { id: FRAUD_CASE } }),
      'BAD_REQUEST',
    );
  });

  it('the agreed text changed by one character (a trailing newline, an alias) is another document', async () => {
    await refusedOnRecord(await desk({ query: `${DESK.text}\n`, variables: { id: FRAUD_CASE } }), 'OPERATION_NOT_AGREED');
    await refusedOnRecord(await desk({ query: DESK.text.replace('lossAmount', 'loss: lossAmount'), variables: { id: FRAUD_CASE } }), 'OPERATION_NOT_AGREED');
  });

  it('application/graphql, text/plain and multipart bodies carrying the agreed text: refused, JSON, on record', async () => {
    for (const [type, body] of [
      ['application/graphql', DESK.text],
      ['text/plain', JSON.stringify({ query: DESK.text, variables: { id: FRAUD_CASE } })],
      ['multipart/form-data; boundary=x', `--x\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${JSON.stringify({ query: DESK.text, variables: { id: FRAUD_CASE } })}\r\n--x--\r\n`],
    ] as const) {
      const answer = await desk(body, { 'content-type': type, 'apollo-require-preflight': 'true' });
      expect(answer.body.data ?? undefined).toBeUndefined();
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.contentType).toContain('application/json');
      const id = answer.body.errors?.[0]?.extensions?.auditRecordId;
      expect((await auditRecord(id)).application).toBe('app-anti-fraud');
    }
  });

  it('introspection and __typename under an application token are not agreed operations', async () => {
    for (const query of ['{ __schema { types { name } } }', '{ __type(name: "Person") { fields { name } } }', '{ __typename }', 'query FraudCaseDesk { __typename }']) {
      const record = await refusedOnRecord(await desk({ query }), 'OPERATION_NOT_AGREED');
      expect(record.application).toBe('app-anti-fraud');
    }
  });

  it('variables the operation does not declare, also beside the declared one, and a variables array', async () => {
    await refusedOnRecord(await desk({ documentId: DESK.documentId, variables: { id: FRAUD_CASE, first: 100000 } }), 'VARIABLES_NOT_AGREED');
    await refusedOnRecord(await desk({ documentId: DESK.documentId, variables: [FRAUD_CASE] }), 'BAD_REQUEST');
    const nested = await desk({ documentId: DESK.documentId, variables: { id: { id: FRAUD_CASE, then: 'DZ-2025-00000002' } } });
    // A declared variable of another shape than declared reads nothing (here the case scope refuses it first).
    expect(nested.body.data?.fraudCase ?? null).toBeNull();
    expect(nested.status).toBeGreaterThanOrEqual(400);
  });

  it('a case outside the X-Case-Ref: the agreed operation is still bound to the case it names', async () => {
    const answer = await desk({ documentId: DESK.documentId, variables: { id: 'DZ-2025-00000002' } });
    expect(answer.body.data?.fraudCase ?? null).toBeNull();
    expect(answer.body.errors?.[0]?.extensions?.code).toBeDefined();
  });

  it('X-Break-Glass from an application token: an agreement is never exceeded, the case scope holds', async () => {
    const justification = 'The victim reports a second transfer right now and the payee account must be checked urgently.';
    const answer = await desk({ documentId: DESK.documentId, variables: { id: 'DZ-2025-00000002' } }, { 'x-break-glass': justification });
    expect(answer.body.data?.fraudCase ?? null).toBeNull();
    const record = await refusedOnRecord(answer, 'BREAK_GLASS_NOT_AGREED');
    expect(record).toMatchObject({ application: 'app-anti-fraud' });
    expect(answer.status).toBe(403);
    // An official signed in to the application is bound the same way.
    const official = await signedInThrough('app-anti-fraud', 'investigator.li');
    const throughApp = await post(system.gateway.graphqlUrl, official, JSON.stringify({ documentId: DESK.documentId, variables: { id: 'DZ-2025-00000002' } }), {
      'x-purpose': 'fraud-investigation',
      'x-case-ref': FRAUD_CASE,
      'x-break-glass': justification,
    });
    await refusedOnRecord(throughApp, 'BREAK_GLASS_NOT_AGREED');
  });

  it("a document agreed for another application and revoked for this one: refused AGREEMENT_REVOKED, not run under the other's", async () => {
    const shared = splitOperations(parse('query SharedBrief($id: ID!) { fraudCase(id: $id) { id status } }')).get('SharedBrief')!;
    const validFrom = new Date(Date.now() - 3600_000);
    const validTo = new Date(Date.now() + 86_400_000);
    const mine = await insertAgreement(system.agreements.db, { clientId: 'app-anti-fraud', purpose: 'fraud-investigation', operations: [shared], validFrom, validTo });
    await insertAgreement(system.agreements.db, { clientId: 'app-risk-card', purpose: 'fraud-investigation', operations: [shared], validFrom, validTo });
    await revokeAgreement(system.agreements.db, mine);
    await system.gateway.agreements!.refresh();
    const record = await refusedOnRecord(await desk({ documentId: shared.documentId, variables: { id: FRAUD_CASE } }), 'AGREEMENT_REVOKED');
    expect(record).toMatchObject({ application: 'app-anti-fraud', agreementId: mine });
  });

  it('no token at all, with the agreed document id: UNAUTHENTICATED, on record', async () => {
    const answer = await post(system.gateway.graphqlUrl, undefined, JSON.stringify({ documentId: DESK.documentId, variables: { id: FRAUD_CASE } }), { 'x-purpose': 'fraud-investigation' });
    await refusedOnRecord(answer, 'UNAUTHENTICATED');
  });
});

const FRAUD_BRIEF = 'query RedTeamBrief($id: ID!) { fraudCase(id: $id) { id status payeeAccounts { accountNumber stopPaymentOrders { id status } } } }';

const SUBMIT = `mutation Submit($input: SharingRequestInput!) {
  submitSharingRequest(input: $input) { id status submittedBy application { clientId } approvals { seat status decidedBy } operations { name agencies } }
}`;

const DECIDE = `mutation Decide($id: ID!, $decision: ApprovalDecision!, $reason: String) {
  decideSharingRequest(id: $id, decision: $decision, reason: $reason) { id status approvals { seat status decidedBy } agreement { id } }
}`;

const REVOKE = 'mutation Revoke($id: ID!, $reason: String!) { revokeAgreement(id: $id, reason: $reason) { id status revokedBy } }';

function input(document = FRAUD_BRIEF, overrides: Record<string, unknown> = {}) {
  return {
    input: {
      title: 'Red team',
      justification: 'Trying the workflow.',
      purpose: 'fraud-investigation',
      document,
      validFrom: new Date().toISOString(),
      validTo: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      ...overrides,
    },
  };
}

async function submitted(document = FRAUD_BRIEF): Promise<any> {
  const answer = await workflow(await token('app-anti-fraud'), SUBMIT, input(document));
  expect(answer.body.errors).toBeUndefined();
  return answer.body.data.submitSharingRequest;
}

const seatsOf = (request: any) => request.approvals.map((approval: any) => approval.seat);

describe('the workflow API: approving what one should not', () => {
  it("a steward signed in to an application cannot decide another application's request through it", async () => {
    const request = await submitted();
    expect(seatsOf(request)).toContain('data-steward:police');
    const throughApp = await signedInThrough('app-dispute-cockpit', 'steward.police');
    const record = await refusedOnRecord(await workflow(throughApp, DECIDE, { id: request.id, decision: 'APPROVE' }), 'FORBIDDEN');
    expect(record.caseRef).toBe(`sharing-request:${request.id}`);
    // The seat is still the steward's to take, in person, in the console.
    const inPerson = await workflow(await token('steward.police'), DECIDE, { id: request.id, decision: 'APPROVE' });
    expect(inPerson.body.errors).toBeUndefined();
    expect(inPerson.body.data.decideSharingRequest.approvals).toContainEqual({ seat: 'data-steward:police', status: 'APPROVED', decidedBy: 'steward.police' });
  });

  it('a privacy officer signed in to an application cannot take the officer seat, nor revoke, through it', async () => {
    const request = await submitted();
    const throughApp = await signedInThrough('app-risk-card', 'officer.qian');
    await refusedOnRecord(await workflow(throughApp, DECIDE, { id: request.id, decision: 'APPROVE' }), 'FORBIDDEN');
    const seeded = (await system.agreements.db.query<{ id: string }>("SELECT id FROM agreements WHERE client_id = 'app-anti-fraud' AND revoked_at IS NULL ORDER BY created_at LIMIT 1"))[0]!;
    await refusedOnRecord(await workflow(throughApp, REVOKE, { id: seeded.id, reason: 'the application says so' }), 'FORBIDDEN');
    const still = await system.agreements.db.query<{ revoked_at: Date | null }>('SELECT revoked_at FROM agreements WHERE id = $1', [seeded.id]);
    expect(still[0]!.revoked_at).toBeNull();
  });

  it('the application cannot submit for another application: no input names the application', async () => {
    const answer = await workflow(await token('app-anti-fraud'), SUBMIT, { input: { ...input().input, clientId: 'app-risk-card' } });
    await refusedOnRecord(answer, 'BAD_USER_INPUT');
    const inline = await workflow(
      await token('app-anti-fraud'),
      `mutation { submitSharingRequest(input: { title: "x", justification: "y", purpose: "fraud-investigation", document: "query A { __typename }", validFrom: "2026-01-01", validTo: "2027-01-01", clientId: "app-risk-card" }) { id } }`,
    );
    expect(inline.status).toBe(400);
    expect(inline.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('the agencies are computed from the plan: hiding a read behind @include or a fragment does not drop its seat', async () => {
    const plain = await submitted();
    const hidden = await submitted(
      'query Hidden($id: ID!, $more: Boolean = false) { fraudCase(id: $id) { id status ...More @include(if: $more) } } fragment More on FraudCase { payeeAccounts { accountNumber stopPaymentOrders { id status } } }',
    );
    expect(seatsOf(hidden)).toEqual(seatsOf(plain));
    expect(seatsOf(plain).length).toBeGreaterThan(2);
  });

  it('mutation batching: two decisions in one operation are refused before either is taken, on record', async () => {
    const request = await submitted();
    for (const query of [
      `mutation Twice($id: ID!) { a: decideSharingRequest(id: $id, decision: APPROVE) { id } b: decideSharingRequest(id: $id, decision: REJECT, reason: "no") { id } }`,
      `mutation Spread($id: ID!) { ...Both } fragment Both on Mutation { a: decideSharingRequest(id: $id, decision: APPROVE) { id } b: revokeAgreement(id: $id, reason: "x") { id } }`,
    ]) {
      const answer = await workflow(await token('officer.qian'), query, { id: request.id });
      const record = await refusedOnRecord(answer, 'BAD_REQUEST');
      expect(record.user.username).toBe('officer.qian');
    }
    const seats = await system.agreements.db.query<{ status: string }>("SELECT status FROM approvals WHERE request_id = $1 AND seat = 'privacy-officer'", [request.id]);
    expect(seats).toEqual([{ status: 'PENDING' }]);
  });

  it('a steward of one agency of a two-agency request fills their own seat only', async () => {
    const request = await submitted();
    const answer = await workflow(await token('steward.police'), DECIDE, { id: request.id, decision: 'APPROVE' });
    const approvals = answer.body.data.decideSharingRequest.approvals;
    expect(approvals.filter((approval: any) => approval.status === 'APPROVED')).toEqual([{ seat: 'data-steward:police', status: 'APPROVED', decidedBy: 'steward.police' }]);
  });

  it('time zones: a validTo given with an offset is the instant it names; a time without one is refused', async () => {
    const soon = new Date(Date.now() + 2 * 3600_000);
    const offset = new Date(soon.getTime() + 14 * 3600_000).toISOString().slice(0, 19) + '+14:00';
    const answer = await workflow(await token('app-anti-fraud'), SUBMIT, input(FRAUD_BRIEF, { validTo: offset }));
    expect(answer.body.errors).toBeUndefined();
    const [row] = await system.agreements.db.query<{ valid_to: Date }>('SELECT valid_to FROM sharing_requests WHERE id = $1', [answer.body.data.submitSharingRequest.id]);
    expect(Math.abs(new Date(row!.valid_to).getTime() - soon.getTime())).toBeLessThan(1000);
    const local = await workflow(await token('app-anti-fraud'), SUBMIT, input(FRAUD_BRIEF, { validTo: soon.toISOString().slice(0, 19) }));
    await refusedOnRecord(local, 'BAD_USER_INPUT');
  });

  it('no token, a huge input: refused with a JSON code, on record', async () => {
    await refusedOnRecord(await workflow(undefined, DECIDE, { id: '00000000-0000-0000-0000-000000000000', decision: 'APPROVE' }), 'UNAUTHENTICATED');
    const huge = await workflow(await token('app-anti-fraud'), SUBMIT, input(`query Big { ${'__typename '.repeat(12_000)} }`));
    await refusedOnRecord(huge, 'BAD_USER_INPUT');
  });
});

describe('what an application sees of others', () => {
  it("another application's requests and agreements are invisible to it, by list and by id", async () => {
    const request = await submitted();
    const [agreement] = await system.agreements.db.query<{ id: string }>("SELECT id FROM agreements WHERE client_id = 'app-anti-fraud' LIMIT 1");
    const answer = await workflow(
      await token('app-risk-card'),
      `query Peek($request: ID!, $agreement: ID!) { applications { clientId agreements { id } } sharingRequests { application { clientId } } agreements { application { clientId } }
        sharingRequest(id: $request) { id } agreement(id: $agreement) { id } }`,
      { request: request.id, agreement: agreement!.id },
    );
    expect(answer.body.errors).toBeUndefined();
    const data = answer.body.data;
    expect(data.applications.map((application: any) => application.clientId)).toEqual(['app-risk-card']);
    expect(new Set([...data.sharingRequests, ...data.agreements].map((item: any) => item.application.clientId))).toEqual(new Set(['app-risk-card']));
    expect(data.sharingRequest).toBeNull();
    expect(data.agreement).toBeNull();
  });
});

describe('the workflow endpoint leaves a record of every call', () => {
  it('GET and PUT: METHOD_NOT_ALLOWED (405), JSON, on record naming the caller', async () => {
    for (const method of ['GET', 'PUT']) {
      const response = await fetch(`${workflowUrl}?query=%7Bviewer%7Busername%7D%7D`, { method, headers: { authorization: `Bearer ${await token('app-anti-fraud')}` } });
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('POST');
      const body = (await response.json()) as any;
      expect(body.errors[0].extensions.code).toBe('METHOD_NOT_ALLOWED');
      const record = await auditRecord(body.errors[0].extensions.auditRecordId);
      expect(record).toMatchObject({ errorCodes: ['METHOD_NOT_ALLOWED'], application: 'app-anti-fraud' });
    }
  });
});

describe('revocation on one gateway instance, refusal on the other', () => {
  it('a steward revokes through the first instance; the second refuses AGREEMENT_REVOKED within seconds, without restart', async () => {
    const brief = 'query TwoInstances($id: ID!) { fraudCase(id: $id) { id status reportedAt } }';
    const request = await submitted(brief);
    let agreementId: string | undefined;
    for (const who of ['steward.bank', 'steward.police', 'officer.qian']) {
      if (!seatsOf(request).includes(who === 'officer.qian' ? 'privacy-officer' : `data-steward:${who.slice(8)}`)) continue;
      const decided = await workflow(await token(who), DECIDE, { id: request.id, decision: 'APPROVE' });
      expect(decided.body.errors).toBeUndefined();
      agreementId = decided.body.data.decideSharingRequest.agreement?.id ?? agreementId;
    }
    expect(agreementId).toBeDefined();
    const documentId = splitOperations(parse(brief)).get('TwoInstances')!.documentId;
    const onSecond = async () =>
      post(second.graphqlUrl, await token('app-anti-fraud'), JSON.stringify({ documentId, variables: { id: FRAUD_CASE } }), { 'x-purpose': 'fraud-investigation', 'x-case-ref': FRAUD_CASE });
    const waitFor = async (done: (answer: Answer) => boolean) => {
      const deadline = Date.now() + 5_000;
      let answer = await onSecond();
      while (!done(answer) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        answer = await onSecond();
      }
      return answer;
    };
    const running = await waitFor((answer) => answer.body.data?.fraudCase?.id === FRAUD_CASE);
    expect(running.body.errors).toBeUndefined();
    const revoked = await post(workflowUrl, await token('steward.police'), JSON.stringify({ query: REVOKE, variables: { id: agreementId, reason: 'red team: revoked on the first instance' } }));
    expect(revoked.body.errors).toBeUndefined();
    const startedAt = Date.now();
    const refused = await waitFor((answer) => answer.body.errors?.[0]?.extensions?.code === 'AGREEMENT_REVOKED');
    expect(Date.now() - startedAt).toBeLessThan(5_000);
    const record = await refusedOnRecord(refused, 'AGREEMENT_REVOKED');
    expect(record).toMatchObject({ application: 'app-anti-fraud', agreementId });
  });
});

