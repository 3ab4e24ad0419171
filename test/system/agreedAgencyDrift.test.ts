import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fetchClientCredentialsToken } from '../../identity/tokenClient';
import { openAuditReader } from '../../registry/auditReader';
import { createRegistry } from '../../registry/registry';
import type { RunningSystem } from '../../runtime/system';
import { passwordToken } from '../identity/tokenEndpoint';
import { dropSystemDatabases } from '../support/agencyDatabases';
import { startTestSystem } from '../support/testSystem';

/**
 * Red team: an agreement's approval seats are fixed at submission, from the plan of the day. A new subgraph
 * (司法局's mediation, with its own publisher credential) publishes a version that makes the gateway ask it for
 * Dispute.module, which the dispute cockpit's agreed DisputeParties selects and petitions serves — so the
 * agreed document, admitted by hash, would read mediation, whose steward never approved it. A rollback to a
 * graph served before the agreement bound it would do the same, and is refused too. Real system:
 * the seeded agreements, the registry's HTTP API, real client-credential tokens.
 */
const prefix = `gg_agdrift_${process.pid}`;
const MEDIATION_SCHEMA = readFileSync(path.join(__dirname, '..', '..', 'examples', 'agencies', 'mediation', 'schema.graphql'), 'utf8');
const URL_OF_MEDIATION = 'http://mediation.test:4007/graphql';

let system: RunningSystem;
let publisher: string;
let disputeParties: { agreementId: string; agencies: string[] };

beforeAll(async () => {
  system = await startTestSystem(prefix);
  publisher = await fetchClientCredentialsToken({ issuer: system.identityProvider.issuer, clientId: 'mediation-publisher', clientSecret: 'demo' });
  const [row] = await system.agreements.db.query<{ agreement_id: string; agencies: string[] }>(
    `SELECT a.id AS agreement_id, array_agg(s.seat ORDER BY s.seat) AS agencies
       FROM agreements a JOIN agreement_operations o ON o.agreement_id = a.id JOIN approvals s ON s.request_id = a.request_id
      WHERE a.client_id = 'app-dispute-cockpit' AND o.name = 'DisputeParties' GROUP BY a.id`,
  );
  disputeParties = { agreementId: row!.agreement_id, agencies: row!.agencies };
}, 120_000);

afterAll(async () => {
  await system?.stop();
  await dropSystemDatabases(prefix);
});

interface Report {
  blocking: boolean;
  findings: { check: string; severity: string; coordinate: string | null; message: string; fix: string | null }[];
}

async function registry(query: string, variables: Record<string, unknown>, token = publisher): Promise<any> {
  const response = await fetch(`${system.gateway.url}/registry/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  expect(response.headers.get('content-type')).toMatch(/application\/json/);
  const body = await response.json();
  expect(body.errors).toBeUndefined();
  return body.data;
}

const REPORT = 'blocking findings { check severity coordinate message fix }';
const publish = async (sdl: string, name = 'mediation', token = publisher) =>
  (
    await registry(
      `mutation P($sdl: String!, $url: String) { publishSubgraph(name: "${name}", sdl: $sdl, url: $url) { accepted version { id status report { ${REPORT} } } supergraph { version } } }`,
      { sdl, ...(name === 'mediation' ? { url: URL_OF_MEDIATION } : {}) },
      token,
    )
  ).publishSubgraph;
const check = async (sdl: string): Promise<Report> =>
  (await registry(`mutation C($sdl: String!, $url: String) { checkSubgraph(name: "mediation", sdl: $sdl, url: $url) { ${REPORT} } }`, { sdl, url: URL_OF_MEDIATION })).checkSubgraph;

/** The mediation schema with Dispute.module taken from petitions, under the override's name `override`. */
function takingModule(override: string, link = ''): string {
  return MEDIATION_SCHEMA.replace('federation/v2.7",', `federation/v2.7",${link}`).replace(
    '  mediationCommittee: String',
    `  module: String! @${override}(from: "petitions") @notPersonal(reason: "the module a dispute is handled by")\n  mediationCommittee: String`,
  );
}

const drift = (report: Report) => report.findings.filter((finding) => finding.check === 'agreed-operations' && finding.severity === 'blocking');

it('starts from the seeded agreement: DisputeParties was approved by court, petitions and police — not mediation', () => {
  expect(disputeParties.agencies).toEqual(['data-steward:court', 'data-steward:petitions', 'data-steward:police', 'privacy-officer']);
});

it.each([
  ['@federation__override, which needs no import', takingModule('federation__override')],
  ['a renamed federation link (@fed__override)', takingModule('fed__override', ' as: "fed",')],
])('refuses a version that would route the agreed DisputeParties to mediation: %s', async (_name, sdl) => {
  const servedBefore = await system.registry.db.query<{ version: number }>('SELECT max(version)::int AS version FROM supergraphs');
  const result = await publish(sdl);
  expect(result.accepted).toBe(false);
  expect(result.supergraph).toBeNull();
  expect(result.version.status).toBe('refused');
  const report: Report = result.version.report;
  expect(report.blocking).toBe(true);
  // The agreed-operations finding names the field, the application, the agreement and the operation.
  const [finding, ...more] = drift(report).filter((candidate) => candidate.message.includes('DisputeParties'));
  expect(more).toEqual([]);
  expect(finding).toMatchObject({ coordinate: 'Dispute.module' });
  expect(finding!.message).toContain(`DisputeParties of agreement ${disputeParties.agreementId} (app-dispute-cockpit, dispute-resolution)`);
  expect(finding!.message).toContain('would read mediation');
  expect(finding!.fix).toMatch(/Submit a new sharing request for DisputeParties .* or keep the field where it was/);
  // Refused either way: the ownership check names the same takeover.
  expect(report.findings).toContainEqual(expect.objectContaining({ check: 'composition', severity: 'blocking', coordinate: 'Dispute.module' }));
  // Nothing is served: the gateway keeps asking petitions.
  expect(await system.registry.db.query('SELECT max(version)::int AS version FROM supergraphs')).toEqual(servedBefore);
  // The dry run says the same and stores nothing.
  const dry = await check(sdl);
  expect(drift(dry).map((candidate) => candidate.coordinate)).toContain('Dispute.module');
});

it('finds no drift in the mediation schema as published (fields of its own beside Dispute): it waits for the privacy officer only', async () => {
  const report = await check(MEDIATION_SCHEMA);
  expect(report.findings.filter((finding) => finding.check === 'agreed-operations')).toEqual([]);
  expect(report.blocking).toBe(false);
});

/** The mediation schema resolving Person.name too: no @override, so the ownership check has nothing to refuse. */
const SHARING_NAME = `${MEDIATION_SCHEMA.replace('"@key",', '"@key", "@shareable",')}
type Person @key(fields: "idNumber") {
  idNumber: ID! @sensitive(kind: "ID_NUMBER")
  name: String! @shareable @sensitive(kind: "PERSON_NAME")
}`;

describe('a case every other check passes: the owner shares a field, and a new agency that sorts first resolves it too', () => {
  const POLICE_SCHEMA = readFileSync(path.join(__dirname, '..', '..', 'subgraphs', 'police', 'schema.graphql'), 'utf8');
  it("police marks Person.name @shareable: served (no change to the API, nothing an agreement reads moves)", async () => {
    const police = await fetchClientCredentialsToken({ issuer: system.identityProvider.issuer, clientId: 'police-publisher', clientSecret: 'demo' });
    const sharing = POLICE_SCHEMA.replace(/\n  name: String! @sensitive/, '\n  name: String! @shareable @sensitive');
    expect(sharing).not.toBe(POLICE_SCHEMA);
    const result = await publish(sharing, 'police', police);
    expect(result).toMatchObject({ accepted: true, version: { status: 'served', report: { blocking: false, findings: [] } } });
  });

  it("refuses mediation's version: the planner would now ask mediation for the anti-fraud desk's Person.name — and nothing else blocks it", async () => {
    const [fraud] = await system.agreements.db.query<{ agreement_id: string }>(
      `SELECT a.id AS agreement_id FROM agreements a JOIN agreement_operations o ON o.agreement_id = a.id
        WHERE a.client_id = 'app-anti-fraud' AND o.name = 'FraudCaseDesk'`,
    );
    const result = await publish(SHARING_NAME);
    expect(result.accepted).toBe(false);
    expect(result.version.status).toBe('refused');
    const report: Report = result.version.report;
    const blocking = report.findings.filter((finding) => finding.severity === 'blocking');
    // Only the agreed-operations check stands between this version and the graph.
    expect(blocking.map((finding) => finding.check)).toEqual(blocking.map(() => 'agreed-operations'));
    expect(blocking).toContainEqual(expect.objectContaining({ coordinate: 'Person.name' }));
    const finding = blocking.find((candidate) => candidate.message.includes('FraudCaseDesk'))!;
    expect(finding.message).toContain(`FraudCaseDesk of agreement ${fraud!.agreement_id} (app-anti-fraud, `);
    expect(finding.message).toContain('would read mediation');
    expect(finding.message).toContain('Person.name');
  });
});

describe('a rollback to a graph served before an agreement bound it', () => {
  const auditUrl = () => Object.assign(new URL(process.env.GOVGRAPH_TEST_SERVER_URL!), { pathname: `/${prefix}_audit` }).toString();
  const auditReader = openAuditReader(auditUrl(), () => undefined);
  afterAll(() => auditReader.close());

  async function rollback(version: number): Promise<{ version?: number; code?: string; message?: string }> {
    const officer = await passwordToken(system.identityProvider.issuer, 'officer.qian');
    const response = await fetch(`${system.gateway.url}/registry/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${officer}` },
      body: JSON.stringify({ query: 'mutation R($v: Int!) { rollbackSupergraph(version: $v, reason: "back") { version } }', variables: { v: version } }),
    });
    const body = await response.json();
    const error = body.errors?.[0];
    return error ? { code: error.extensions?.code, message: error.message } : { version: body.data.rollbackSupergraph.version };
  }

  /** Supergraph versions the first test serves, for the second: without mediation, and with its own fields. */
  const history = { beforeSharing: 0, plain: 0 };

  it("refuses to serve again a graph in which mediation resolves the anti-fraud desk's Person.name", async () => {
    const [served] = await system.registry.db.query<{ version: number }>('SELECT max(version)::int AS version FROM supergraphs');
    const beforeSharing = served!.version;
    history.beforeSharing = beforeSharing;
    // History: mediation's version resolving Person.name was served by a registry that read no agreements
    // (as before the agreement existed)…
    const unchecked = createRegistry({ db: system.registry.db, auditReader });
    const published = await unchecked.publish('mediation', SHARING_NAME, URL_OF_MEDIATION, 'mediation-publisher');
    expect(published.version.decision).toBe('awaiting-approval');
    const sharing = (await unchecked.approve(published.version.id, 'officer.qian', 'before the agreement')).supergraph;
    // …then mediation published its own fields only, checked as today: the anti-fraud desk reads police again.
    const plain = await publish(MEDIATION_SCHEMA);
    expect(plain).toMatchObject({ accepted: true, version: { status: 'served' } });
    history.plain = plain.supergraph.version;
    const [fraud] = await system.agreements.db.query<{ agreement_id: string }>(
      `SELECT a.id AS agreement_id FROM agreements a JOIN agreement_operations o ON o.agreement_id = a.id
        WHERE a.client_id = 'app-anti-fraud' AND o.name = 'FraudCaseDesk'`,
    );

    const refused = await rollback(sharing.version);
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toContain(`supergraph version ${sharing.version} cannot be served again`);
    expect(refused.message).toContain(`FraudCaseDesk of agreement ${fraud!.agreement_id} (app-anti-fraud, `);
    expect(refused.message).toContain('would read mediation');
    expect(refused.message).toContain('revoke the agreements named first');
    expect(await system.registry.db.query('SELECT max(version)::int AS version FROM supergraphs')).toEqual([{ version: plain.supergraph.version }]);

    // A rollback that moves no agreed operation to an unapproved agency is served.
    expect(await rollback(beforeSharing)).toEqual({ version: plain.supergraph.version + 1 });
  });

  it('refuses to serve again a graph that would break an agreed operation made since, until that agreement is revoked', async () => {
    // Mediation's own fields served again (a rollback that breaks nothing)…
    const withMediation = await rollback(history.plain);
    expect(withMediation.code).toBeUndefined();
    // …and an agreement made on one of them, with every seat it reads approved (rows as the workflow leaves them).
    const document = 'query Committee($id: ID!) { dispute(id: $id) { id mediationCommittee } }';
    const requestId = randomUUID();
    const agreementId = randomUUID();
    const db = system.agreements.db;
    await db.query(
      `INSERT INTO sharing_requests (id, client_id, title, justification, purpose, legal_basis, valid_from, valid_to, status, submitted_by, decided_at)
       VALUES ($1, 'app-dispute-cockpit', 't', 'j', 'dispute-resolution', '{}', now() - interval '1 hour', now() + interval '1 day', 'APPROVED', 'service-account-app-dispute-cockpit', now())`,
      [requestId],
    );
    for (const seat of ['data-steward:mediation', 'data-steward:petitions', 'privacy-officer']) {
      await db.query(`INSERT INTO approvals (request_id, seat, status, decided_by, decided_at) VALUES ($1, $2, 'APPROVED', 'test', now())`, [requestId, seat]);
    }
    await db.query(
      `INSERT INTO agreements (id, request_id, client_id, purpose, legal_basis, valid_from, valid_to, approvers)
       VALUES ($1, $2, 'app-dispute-cockpit', 'dispute-resolution', '{}', now() - interval '1 hour', now() + interval '1 day', ARRAY['test'])`,
      [agreementId, requestId],
    );
    await db.query('INSERT INTO agreement_operations (agreement_id, name, document, document_hash) VALUES ($1, $2, $3, $4)', [
      agreementId,
      'Committee',
      document,
      createHash('sha256').update(document).digest('hex'),
    ]);

    // Back to the graph without mediation: Dispute.mediationCommittee would be gone from under the agreement.
    const refused = await rollback(history.beforeSharing);
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toContain(`The agreed operation Committee of agreement ${agreementId} (app-dispute-cockpit, dispute-resolution`);
    expect(refused.message).toContain('would break');
    expect(refused.message).toContain('mediationCommittee');
    expect(refused.message).toContain('revoke the agreements named first');
    expect(await system.registry.db.query('SELECT max(version)::int AS version FROM supergraphs')).toEqual([{ version: withMediation.version }]);

    // The way out the refusal names: revoked, the agreement binds nothing, and the rollback is served.
    await db.query(`UPDATE agreements SET revoked_at = now(), revoked_by = 'officer.qian', revoke_reason = 'rollback' WHERE id = $1`, [agreementId]);
    expect(await rollback(history.beforeSharing)).toEqual({ version: withMediation.version! + 1 });
  });
});
