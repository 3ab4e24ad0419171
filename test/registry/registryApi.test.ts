import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fetchClientCredentialsToken } from '../../identity/tokenClient';
import express from 'express';
import { createAuditTrail } from '../../gateway/audit/auditTrail';
import { createTokenVerifier } from '../../gateway/identity';
import { policyRevision } from '../../policies';
import { createRegistryRouter } from '../../registry/api/registryRouter';
import { createRegistry } from '../../registry/registry';
import { loadServedSupergraph } from '../../registry/servedSupergraph';
import { DEVELOPMENT_AUDIT_SUBJECT_KEY } from '../../runtime/system';
import { openDatabase } from '../../subgraphs/kit/database';
import { listen } from '../../subgraphs/kit/httpServer';
import type { RunningSystem } from '../../runtime/system';
import { passwordToken } from '../identity/tokenEndpoint';
import { dropSystemDatabases } from '../support/agencyDatabases';
import { startTestSystem } from '../support/testSystem';

/**
 * /registry/graphql over real HTTP with real signed tokens — the agencies' publisher clients (client
 * credentials), a privacy officer, a data steward, a mediator — and `npm run registry` as a process, on a
 * whole running system. Who may do what, the error shapes, and the CLI's exit codes.
 */
const ROOT = path.resolve(__dirname, '../..');
const prefix = `gg_regapi_${process.pid}`;
const POLICE_SDL = readFileSync(path.join(ROOT, 'subgraphs', 'police', 'schema.graphql'), 'utf8');
const LI_FRAUD_CASE = 'DZ-2025-00000001';
const INCIDENT_CATEGORY = '  category: String!\n  district: String!\n  location';
let system: RunningSystem;
let workdir: string;
const tokens: Record<string, string> = {};

interface Answer {
  status: number;
  contentType: string | null;
  body: { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };
}

async function registry(token: string | undefined, query: string, variables: Record<string, unknown> = {}): Promise<Answer> {
  const response = await fetch(`${system.gateway.url}/registry/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, contentType: response.headers.get('content-type'), body: JSON.parse(await response.text()) as Answer['body'] };
}

const codeOf = (answer: Answer) => answer.body.errors?.[0]?.extensions?.code;

const PUBLISH = `mutation Publish($name: String!, $sdl: String!, $url: String) { publishSubgraph(name: $name, sdl: $sdl, url: $url) {
  accepted version { id subgraph status publishedBy url report { blocking needsApproval findings { check severity coordinate message operations { name purposes applications count } } } }
  supergraph { version subgraphs acceptedBy } } }`;

function policeWith(line: string, replacement: string): string {
  if (!POLICE_SDL.includes(line)) throw new Error(`police SDL has no line ${line}`);
  return POLICE_SDL.replace(line, replacement);
}

function cli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  const { GOVGRAPH_CLIENT_ID: _id, GOVGRAPH_CLIENT_SECRET: _secret, ...inherited } = process.env;
  return new Promise((resolve) => {
    execFile(
      path.join(ROOT, 'node_modules/.bin/tsx'),
      [path.join(ROOT, 'bin/registry.ts'), ...args],
      { cwd: ROOT, env: { ...inherited, GOVGRAPH_URL: system.gateway.url, OIDC_ISSUER: system.identityProvider.issuer, ...env } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

async function schemaFile(name: string, sdl: string): Promise<string> {
  const file = path.join(workdir, name);
  await writeFile(file, sdl);
  return file;
}

beforeAll(async () => {
  system = await startTestSystem(prefix);
  workdir = await mkdtemp(path.join(os.tmpdir(), 'govgraph-registry-cli-'));
  const issuer = system.identityProvider.issuer;
  for (const client of ['police-publisher', 'court-publisher']) {
    tokens[client] = await fetchClientCredentialsToken({ issuer, clientId: client, clientSecret: 'demo' });
  }
  for (const user of ['officer.qian', 'steward.police', 'mediator.wang', 'investigator.li']) tokens[user] = await passwordToken(issuer, user);
  // A recorded operation that reads Person.phone, for the breaking change below.
  const response = await fetch(system.gateway.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens['investigator.li']}`, 'x-purpose': 'fraud-investigation', 'x-case-ref': LI_FRAUD_CASE },
    body: JSON.stringify({ query: 'query VictimPhone($id: ID!) { fraudCase(id: $id) { victim { phone } } }', variables: { id: LI_FRAUD_CASE } }),
  });
  expect(response.status).toBe(200);
}, 120_000);

afterAll(async () => {
  await system?.stop();
  await dropSystemDatabases(prefix);
  if (workdir) await rm(workdir, { recursive: true, force: true });
});

describe('who may use the registry', () => {
  test('no token, a garbage token: 401 UNAUTHENTICATED, in JSON', async () => {
    for (const token of [undefined, 'not-a-token', `${tokens['police-publisher']!.slice(0, -4)}AAAA`]) {
      const answer = await registry(token, '{ subgraphs { name } }');
      expect(answer.status).toBe(401);
      expect(answer.contentType).toMatch(/application\/json/);
      expect(codeOf(answer)).toBe('UNAUTHENTICATED');
      expect(answer.body.data ?? null).toBeNull();
    }
  });

  test('a user token without schema-publisher can neither publish nor read', async () => {
    const publish = await registry(tokens['mediator.wang'], PUBLISH, { name: 'petitions', sdl: POLICE_SDL });
    expect(publish.status).toBe(403);
    expect(codeOf(publish)).toBe('FORBIDDEN');
    expect(publish.body.errors![0]!.message).toMatch(/schema-publisher/);
    const read = await registry(tokens['mediator.wang'], '{ subgraphs { name } }');
    expect(codeOf(read)).toBe('FORBIDDEN');
  });

  test("an agency cannot publish or check another agency's subgraph: nothing is stored", async () => {
    const count = async () => (await system.registry.db.query<{ n: number }>('SELECT count(*)::int AS n FROM subgraph_versions'))[0]!.n;
    const before = await count();
    const publish = await registry(tokens['court-publisher'], PUBLISH, { name: 'police', sdl: POLICE_SDL });
    expect(publish.status).toBe(403);
    expect(codeOf(publish)).toBe('FORBIDDEN');
    expect(publish.body.errors![0]!.message).toMatch(/only its own subgraph/);
    // Aliases and a second mutation in the same document do not get around it.
    const aliased = await registry(
      tokens['court-publisher'],
      `mutation Both($sdl: String!) { mine: checkSubgraph(name: "court", sdl: $sdl) { blocking } theirs: publishSubgraph(name: "police", sdl: $sdl) { accepted } }`,
      { sdl: POLICE_SDL },
    );
    expect(aliased.body.errors!.map((error) => error.extensions?.code)).toContain('FORBIDDEN');
    expect(aliased.body.data?.theirs ?? null).toBeNull();
    expect(await count()).toBe(before);
  });

  test('every registry operation is in the audit log, the refused ones too; the SDL as a pseudonym, not its text', async () => {
    await registry(undefined, 'query Anonymous { subgraphs { name } }');
    await registry(tokens['court-publisher'], PUBLISH, { name: 'police', sdl: POLICE_SDL });
    await registry(tokens['police-publisher'], 'mutation CheckMine($sdl: String!) { checkSubgraph(name: "police", sdl: $sdl) { blocking } }', { sdl: POLICE_SDL });
    const records = async () =>
      (await system.audit.db.query<{ record: any }>("SELECT record FROM audit_events WHERE record->>'purpose' IS NULL ORDER BY record->>'time'")).map((row) => row.record);
    // Committed before each answer left: no waiting.
    const found = (await records()).filter((record) => ['Anonymous', 'Publish', 'CheckMine'].includes(record.operation.name) || record.user === null);
    const anonymous = found.find((record) => record.user === null)!;
    expect(anonymous).toMatchObject({ outcome: 'refused', errorCodes: ['UNAUTHENTICATED'] });
    const forbidden = found.find((record) => record.operation.name === 'Publish' && record.user?.username === 'service-account-court-publisher')!;
    expect(forbidden).toMatchObject({ outcome: 'refused', errorCodes: ['FORBIDDEN'], client: 'court-publisher', purpose: null, subjects: [] });
    const check = found.find((record) => record.operation.name === 'CheckMine')!;
    expect(check).toMatchObject({ outcome: 'allowed', errorCodes: [], client: 'police-publisher' });
    expect(check.variables.sdl).toMatch(/^~[0-9a-f]{16}$/);
    expect(JSON.stringify(found)).not.toContain('@sensitive');
  });

  test('a data steward reads but neither publishes nor decides; a publisher cannot approve or roll back', async () => {
    const read = await registry(tokens['steward.police'], '{ servedSupergraph { version subgraphs } subgraph(name: "police") { name servedVersion { status publishedBy } } }');
    expect(read.body.errors).toBeUndefined();
    expect(read.body.data.servedSupergraph.subgraphs).toEqual(['audit', 'bank', 'court', 'market', 'petitions', 'police']);
    expect(read.body.data.subgraph.servedVersion).toEqual({ status: 'served', publishedBy: 'seed' });
    expect(codeOf(await registry(tokens['steward.police'], PUBLISH, { name: 'police', sdl: POLICE_SDL }))).toBe('FORBIDDEN');
    expect(codeOf(await registry(tokens['steward.police'], 'mutation { rollbackSupergraph(version: 1) { version } }'))).toBe('FORBIDDEN');
    expect(codeOf(await registry(tokens['police-publisher'], 'mutation { rollbackSupergraph(version: 1) { version } }'))).toBe('FORBIDDEN');
    expect(codeOf(await registry(tokens['police-publisher'], 'mutation { approveSchemaVersion(id: "1") { id } }'))).toBe('FORBIDDEN');
  });
});

describe('publishing over HTTP', () => {
  test('a compatible change from the agency publisher is served; the version names the service account', async () => {
    const sdl = policeWith('  district: String!\n  "Incidents', '  district: String! @deprecated(reason: "see registeredDistrict")\n  "Incidents');
    const answer = await registry(tokens['police-publisher'], PUBLISH, { name: 'police', sdl });
    expect(answer.body.errors).toBeUndefined();
    const result = answer.body.data.publishSubgraph;
    expect(result.accepted).toBe(true);
    expect(result.version).toMatchObject({ subgraph: 'police', status: 'served', publishedBy: 'service-account-police-publisher', url: 'http://localhost:4001/graphql' });
    expect(result.supergraph).toMatchObject({ version: 2, acceptedBy: 'service-account-police-publisher' });
    expect((await loadServedSupergraph(system.registry.db))!.version).toBe(2);
  });

  test('a breaking change used by a recorded operation is refused, naming it', async () => {
    const answer = await registry(tokens['police-publisher'], PUBLISH, { name: 'police', sdl: policeWith('  phone: String! @sensitive(kind: "PHONE")\n', '') });
    const result = answer.body.data.publishSubgraph;
    expect(result.accepted).toBe(false);
    expect(result.version.status).toBe('refused');
    const finding = result.version.report.findings.find((candidate: any) => candidate.coordinate === 'Person.phone');
    expect(finding).toMatchObject({ check: 'breaking-change', severity: 'blocking' });
    expect(finding.operations).toEqual([{ name: 'VictimPhone', purposes: ['fraud-investigation'], applications: ['govgraph-cli'], count: 1 }]);
  });

  test('a field visible in clear waits; the officer sees it waiting, approves, and it is served', async () => {
    const sdl = policeWith(INCIDENT_CATEGORY, '  category: String!\n  weather: String @notPersonal(reason: "the weather is about no one")\n  district: String!\n  location');
    const published = (await registry(tokens['police-publisher'], PUBLISH, { name: 'police', sdl })).body.data.publishSubgraph;
    expect(published.accepted).toBe(false);
    expect(published.version.status).toBe('awaiting-approval');
    const pending = await registry(tokens['officer.qian'], '{ pendingApprovals { id subgraph status report { needsApproval } } }');
    expect(pending.body.data.pendingApprovals).toEqual([{ id: published.version.id, subgraph: 'police', status: 'awaiting-approval', report: { needsApproval: true } }]);
    const approved = await registry(tokens['officer.qian'], 'mutation Approve($id: ID!) { approveSchemaVersion(id: $id, reason: "weather is not personal") { id status approvedBy approvedAt decisionReason } }', {
      id: published.version.id,
    });
    expect(approved.body.errors).toBeUndefined();
    expect(approved.body.data.approveSchemaVersion).toMatchObject({ id: published.version.id, status: 'served', approvedBy: 'officer.qian', decisionReason: 'weather is not personal' });
    expect(Date.parse(approved.body.data.approveSchemaVersion.approvedAt)).toBeGreaterThan(Date.now() - 60_000);
    const again = await registry(tokens['officer.qian'], 'mutation Approve($id: ID!) { approveSchemaVersion(id: $id) { id } }', { id: published.version.id });
    expect(codeOf(again)).toBe('CONFLICT');
    const served = await registry(tokens['steward.police'], '{ servedSupergraph { version } subgraph(name: "police") { versions { id status } } }');
    expect(served.body.data.servedSupergraph.version).toBe(3);
    expect(served.body.data.subgraph.versions.map((version: any) => version.status)).toEqual(['served', 'refused', 'superseded', 'superseded']);
  });

  test('the officer rolls back; the history shows it', async () => {
    const rolled = await registry(tokens['officer.qian'], 'mutation { rollbackSupergraph(version: 1) { version reason acceptedBy } }');
    expect(rolled.body.data.rollbackSupergraph).toMatchObject({ version: 4, acceptedBy: 'officer.qian' });
    const history = await registry(tokens['officer.qian'], '{ supergraphs(limit: 2) { version reason } subgraph(name: "police") { servedVersion { publishedBy } } }');
    expect(history.body.data.supergraphs.map((supergraph: any) => supergraph.version)).toEqual([4, 3]);
    expect(history.body.data.subgraph.servedVersion.publishedBy).toBe('seed');
    expect(codeOf(await registry(tokens['officer.qian'], '{ supergraphs(limit: 0) { version } }'))).toBe('BAD_USER_INPUT');
    expect(codeOf(await registry(tokens['officer.qian'], 'mutation { rejectSchemaVersion(id: "1", reason: "  ") { id } }'))).toBe('BAD_USER_INPUT');
  });

  test('bad requests are JSON with a code, never a stack or SQL', async () => {
    const syntax = await registry(tokens['officer.qian'], '{ subgraphs { name ');
    expect(codeOf(syntax)).toBe('GRAPHQL_PARSE_FAILED');
    const unknown = await registry(tokens['officer.qian'], '{ nope }');
    expect(codeOf(unknown)).toBe('GRAPHQL_VALIDATION_FAILED');
    const notJson = await fetch(`${system.gateway.url}/registry/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens['officer.qian']}` },
      body: '{"query": ',
    });
    expect(notJson.status).toBe(400);
    const text = await notJson.text();
    expect(JSON.parse(text).errors[0].extensions.code).toBe('BAD_REQUEST');
    const huge = await fetch(`${system.gateway.url}/registry/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens['police-publisher']}` },
      body: JSON.stringify({ query: PUBLISH, variables: { name: 'police', sdl: `# ${'x'.repeat(2_000_000)}\n${POLICE_SDL}` } }),
    });
    expect(huge.status).toBe(413);
    const hugeBody = (await huge.json()) as Answer['body'] & { errors: { extensions: { auditRecordId?: string } }[] };
    expect(hugeBody.errors[0]!.extensions).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    // Refused at the door, and audited naming the publisher.
    const [door] = await system.audit.db.query<{ record: any }>('SELECT record FROM audit_events WHERE id = $1', [hugeBody.errors[0]!.extensions.auditRecordId]);
    expect(door!.record).toMatchObject({ outcome: 'refused', errorCodes: ['PAYLOAD_TOO_LARGE'], user: { username: 'service-account-police-publisher' } });
    const bad = await registry(tokens['police-publisher'], PUBLISH, { name: 'police', sdl: POLICE_SDL, url: 'javascript:alert(1)' });
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
    for (const answer of [syntax, unknown, bad]) expect(JSON.stringify(answer.body)).not.toMatch(/at .*\.ts:|SELECT |node_modules/);
  });
});

test('the registry database unreachable: 503 REGISTRY_UNAVAILABLE, no address or SQL; the attempt still audited', async () => {
  // The real router, verifier and audit trail, over a registry database nobody listens for.
  const deadDb = openDatabase({ connectionString: 'postgres://postgres@127.0.0.1:1/gone', name: 'dead-registry', onError: () => undefined });
  const trail = createAuditTrail(system.audit.writer, { subjectKey: DEVELOPMENT_AUDIT_SUBJECT_KEY, policyRevision: policyRevision() });
  const verifier = createTokenVerifier({ issuer: system.identityProvider.issuer, audience: 'govgraph-gateway' });
  const { router, stop } = await createRegistryRouter({ registry: createRegistry({ db: deadDb }), verifier, trail });
  const app = express();
  app.use('/registry/graphql', router);
  const server = await listen(app, 0, '127.0.0.1');
  try {
    for (const [token, query, variables] of [
      [tokens['officer.qian']!, 'query Down { servedSupergraph { version } }', {}],
      [tokens['police-publisher']!, PUBLISH, { name: 'police', sdl: POLICE_SDL }],
    ] as const) {
      const response = await fetch(`${server.url}/registry/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      });
      const text = await response.text();
      expect(response.status).toBe(503);
      expect(JSON.parse(text).errors[0].extensions.code).toBe('REGISTRY_UNAVAILABLE');
      expect(text).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|SELECT|\.ts:/);
    }
    const [record] = await system.audit.db.query<{ record: any }>(
      "SELECT record FROM audit_events WHERE record->'operation'->>'name' = 'Down' ORDER BY record->>'time' DESC LIMIT 1",
    );
    expect(record!.record).toMatchObject({ errorCodes: ['REGISTRY_UNAVAILABLE'], user: { username: 'officer.qian' } });
  } finally {
    await server.close();
    await stop();
    await deadDb.close();
  }
});

describe('npm run registry', () => {
  const police = { GOVGRAPH_CLIENT_ID: 'police-publisher', GOVGRAPH_CLIENT_SECRET: 'demo' };

  test('check: 0 when it passes, 1 on a blocking finding (naming the operation), 3 when it would wait for approval', async () => {
    const passes = await cli(['check', 'police', '--schema', await schemaFile('same.graphql', POLICE_SDL)], police);
    expect(passes.stderr).toBe('');
    expect(passes.code).toBe(0);
    expect(passes.stdout).toMatch(/PASSES/);

    const breaking = await cli(['check', 'police', '--schema', await schemaFile('nophone.graphql', policeWith('  phone: String! @sensitive(kind: "PHONE")\n', ''))], police);
    expect(breaking.code).toBe(1);
    expect(breaking.stdout).toMatch(/✗ BLOCKING \[breaking-change\] Person.phone:/);
    expect(breaking.stdout).toMatch(/- VictimPhone \[[0-9a-f]{12}…\] 1× under fraud-investigation from govgraph-cli/);

    const waits = await cli(
      ['check', 'police', '--schema', await schemaFile('weather2.graphql', policeWith('  chemical: String!\n', '  chemical: String!\n  issuingOffice: String @notPersonal(reason: "an office")\n'))],
      police,
    );
    expect(waits.code).toBe(3);
    expect(waits.stdout).toMatch(/! APPROVAL \[purpose-coverage\] PrecursorPermit.issuingOffice/);
  });

  test('publish: served (0) and refused (1); nothing stored by check', async () => {
    const before = (await loadServedSupergraph(system.registry.db))!.version;
    const sdl = policeWith('  ethnicity: String!\n', '  ethnicity: String! @deprecated(reason: "not collected any more")\n');
    const published = await cli(['publish', 'police', '--schema', await schemaFile('deprecated.graphql', sdl)], police);
    expect(published.code).toBe(0);
    expect(published.stdout).toMatch(new RegExp(`is served: supergraph version ${before + 1}`));
    const refused = await cli(['publish', 'police', '--schema', await schemaFile('unclassified.graphql', policeWith(INCIDENT_CATEGORY, '  category: String!\n  weather: String\n  district: String!\n  location'))], police);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/\[classification\] Incident.weather/);
    expect(refused.stdout).toMatch(/is refused/);
    expect((await loadServedSupergraph(system.registry.db))!.version).toBe(before + 1);
  });

  test('2: usage, a wrong secret, another agency, a missing file, an unreachable gateway', async () => {
    const file = await schemaFile('police.graphql', POLICE_SDL);
    const usage = await cli(['publish', '--schema', file], police);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/no subgraph named\nusage: npm run registry/);
    const wrongSecret = await cli(['check', 'police', '--schema', file], { ...police, GOVGRAPH_CLIENT_SECRET: 'guess' });
    expect(wrongSecret.code).toBe(2);
    expect(wrongSecret.stderr).toMatch(/refused the token request for police-publisher/);
    const court = await cli(['publish', 'police', '--schema', file], { GOVGRAPH_CLIENT_ID: 'court-publisher', GOVGRAPH_CLIENT_SECRET: 'demo' });
    expect(court.code).toBe(2);
    expect(court.stderr).toMatch(/FORBIDDEN: an agency publishes only its own subgraph/);
    const missing = await cli(['check', 'police', '--schema', path.join(workdir, 'missing.graphql')], police);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/Cannot read the schema file .*ENOENT/);
    const noCredentials = await cli(['check', 'police', '--schema', file], {});
    expect(noCredentials.code).toBe(2);
    expect(noCredentials.stderr).toMatch(/GOVGRAPH_CLIENT_ID: is required/);
    const unreachable = await cli(['check', 'police', '--schema', file], { ...police, GOVGRAPH_URL: 'http://127.0.0.1:1' });
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr).toMatch(/UNREACHABLE: The gateway at http:\/\/127.0.0.1:1\/registry\/graphql cannot be reached/);
  });
});
