import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startMediationAgency, type RunningMediationAgency } from '../../examples/agencies/mediation/start';
import { fetchClientCredentialsToken } from '../../identity/tokenClient';
import { databaseUrl, dropDatabase, ensureDatabase } from '../../runtime/databases';
import type { RunningSystem } from '../../runtime/system';
import { fetchGatewayAccessContextKeys } from '@govgraph/subgraph-kit';
import { passwordToken } from '../identity/tokenEndpoint';
import { dropSystemDatabases, testServerUrl } from '../support/agencyDatabases';
import { startTestSystem } from '../support/testSystem';

/**
 * Issue 12, done when: the sixth agency (司法局 人民调解, examples/agencies/mediation, built on
 * @govgraph/subgraph-kit alone) joins the running graph by publishing — no change to the gateway, no restart —
 * and its data is then answered under a purpose that covers it, masked and audited. Real system, real tokens
 * (the agency's own publisher client, the privacy officer), the registry's HTTP API, the gateway's hot reload.
 */
const prefix = `gg_sixth_${process.pid}`;
const SCHEMA_FILE = path.join(__dirname, '..', '..', 'examples', 'agencies', 'mediation', 'schema.graphql');
const WANG_DISPUTE = 'TJ-2025-330110-00001';
const CHEN_DISPUTE = 'TJ-2025-330502-00001';

let system: RunningSystem;
let agency: RunningMediationAgency;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  system = await startTestSystem(prefix);
  const database = `${prefix}_mediation`;
  await ensureDatabase(testServerUrl(), database);
  // As the agency does it: the gateway's public access-context keys from the gateway itself.
  agency = await startMediationAgency({
    databaseUrl: databaseUrl(testServerUrl(), database),
    port: 0,
    accessContextKeys: await fetchGatewayAccessContextKeys(system.gateway.url),
  });
  for (const username of ['mediator.wang', 'clerk.zhao', 'grid.wu', 'officer.qian']) {
    tokens[username] = await passwordToken(system.identityProvider.issuer, username);
  }
}, 120_000);

afterAll(async () => {
  await agency?.close();
  await system?.stop();
  await dropSystemDatabases(prefix);
  await dropDatabase(testServerUrl(), `${prefix}_mediation`);
});

interface Answer {
  status: number;
  body: any;
}

async function post(url: string, token: string, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: await response.json() };
}

function ask(username: string, purpose: string, query: string, caseRef?: string): Promise<Answer> {
  return post(system.gateway.graphqlUrl, tokens[username]!, query, {}, { 'x-purpose': purpose, ...(caseRef ? { 'x-case-ref': caseRef } : {}) });
}

function registry(token: string, query: string, variables: Record<string, unknown> = {}): Promise<Answer> {
  return post(`${system.gateway.url}/registry/graphql`, token, query, variables);
}

async function auditRecord(id: unknown): Promise<any> {
  expect(typeof id).toBe('string');
  const rows = await system.audit.db.query<{ record: any }>('SELECT record FROM audit_events WHERE id = $1', [id]);
  expect(rows).toHaveLength(1);
  return rows[0]!.record;
}

async function servedVersion(): Promise<number | null> {
  const ready = (await (await fetch(`${system.gateway.url}/readyz`)).json()) as { supergraph: { version: number | null } };
  return ready.supergraph.version;
}

const MEDIATION_FIELDS = 'mediationCommittee mediationCaseNumber mediationAcceptedOn mediationStatus peopleMediator judiciallyConfirmed';

it('is not part of the graph before it publishes: its fields do not exist, and it refuses anyone but the gateway', async () => {
  const before = await ask('mediator.wang', 'dispute-resolution', `{ dispute(id: "${WANG_DISPUTE}") { id mediationCommittee } }`, WANG_DISPUTE);
  expect(before.status).toBe(400);
  expect(before.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  // Straight to the agency with a user's token instead of the gateway's signed access context: refused, as JSON.
  const direct = await post(agency.subgraph.graphqlUrl, tokens['mediator.wang']!, `{ _entities(representations: [{ __typename: "Dispute", id: "${WANG_DISPUTE}" }]) { ... on Dispute { peopleMediator } } }`);
  expect(direct.status).toBe(401);
  expect(direct.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  expect(JSON.stringify(direct.body)).not.toContain('周国平');
});

describe('joining by publish alone', () => {
  let versionId: string;
  let publishedServed: number;

  it("cannot be published with another agency's credential", async () => {
    const petitions = await fetchClientCredentialsToken({ issuer: system.identityProvider.issuer, clientId: 'petitions-publisher', clientSecret: 'demo' });
    const answer = await registry(petitions, 'mutation Publish($sdl: String!, $url: String) { publishSubgraph(name: "mediation", sdl: $sdl, url: $url) { accepted } }', {
      sdl: readFileSync(SCHEMA_FILE, 'utf8'),
      url: agency.subgraph.graphqlUrl,
    });
    expect(answer.body.data ?? null).toBeNull();
    expect(answer.body.errors[0].extensions.code).toBe('FORBIDDEN');
    const [count] = await system.registry.db.query<{ count: number }>("SELECT count(*)::int AS count FROM subgraph_versions WHERE subgraph = 'mediation'");
    expect(count!.count).toBe(0);
  });

  it("publishes with its own credential; fields a purpose would see in clear wait for the privacy officer", async () => {
    const publisher = await fetchClientCredentialsToken({ issuer: system.identityProvider.issuer, clientId: 'mediation-publisher', clientSecret: 'demo' });
    const before = await servedVersion();
    const published = await registry(
      publisher,
      `mutation Publish($sdl: String!, $url: String) { publishSubgraph(name: "mediation", sdl: $sdl, url: $url) {
        accepted version { id status report { blocking needsApproval findings { check severity coordinate } } } supergraph { version } } }`,
      { sdl: readFileSync(SCHEMA_FILE, 'utf8'), url: agency.subgraph.graphqlUrl },
    );
    expect(published.body.errors).toBeUndefined();
    const result = published.body.data.publishSubgraph;
    expect(result.accepted).toBe(false);
    expect(result.version.status).toBe('awaiting-approval');
    expect(result.version.report).toMatchObject({ blocking: false, needsApproval: true });
    // The committee's name is seen in clear by dispute resolution: that is what the officer is asked about.
    expect(result.version.report.findings).toContainEqual(expect.objectContaining({ check: 'purpose-coverage', severity: 'approval', coordinate: 'Dispute.mediationCommittee' }));
    // Adding fields to another agency's entity changes nothing of theirs (no description of theirs replaced).
    expect(result.version.report.findings.filter((finding: { coordinate: string | null }) => finding.coordinate === 'Dispute' || finding.coordinate === 'Dispute.id')).toEqual([]);
    versionId = result.version.id;
    // Waiting is not serving.
    expect(await servedVersion()).toBe(before);
  });

  it('is served on every gateway within seconds of the officer approving it, with no restart', async () => {
    const approved = await registry(tokens['officer.qian']!, 'mutation Approve($id: ID!) { approveSchemaVersion(id: $id, reason: "人民调解 case data for dispute resolution; names masked by the purpose") { id status approvedBy } }', { id: versionId });
    expect(approved.body.errors).toBeUndefined();
    expect(approved.body.data.approveSchemaVersion).toMatchObject({ status: 'served', approvedBy: 'officer.qian' });
    const [latest] = await system.registry.db.query<{ version: number }>('SELECT max(version)::int AS version FROM supergraphs');
    const started = Date.now();
    while ((await servedVersion()) !== latest!.version) {
      if (Date.now() - started > 10_000) throw new Error('the gateway did not pick up the approved supergraph within 10 s');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    publishedServed = latest!.version;
    // The agency's URL came from the registry: nothing was configured at the gateway.
    expect(system.gateway.subgraphs.mediation).toBe(agency.subgraph.graphqlUrl);
  });

  it("answers a mediator 王建国's mediated dispute, the people's mediator's name masked, with the audit record naming the agency", async () => {
    expect(await servedVersion()).toBe(publishedServed);
    const { status, body } = await ask('mediator.wang', 'dispute-resolution', `{ dispute(id: "${WANG_DISPUTE}") { id module ${MEDIATION_FIELDS} } }`, WANG_DISPUTE);
    expect(body.errors).toBeUndefined();
    expect(status).toBe(200);
    expect(body.data.dispute).toEqual({
      id: WANG_DISPUTE,
      module: '民间借贷', // petitions
      mediationCommittee: '余杭区仓前街道人民调解委员会', // mediation, joined on Dispute.id
      mediationCaseNumber: '(2025)余仓调字第017号',
      mediationAcceptedOn: '2025-02-24',
      mediationStatus: '调解成功',
      peopleMediator: '周**',
      judiciallyConfirmed: true,
    });
    expect(body.extensions.privacy.masked).toEqual([{ path: 'dispute.peopleMediator', coordinate: 'Dispute.peopleMediator', strategy: 'surname' }]);
    const record = await auditRecord(body.extensions.privacy.auditRecordId);
    expect(record).toMatchObject({ outcome: 'allowed', purpose: 'dispute-resolution', caseRef: WANG_DISPUTE, user: { username: 'mediator.wang' } });
    expect(record.subgraphs).toEqual(expect.arrayContaining(['mediation', 'petitions']));
    expect(record.fields).toEqual(
      expect.arrayContaining([
        { coordinate: 'Dispute.peopleMediator', effect: 'mask', strategy: 'surname' },
        { coordinate: 'Dispute.mediationCommittee', effect: 'allow' },
      ]),
    );
    expect(JSON.stringify(record)).not.toContain('周国平');
  });

  it("refuses what the purpose's kind rules deny — the agreement's text and amount — before the agency is asked, and audits it", async () => {
    const { status, body } = await ask('mediator.wang', 'dispute-resolution', `{ dispute(id: "${WANG_DISPUTE}") { id mediationAgreement settlementAmount } }`, WANG_DISPUTE);
    expect(status).toBe(403);
    expect(body.data).toBeUndefined();
    expect(body.errors[0].extensions.code).toBe('FORBIDDEN_FIELDS');
    expect(body.errors[0].extensions.fields.map((field: { coordinate: string }) => field.coordinate).sort()).toEqual(['Dispute.mediationAgreement', 'Dispute.settlementAmount']);
    const record = await auditRecord(body.extensions.privacy.auditRecordId);
    expect(record).toMatchObject({ outcome: 'refused', errorCodes: ['FORBIDDEN_FIELDS'], subgraphs: [] });
  });

  it('bands the settlement for litigation-source governance, through an alias and a fragment', async () => {
    const { body } = await ask(
      'clerk.zhao',
      'litigation-source-governance',
      `query { d: dispute(id: "${WANG_DISPUTE}") { ...M } } fragment M on Dispute { amount: settlementAmount who: peopleMediator mediationStatus }`,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.d.who).toBe('周**');
    expect(body.data.d.mediationStatus).toBe('调解成功');
    expect(body.data.d.amount).not.toBe(280_000);
    expect(body.extensions.privacy.masked).toEqual(
      expect.arrayContaining([
        { path: 'd.amount', coordinate: 'Dispute.settlementAmount', strategy: 'band' },
        { path: 'd.who', coordinate: 'Dispute.peopleMediator', strategy: 'surname' },
      ]),
    );
  });

  it("shows a district-bound grid worker her own district's case only: the agency filters rows in SQL", async () => {
    const own = await ask('grid.wu', 'dispute-resolution', `{ dispute(id: "${CHEN_DISPUTE}") { id mediationCommittee peopleMediator mediationStatus } }`, CHEN_DISPUTE);
    expect(own.body.errors).toBeUndefined();
    expect(own.body.data.dispute).toEqual({ id: CHEN_DISPUTE, mediationCommittee: '吴兴区月河街道人民调解委员会', peopleMediator: '沈**', mediationStatus: '调解中' });
    // Another district's dispute, however she asks for it: nothing of 余杭区 comes back.
    const other = await ask('grid.wu', 'dispute-resolution', `{ dispute(id: "${WANG_DISPUTE}") { id mediationCommittee } }`, CHEN_DISPUTE);
    expect(JSON.stringify(other.body)).not.toContain('余杭区仓前街道');
  });
});

describe('leaving again', () => {
  it("a rollback to the supergraph before it is served within seconds: its fields are gone, the rest answers", async () => {
    const rolledBack = await registry(tokens['officer.qian']!, 'mutation { rollbackSupergraph(version: 1) { version } }');
    expect(rolledBack.body.errors).toBeUndefined();
    const version = rolledBack.body.data.rollbackSupergraph.version as number;
    const started = Date.now();
    let ready: { subgraphs: string[]; supergraph: { version: number } };
    do {
      if (Date.now() - started > 10_000) throw new Error('the rollback was not served within 10 s');
      await new Promise((resolve) => setTimeout(resolve, 50));
      ready = (await (await fetch(`${system.gateway.url}/readyz`)).json()) as typeof ready;
    } while (ready.supergraph.version !== version);
    expect(ready.subgraphs).not.toContain('mediation');
    const gone = await ask('mediator.wang', 'dispute-resolution', `{ dispute(id: "${WANG_DISPUTE}") { id mediationCommittee } }`, WANG_DISPUTE);
    expect(gone.status).toBe(400);
    expect(gone.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const rest = await ask('mediator.wang', 'dispute-resolution', `{ dispute(id: "${WANG_DISPUTE}") { id module } }`, WANG_DISPUTE);
    expect(rest.body.errors).toBeUndefined();
    expect(rest.body.data.dispute).toEqual({ id: WANG_DISPUTE, module: '民间借贷' });
  });
});
