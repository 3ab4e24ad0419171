import { fetchClientCredentialsToken } from '../../identity/tokenClient';
import { openDatabase } from '../../subgraphs/kit/database';
import { startGateway, type RunningGateway } from '../../gateway/server';
import { loadSupergraphSdl } from '../../gateway/supergraph';
import { DEVELOPMENT_AUDIT_SUBJECT_KEY, DEVELOPMENT_PSEUDONYM_KEY } from '../../runtime/developmentKeys';
import type { RunningSystem } from '../../runtime/system';
import { SUBGRAPHS } from '../../subgraphs/agencies';
import { splitOperations, type AgreedDocument } from '../../examples/kit/operations';
import { parse } from 'graphql';
import { insertAgreement, revokeAgreement } from '../support/agreementFixtures';
import { dropSystemDatabases, testServerUrl } from '../support/agencyDatabases';
import { startTestSystem } from '../support/testSystem';
import { exchangeCode, pkcePair, signIn } from '../identity/browserLogin';
import { passwordToken } from '../identity/tokenEndpoint';
import { databaseUrl } from '../../runtime/databases';

/**
 * Step 3 over real HTTP, real tokens and the real agreements database: an application token runs only
 * an operation of its agreements in force — by id or exact text, under the agreed purpose, with the
 * declared variables — and every refusal is audited naming the application (and the agreement). The
 * main gateway polls every minute, so a revocation it sees within a second came by NOTIFY; a second
 * gateway on the same system never listens and polls every 300 ms; a third never reaches the database.
 */
jest.setTimeout(120_000);

const PREFIX = `gg_agreements_enforce_${process.pid}`;
const FRAUD_CASE = 'DZ-2025-00000001';
const LI_FRAUD_CASE = 'DZ-2025-00000001';

const OPERATIONS = splitOperations(
  parse(`
    query FraudDesk($id: ID!) { fraudCase(id: $id) { id status lossAmount payeeAccounts { accountNumber status holder { ...Holder } } } }
    fragment Holder on AccountHolder { ... on Person { name } ... on Enterprise { name } }
    query Trail($accountNumber: ID!) { account(accountNumber: $accountNumber) { accountNumber flaggedTransactions { amount direction } } }
    query Expiring($id: ID!) { fraudCase(id: $id) { id status } }
    query Later($id: ID!) { fraudCase(id: $id) { id modus } }
    query Revocable($id: ID!) { fraudCase(id: $id) { id district } }
  `),
);
const op = (name: string): AgreedDocument => OPERATIONS.get(name)!;

let system: RunningSystem;
let polling: RunningGateway;
let denying: RunningGateway;
let unreachable: RunningGateway;
const tokens: Record<string, string> = {};
let deskAgreement: string;

async function extraGateway(agreements: Parameters<typeof startGateway>[0]['agreements'], adHocQueries: 'allow' | 'deny' = 'allow'): Promise<RunningGateway> {
  return startGateway({
    supergraphSdl: loadSupergraphSdl(),
    subgraphUrls: Object.fromEntries(SUBGRAPHS.map((name) => [name, system.subgraphs[name].graphqlUrl])),
    port: 0,
    identity: { issuer: system.identityProvider.issuer, audience: 'govgraph-gateway' },
    accessContextSigner: system.accessContextSigner,
    pseudonymKey: DEVELOPMENT_PSEUDONYM_KEY,
    audit: { writer: system.audit.writer, subjectKey: DEVELOPMENT_AUDIT_SUBJECT_KEY },
    ...(agreements ? { agreements } : {}),
    adHocQueries,
  });
}

const appToken = async (clientId: string) =>
  (tokens[clientId] ??= await fetchClientCredentialsToken({ issuer: system.identityProvider.issuer, clientId, clientSecret: 'demo' }));

interface Sent {
  token: string;
  purpose: string;
  caseRef?: string;
  body: Record<string, unknown>;
  url?: string;
}

async function send({ token, purpose, caseRef, body, url }: Sent): Promise<{ status: number; body: any }> {
  const response = await fetch(url ?? system.gateway.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-purpose': purpose, ...(caseRef ? { 'x-case-ref': caseRef } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

const desk = async (body: Record<string, unknown>, overrides: Partial<Sent> = {}) =>
  send({ token: await appToken('app-anti-fraud'), purpose: 'fraud-investigation', caseRef: FRAUD_CASE, body, ...overrides });

async function auditRecord(id: string): Promise<any> {
  const rows = await system.audit.db.query<{ record: any }>('SELECT record FROM audit_events WHERE id = $1', [id]);
  expect(rows).toHaveLength(1);
  return rows[0]!.record;
}

/** The refusal's code, and its audit record (which must name the application). */
async function refusal(answer: { status: number; body: any }, code: string, status: number) {
  expect(answer.body.data ?? undefined).toBeUndefined();
  expect(answer.body.errors?.[0]?.extensions?.code).toBe(code);
  expect(answer.status).toBe(status);
  const record = await auditRecord(answer.body.errors[0].extensions.auditRecordId);
  expect(record).toMatchObject({ outcome: code === 'AGREEMENTS_UNAVAILABLE' ? 'failed' : 'refused', errorCodes: [code] });
  return record;
}

beforeAll(async () => {
  system = await startTestSystem(PREFIX, { agreementsEnforcement: { pollIntervalMs: 60_000 } });
  const validFrom = new Date(Date.now() - 3600_000);
  const validTo = new Date(Date.now() + 30 * 24 * 3600_000);
  deskAgreement = await insertAgreement(system.agreements.db, { clientId: 'app-anti-fraud', purpose: 'fraud-investigation', operations: [op('FraudDesk'), op('Trail')], validFrom, validTo });
  await system.gateway.agreements!.refresh();
  polling = await extraGateway({ db: system.agreements.db, pollIntervalMs: 300, listen: false });
  denying = await extraGateway({ db: system.agreements.db }, 'deny');
  // A database that is not there: the directory never loads.
  const missing = openDatabase({ connectionString: databaseUrl(testServerUrl(), `${PREFIX}_no_such_database`), name: 'missing', onError: () => undefined });
  unreachable = await extraGateway({ db: missing, pollIntervalMs: 60_000 });
});

afterAll(async () => {
  await Promise.all([polling, denying, unreachable].map((gateway) => gateway?.close()));
  await system?.stop();
  await dropSystemDatabases(PREFIX);
});

describe('an application token runs its agreed operations', () => {
  it('by documentId: the answer and its audit record name the application and the agreement', async () => {
    const answer = await desk({ documentId: op('FraudDesk').documentId, variables: { id: FRAUD_CASE } });
    expect(answer.body.errors).toBeUndefined();
    expect(answer.status).toBe(200);
    expect(answer.body.data.fraudCase).toMatchObject({ id: FRAUD_CASE, lossAmount: 56800, payeeAccounts: [{ accountNumber: '6222021203001234565', holder: { name: '张伟' } }] });
    expect(answer.body.extensions.privacy).toMatchObject({ application: 'app-anti-fraud', agreementId: deskAgreement, agreedOperation: 'FraudDesk' });
    const record = await auditRecord(answer.body.extensions.privacy.auditRecordId);
    expect(record).toMatchObject({ outcome: 'allowed', client: 'app-anti-fraud', application: 'app-anti-fraud', agreementId: deskAgreement, user: { username: 'service-account-app-anti-fraud' } });
    expect(record.operation.name).toBe('FraudDesk');
  });

  it("by its exact text, and by Apollo's persisted-query extension", async () => {
    const byText = await desk({ query: op('Trail').text, variables: { accountNumber: '6222021203001234565' } });
    expect(byText.body.errors).toBeUndefined();
    expect(byText.body.data.account.flaggedTransactions.length).toBeGreaterThan(0);
    const byExtension = await desk({
      variables: { id: FRAUD_CASE },
      extensions: { persistedQuery: { version: 1, sha256Hash: op('FraudDesk').documentId.slice(7) } },
    });
    expect(byExtension.body.errors).toBeUndefined();
    expect(byExtension.body.data.fraudCase.id).toBe(FRAUD_CASE);
  });
});

describe("the subject access report names the application and the agreement", () => {
  it("lists 张伟's accesses through the anti-fraud desk with the agreement they ran under", async () => {
    const token = await passwordToken(system.identityProvider.issuer, 'officer.qian');
    const answer = await send({
      token,
      purpose: 'audit-review',
      body: { query: '{ subjectAccessReport(idNumber: "331004199001010133") { accesses { client application agreementId operationName purpose } } }' },
    });
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.subjectAccessReport.accesses).toContainEqual({
      client: 'app-anti-fraud', application: 'app-anti-fraud', agreementId: deskAgreement, operationName: 'FraudDesk', purpose: 'fraud-investigation',
    });
  });
});

describe('anything else is refused, audited naming the application', () => {
  const agreed = () => op('FraudDesk').text;
  it.each([
    ['the agreed text with one more space', () => `${agreed()} `],
    ['an alias added', () => agreed().replace('status', 'state: status')],
    ['the fragment inlined', () => 'query FraudDesk($id: ID!) { fraudCase(id: $id) { id status lossAmount payeeAccounts { accountNumber status holder { ... on Person { name } ... on Enterprise { name } } } } }'],
    ['a field more', () => agreed().replace('lossAmount', 'lossAmount modus')],
    ['an ad-hoc query', () => '{ fraudCase(id: "DZ-2025-00000001") { id } }'],
  ])('%s: OPERATION_NOT_AGREED', async (_name, text) => {
    const record = await refusal(await desk({ query: text(), variables: text().includes('$id') ? { id: FRAUD_CASE } : {} }), 'OPERATION_NOT_AGREED', 403);
    expect(record).toMatchObject({ application: 'app-anti-fraud', client: 'app-anti-fraud' });
  });

  it('an id no agreement has, and an id that is not a SHA-256', async () => {
    await refusal(await desk({ documentId: `sha256:${'0'.repeat(64)}`, variables: { id: FRAUD_CASE } }), 'OPERATION_NOT_AGREED', 403);
    await refusal(await desk({ documentId: 'FraudDesk', variables: { id: FRAUD_CASE } }), 'BAD_REQUEST', 400);
    // The text sent beside an id must be the one it names.
    await refusal(await desk({ documentId: op('FraudDesk').documentId, query: op('Trail').text }), 'BAD_REQUEST', 400);
  });

  it('a GET carrying the agreed document in its body and an ad-hoc one in its URL', async () => {
    const url = new URL(system.gateway.graphqlUrl);
    url.searchParams.set('query', '{ person(idNumber: "331004199001010133") { name phone accounts { accountNumber balance } } }');
    const response = await fetch(url, {
      method: 'GET',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await appToken('app-anti-fraud')}`, 'x-purpose': 'fraud-investigation', 'x-case-ref': FRAUD_CASE, 'apollo-require-preflight': 'true' },
      body: JSON.stringify({ query: op('FraudDesk').text, variables: { id: FRAUD_CASE } }),
    } as RequestInit).catch(() => undefined);
    // fetch itself may refuse a GET with a body; then send it over a raw socket.
    const answer = response ? { status: response.status, body: await response.json() } : await rawGetWithBody(url, op('FraudDesk').text);
    await refusal(answer, 'OPERATION_NOT_AGREED', 403);
  });

  it('the agreed document under another purpose the roles permit (precursor supervision)', async () => {
    const answer = await desk({ documentId: op('FraudDesk').documentId, variables: { id: FRAUD_CASE } }, { purpose: 'precursor-chemical-supervision', caseRef: undefined });
    const record = await refusal(answer, 'OPERATION_NOT_AGREED', 403);
    expect(answer.body.errors[0].extensions.agreedPurposes).toEqual(['fraud-investigation']);
    expect(record.purpose).toBe('precursor-chemical-supervision');
  });

  it('a variable the operation does not declare: VARIABLES_NOT_AGREED, naming the agreement', async () => {
    const answer = await desk({ documentId: op('FraudDesk').documentId, variables: { id: FRAUD_CASE, first: 100 } });
    const record = await refusal(answer, 'VARIABLES_NOT_AGREED', 400);
    expect(answer.body.errors[0].extensions.variables).toEqual(['first']);
    expect(record.agreementId).toBe(deskAgreement);
  });

  it("another application's agreed operation, with that application's own token", async () => {
    const answer = await send({ token: await appToken('app-risk-card'), purpose: 'financial-risk-monitoring', body: { documentId: op('Trail').documentId, variables: { accountNumber: '6222021203001234565' } } });
    expect((await refusal(answer, 'OPERATION_NOT_AGREED', 403)).application).toBe('app-risk-card');
  });

  it("an attempt on a person is in that person's subject access report, naming the application", async () => {
    const answer = await desk({ query: 'query Peek { person(idNumber: "331004199001010133") { name phone } }' });
    const record = await refusal(answer, 'OPERATION_NOT_AGREED', 403);
    expect(record.operation.name).toBe('Peek');
    expect(JSON.stringify(record)).not.toContain('331004199001010133');
    const report = await send({
      token: await passwordToken(system.identityProvider.issuer, 'officer.qian'),
      purpose: 'audit-review',
      body: { query: '{ subjectAccessReport(idNumber: "331004199001010133") { refusedAttempts { recordId application client operationName errorCodes } } }' },
    });
    expect(report.body.errors).toBeUndefined();
    expect(report.body.data.subjectAccessReport.refusedAttempts).toContainEqual({
      recordId: record.id, application: 'app-anti-fraud', client: 'app-anti-fraud', operationName: 'Peek', errorCodes: ['OPERATION_NOT_AGREED'],
    });
  });

  it('an agreement not yet valid', async () => {
    const later = await insertAgreement(system.agreements.db, {
      clientId: 'app-anti-fraud', purpose: 'fraud-investigation', operations: [op('Later')],
      validFrom: new Date(Date.now() + 24 * 3600_000), validTo: new Date(Date.now() + 48 * 3600_000),
    });
    await system.gateway.agreements!.refresh();
    const record = await refusal(await desk({ documentId: op('Later').documentId, variables: { id: FRAUD_CASE } }), 'AGREEMENT_NOT_YET_VALID', 403);
    expect(record.agreementId).toBe(later);
  });
});

describe('expiry and revocation take effect without a restart', () => {
  it('an agreement expires on time, with no change in the database to announce it', async () => {
    const validTo = new Date(Date.now() + 3_000);
    const expiring = await insertAgreement(system.agreements.db, { clientId: 'app-anti-fraud', purpose: 'fraud-investigation', operations: [op('Expiring')], validFrom: new Date(Date.now() - 1000), validTo });
    await system.gateway.agreements!.refresh();
    const before = await desk({ documentId: op('Expiring').documentId, variables: { id: FRAUD_CASE } });
    expect(before.body.errors).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, validTo.getTime() - Date.now() + 50));
    const record = await refusal(await desk({ documentId: op('Expiring').documentId, variables: { id: FRAUD_CASE } }), 'AGREEMENT_EXPIRED', 403);
    expect(record.agreementId).toBe(expiring);
  });

  it('a revocation reaches the listening gateway by NOTIFY at once, and the polling one within its interval', async () => {
    const revocable = await insertAgreement(system.agreements.db, { clientId: 'app-anti-fraud', purpose: 'fraud-investigation', operations: [op('Revocable')], validFrom: new Date(Date.now() - 1000), validTo: new Date(Date.now() + 3600_000) });
    const run = (url?: string) => desk({ documentId: op('Revocable').documentId, variables: { id: FRAUD_CASE } }, url ? { url } : {});
    // The new agreement itself arrives by NOTIFY (the main gateway's poll is a minute).
    await eventually(async () => expect((await run()).body.errors).toBeUndefined(), 2_000);
    await eventually(async () => expect((await run(polling.graphqlUrl)).body.errors).toBeUndefined(), 2_000);
    await revokeAgreement(system.agreements.db, revocable);
    const started = Date.now();
    await eventually(async () => expect((await run()).body.errors?.[0]?.extensions?.code).toBe('AGREEMENT_REVOKED'), 2_000);
    expect(Date.now() - started).toBeLessThan(2_000);
    await eventually(async () => expect((await run(polling.graphqlUrl)).body.errors?.[0]?.extensions?.code).toBe('AGREEMENT_REVOKED'), 2_000);
    const record = await refusal(await run(), 'AGREEMENT_REVOKED', 403);
    expect(record).toMatchObject({ application: 'app-anti-fraud', agreementId: revocable });
  });
});

describe('an official signed in to an application is bound to its agreements', () => {
  let official: string;
  beforeAll(async () => {
    const pkce = pkcePair();
    const redirect = 'http://localhost:4000/apps/anti-fraud';
    const { code } = await signIn(system.identityProvider.issuer, {
      response_type: 'code', client_id: 'app-anti-fraud', redirect_uri: redirect, scope: 'openid', state: 's', code_challenge: pkce.challenge, code_challenge_method: 'S256',
    }, 'investigator.li');
    const answer = await exchangeCode(system.identityProvider.issuer, { grant_type: 'authorization_code', code, redirect_uri: redirect, code_verifier: pkce.verifier, client_id: 'app-anti-fraud', client_secret: 'demo' });
    expect(answer.status).toBe(200);
    official = answer.body.access_token;
  });

  it('runs the agreed operation, recorded as the person through the application', async () => {
    const answer = await desk({ documentId: op('FraudDesk').documentId, variables: { id: LI_FRAUD_CASE } }, { token: official, caseRef: LI_FRAUD_CASE });
    expect(answer.body.errors).toBeUndefined();
    const record = await auditRecord(answer.body.extensions.privacy.auditRecordId);
    expect(record).toMatchObject({ user: { username: 'investigator.li' }, client: 'app-anti-fraud', application: 'app-anti-fraud', agreementId: deskAgreement });
  });

  it('cannot send an ad-hoc query through the application', async () => {
    const answer = await desk({ query: '{ fraudCase(id: "DZ-2025-00000001") { id } }' }, { token: official, caseRef: LI_FRAUD_CASE });
    expect((await refusal(answer, 'OPERATION_NOT_AGREED', 403)).user.username).toBe('investigator.li');
  });
});

const adHoc = { query: '{ fraudCase(id: "DZ-2025-00000001") { id status } }' };

describe('personal tokens', () => {
  it('keep ad-hoc queries by default', async () => {
    const answer = await send({ token: await passwordToken(system.identityProvider.issuer, 'investigator.li'), purpose: 'fraud-investigation', caseRef: LI_FRAUD_CASE, body: adHoc });
    expect(answer.body.errors).toBeUndefined();
    const record = await auditRecord(answer.body.extensions.privacy.auditRecordId);
    expect(record.application).toBeUndefined();
    expect(record.client).toBe('govgraph-cli');
  });

  it('are refused AD_HOC_QUERIES_DISABLED where the deployment denies them; the audit review stays open', async () => {
    const token = await passwordToken(system.identityProvider.issuer, 'investigator.li');
    await refusal(await send({ token, purpose: 'fraud-investigation', caseRef: LI_FRAUD_CASE, body: adHoc, url: denying.graphqlUrl }), 'AD_HOC_QUERIES_DISABLED', 403);
    const review = await send({ token: await passwordToken(system.identityProvider.issuer, 'officer.qian'), purpose: 'audit-review', body: { query: '{ auditEvents(first: 1) { edges { node { id } } } }' }, url: denying.graphqlUrl });
    expect(review.body.errors).toBeUndefined();
    // The application still runs its agreed operation there.
    const agreed = await desk({ documentId: op('FraudDesk').documentId, variables: { id: FRAUD_CASE } }, { url: denying.graphqlUrl });
    expect(agreed.body.errors).toBeUndefined();
  });
});

describe('fail closed', () => {
  it('refuses application tokens AGREEMENTS_UNAVAILABLE while the agreements were never read; personal tokens are unaffected', async () => {
    const answer = await desk({ documentId: op('FraudDesk').documentId, variables: { id: FRAUD_CASE } }, { url: unreachable.graphqlUrl });
    expect((await refusal(answer, 'AGREEMENTS_UNAVAILABLE', 503)).application).toBe('app-anti-fraud');
    const text = await desk({ query: op('FraudDesk').text, variables: { id: FRAUD_CASE } }, { url: unreachable.graphqlUrl });
    expect(text.body.errors[0].extensions.code).toBe('AGREEMENTS_UNAVAILABLE');
    const personal = await send({ token: await passwordToken(system.identityProvider.issuer, 'investigator.li'), purpose: 'fraud-investigation', caseRef: LI_FRAUD_CASE, body: adHoc, url: unreachable.graphqlUrl });
    expect(personal.body.errors).toBeUndefined();
  });
});

/** A GET with a JSON body, as curl -X GET -d would send it (fetch refuses to). */
async function rawGetWithBody(url: URL, query: string): Promise<{ status: number; body: any }> {
  const { request } = await import('node:http');
  const token = await appToken('app-anti-fraud');
  const payload = JSON.stringify({ query, variables: { id: FRAUD_CASE } });
  return new Promise((resolve, reject) => {
    const sent = request(url, {
      method: 'GET',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), authorization: `Bearer ${token}`, 'x-purpose': 'fraud-investigation', 'x-case-ref': FRAUD_CASE, 'apollo-require-preflight': 'true' },
    }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) }));
    });
    sent.on('error', reject);
    sent.end(payload);
  });
}

async function eventually(check: () => Promise<void>, withinMs: number): Promise<void> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
