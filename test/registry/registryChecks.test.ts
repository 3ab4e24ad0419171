import { readFileSync } from 'node:fs';
import path from 'node:path';
import { getNamedType, isObjectType } from 'graphql';
import { loadSupergraphSdl } from '../../gateway/supergraph';
import { openAuditReader } from '../../registry/auditReader';
import { createRegistry, type Registry } from '../../registry/registry';
import { servedSupergraphRecord, versionById, versionsByIds } from '../../registry/registryStore';
import { loadServedSupergraph } from '../../registry/servedSupergraph';
import type { CheckReport, Finding } from '../../registry/checks/report';
import type { RunningSystem } from '../../runtime/system';
import { openDatabase, type Database } from '../../subgraphs/kit/database';
import { apiSchemaOf } from '../../schema/apiSchema';
import { passwordToken } from '../identity/tokenEndpoint';
import { dropSystemDatabases } from '../support/agencyDatabases';
import { startTestSystem } from '../support/testSystem';

/**
 * The registry's checks and workflow (registry/registry.ts) on a whole running system: the operations it
 * judges a change by are the ones this test runs through the gateway first, as real users with real
 * tokens, and reads back from the real audit log. The HTTP API and its authorisation: registryApi.test.ts.
 */
const prefix = `gg_regchecks_${process.pid}`;
const POLICE_SDL = readFileSync(path.join(__dirname, '..', '..', 'subgraphs', 'police', 'schema.graphql'), 'utf8');
const COURT_SDL = readFileSync(path.join(__dirname, '..', '..', 'subgraphs', 'court', 'schema.graphql'), 'utf8');
const MARKET_SDL = readFileSync(path.join(__dirname, '..', '..', 'subgraphs', 'market', 'schema.graphql'), 'utf8');
const WANG = '330110197803150018';
const LI_FRAUD_CASE = 'DZ-2025-00000001';
let system: RunningSystem;
let registry: Registry;
let auditReader: Database;

/** The police SDL served now: each accepted police version in these tests becomes the base of the next. */
let police = POLICE_SDL;

/** The served police SDL with one line replaced (the line must be there: a test that edits nothing proves nothing). */
function policeWith(line: string, replacement: string): string {
  if (!police.includes(line)) throw new Error(`police SDL has no line ${line}`);
  return police.replace(line, replacement);
}

const PERMIT_DISTRICT = '  validUntil: String!\n  district: String!\n  "The permit holder';
const INCIDENT_CATEGORY = '  category: String!\n  district: String!\n  location';

async function ask(username: string, purpose: string, caseRef: string | undefined, query: string, variables?: Record<string, unknown>) {
  const token = await passwordToken(system.identityProvider.issuer, username);
  const response = await fetch(system.gateway.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-purpose': purpose, ...(caseRef ? { 'x-case-ref': caseRef } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: any; errors?: unknown[] };
  expect(body.errors).toBeUndefined();
  return body;
}

const blocking = (report: CheckReport) => report.findings.filter((finding) => finding.severity === 'blocking');
const byCheck = (report: CheckReport, check: Finding['check']) => report.findings.filter((finding) => finding.check === check);

beforeAll(async () => {
  system = await startTestSystem(prefix);
  auditReader = openAuditReader(auditUrl(), () => undefined);
  registry = createRegistry({ db: system.registry.db, auditReader, agreements: system.agreements.db });
  // The operations the checks must find: a variable, an alias inside a fragment, and a plain literal.
  await ask('investigator.li', 'fraud-investigation', LI_FRAUD_CASE, 'query Desk($id: ID!) { fraudCase(id: $id) { id modus victim { name phone } } }', { id: LI_FRAUD_CASE });
  await ask(
    'investigator.li',
    'fraud-investigation',
    LI_FRAUD_CASE,
    'query Hidden { fraudCase(id: "DZ-2025-00000001") { victim { ...Reach } } } fragment Reach on Person { tel: phone }',
  );
  await ask('mediator.wang', 'dispute-resolution', 'TJ-2025-330110-00001', `query Card { person(idNumber: "${WANG}") { name district } }`);
}, 120_000);

afterAll(async () => {
  await auditReader?.close();
  await system?.stop();
  await dropSystemDatabases(prefix);
});

function auditUrl(): string {
  const url = new URL(process.env.GOVGRAPH_TEST_SERVER_URL!);
  url.pathname = `/${prefix}_audit`;
  return url.toString();
}

test('removing a field recorded operations use is refused, naming them (a variable, a fragment with an alias), with their purposes and application', async () => {
  const before = (await loadServedSupergraph(system.registry.db))!.version;
  const sdl = policeWith('  phone: String! @sensitive(kind: "PHONE")\n', '');
  const report = await registry.check('police', sdl, undefined);
  expect(report.blocking).toBe(true);
  const removal = byCheck(report, 'breaking-change').find((finding) => finding.coordinate === 'Person.phone')!;
  expect(removal.severity).toBe('blocking');
  expect(removal.message).toMatch(/Field 'phone' was removed from object type 'Person'/);
  expect(removal.fix).toBeTruthy();
  const names = removal.operations!.map((operation) => operation.name).sort();
  expect(names).toEqual(['Desk', 'Hidden']);
  for (const operation of removal.operations!) {
    expect(operation.purposes).toEqual(['fraud-investigation']);
    expect(operation.applications).toEqual(['govgraph-cli']);
    expect(operation.count).toBeGreaterThanOrEqual(1);
    expect(operation.documentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(Date.parse(operation.lastSeen)).toBeGreaterThan(Date.now() - 600_000);
  }
  // The card asked for name and district only: not named.
  expect(names).not.toContain('Card');

  const published = await registry.publish('police', sdl, undefined, 'service-account-police-publisher');
  expect(published.accepted).toBe(false);
  expect(published.version.decision).toBe('refused');
  expect(published.supergraph).toBeNull();
  expect((await loadServedSupergraph(system.registry.db))!.version).toBe(before);
  expect((await versionById(system.registry.db, published.version.id))!.report.blocking).toBe(true);
});

test('changing the type of a field an operation selects also blocks, even where the document still validates', async () => {
  const report = await registry.check('police', policeWith('  modus: String!\n', '  modus: Int!\n'), undefined);
  // Composition may or may not accept the change; whatever it says, it must not pass.
  expect(report.blocking).toBe(true);
  const change = report.findings.find((finding) => finding.coordinate === 'FraudCase.modus' && finding.severity === 'blocking');
  expect(change).toBeDefined();
});

test('an unclassified new field is refused; so are a field marked both ways and an unknown kind', async () => {
  const unmarked = await registry.check('police', policeWith(INCIDENT_CATEGORY, '  category: String!\n  weather: String\n  district: String!\n  location'), undefined);
  expect(blocking(unmarked).map((finding) => [finding.check, finding.coordinate])).toEqual([['classification', 'Incident.weather']]);
  expect(blocking(unmarked)[0]!.fix).toMatch(/@sensitive\(kind:.*@notPersonal\(reason:/);

  const both = await registry.check(
    'police',
    policeWith('  ethnicity: String!\n', '  ethnicity: String!\n  nickname: String @sensitive(kind: "PERSON_NAME") @notPersonal(reason: "a nickname")\n'),
    undefined,
  );
  expect(blocking(both).map((finding) => finding.check)).toContain('classification');

  const unknown = await registry.check('police', policeWith('  ethnicity: String!\n', '  ethnicity: String!\n  shoeSize: Int @sensitive(kind: "SHOE_SIZE")\n'), undefined);
  expect(blocking(unknown).map((finding) => finding.check)).toEqual(['policy-graph']);
  expect(blocking(unknown)[0]!.message).toMatch(/SHOE_SIZE/);

  // An existing unclassified field whose type changes is a changed field: it must be classified too.
  const retyped = await registry.check('police', policeWith('  ethnicity: String!\n', '  ethnicity: String\n'), undefined);
  expect(byCheck(retyped, 'classification').map((finding) => finding.coordinate)).toEqual(['Person.ethnicity']);
});

test('a privacy mark that does not reach the supergraph (a look-alike @sensitive of its own) blocks, for every field it strips', async () => {
  // The raw market SDL with its own @sensitive definition: the registry then adds no privacy contract, and
  // every mark stays in the subgraph, out of the supergraph — the gateway would see those fields unclassified.
  const lookalike = `directive @sensitive(kind: String!) on FIELD_DEFINITION\n${MARKET_SDL}`;
  const report = await registry.check('market', lookalike, undefined);
  const lost = blocking(report).filter((finding) => finding.check === 'classification');
  // ConsumerComplaint.content is market's own FREE_TEXT; Person.idNumber keeps its police classification.
  expect(lost.map((finding) => finding.coordinate)).toEqual(['ConsumerComplaint.content']);
  expect(lost[0]!.message).toMatch(/classified FREE_TEXT in the served graph and not at all in the candidate.*lost in composition/);
  // The police the same way: every mark the police own is reported, the person's phone among them.
  const police = await registry.check('police', `directive @sensitive(kind: String!) on FIELD_DEFINITION\n${POLICE_SDL}`, undefined);
  expect(byCheck(police, 'classification').map((finding) => finding.coordinate)).toEqual(expect.arrayContaining(['Person.phone', 'Person.name', 'Incident.summary']));
});

test("an agency cannot take over another agency's field with @override, under any name", async () => {
  const court = COURT_SDL.replace('import: ["@key", "@shareable", "@composeDirective"]', 'import: ["@key", "@shareable", "@composeDirective", { name: "@override", as: "@take" }]').replace(
    '  idNumber: ID! @sensitive(kind: "ID_NUMBER")\n  "Cases the person',
    '  idNumber: ID! @sensitive(kind: "ID_NUMBER")\n  name: String! @sensitive(kind: "PERSON_NAME") @take(from: "police")\n  "Cases the person',
  );
  expect(court).toContain('@take(from: "police")');
  const report = await registry.check('court', court, undefined);
  const takeover = blocking(report).find((finding) => finding.coordinate === 'Person.name')!;
  expect(takeover).toMatchObject({ check: 'composition', severity: 'blocking' });
  expect(takeover.message).toMatch(/takes the field over from police/);
});

test('reclassifying a field so that a purpose which refused it would see it masked waits for approval', async () => {
  const report = await registry.check('police', policeWith('  phone: String! @sensitive(kind: "PHONE")\n', '  phone: String! @sensitive(kind: "ADDRESS")\n'), undefined);
  expect(report.blocking).toBe(false);
  expect(report.needsApproval).toBe(true);
  const weakened = report.findings.find((finding) => finding.severity === 'approval' && finding.coordinate === 'Person.phone')!;
  expect(weakened.message).toMatch(/would be shown masked to .*litigation-source-governance \(district\).*which refused it before/);
  // fraud-investigation saw it in clear before and still does: that alone needs no approval.
  expect(weakened.message).not.toMatch(/fraud-investigation/);
});

test('an SDL that does not parse or compose is refused with the composition error, and nothing is served', async () => {
  const before = (await loadServedSupergraph(system.registry.db))!.version;
  const garbage = await registry.publish('police', 'type Person { idNumber: ', undefined, 'service-account-police-publisher');
  expect(garbage.accepted).toBe(false);
  expect(blocking(garbage.version.report)[0]!.check).toBe('composition');
  // Court declares Person.idNumber as Int: the graph cannot compose.
  const clash = await registry.check('court', COURT_SDL.replace(/type Person @key\(fields: "idNumber"\)[^{]*\{\n  idNumber: ID!/, (match) => match.replace('ID!', 'Int!')), undefined);
  expect(clash.blocking).toBe(true);
  expect(byCheck(clash, 'composition').length).toBeGreaterThan(0);
  expect((await loadServedSupergraph(system.registry.db))!.version).toBe(before);
});

test('a field the policies still name cannot be removed: the gateway could not build its policy graph', async () => {
  const report = await registry.check('police', policeWith('  ethnicity: String!\n', ''), undefined);
  const refusal = blocking(report).find((finding) => finding.check === 'policy-graph')!;
  expect(refusal.message).toMatch(/Person.ethnicity/);
  // Unused by any recorded operation, the removal itself is only a warning.
  expect(byCheck(report, 'breaking-change').find((finding) => finding.coordinate === 'Person.ethnicity')!.severity).toBe('warning');
});

test("a breaking change an agreement in force relies on blocks, naming the agreement, though the operation never ran", async () => {
  const report = await registry.check('police', policeWith('  quantityKg: Float!\n', ''), undefined);
  const agreed = blocking(report).filter((finding) => finding.check === 'operations');
  expect(agreed).toHaveLength(1);
  expect(agreed[0]!.coordinate).toBe('PrecursorPermit.quantityKg');
  expect(agreed[0]!.message).toMatch(/^The agreed operation PrecursorSupervision of agreement \S+ \(app-precursor, precursor-chemical-supervision, in force until \d{4}-/);
  // Not recorded in the audit log: as a breaking change alone it is only a warning.
  expect(byCheck(report, 'breaking-change').find((finding) => finding.coordinate === 'PrecursorPermit.quantityKg')!.severity).toBe('warning');
  // The agreements unreadable: the check fails closed.
  const dead = openDatabase({ connectionString: 'postgres://postgres@127.0.0.1:1/gone', name: 'dead-agreements', onError: () => undefined });
  try {
    const deaf = createRegistry({ db: system.registry.db, auditReader, agreements: dead });
    const closed = await deaf.check('police', POLICE_SDL, undefined);
    expect(blocking(closed).map((finding) => finding.message)).toEqual([expect.stringMatching(/^The agreements could not be read/)]);
  } finally {
    await dead.close();
  }
});

test('a breaking change no recorded or agreed operation uses is a warning, and the version is served', async () => {
  const before = (await loadServedSupergraph(system.registry.db))!;
  const sdl = policeWith(PERMIT_DISTRICT, '  validUntil: String!\n  "The permit holder');
  const published = await registry.publish('police', sdl, undefined, 'service-account-police-publisher');
  const removal = byCheck(published.version.report, 'breaking-change').find((finding) => finding.coordinate === 'PrecursorPermit.district')!;
  expect(removal.severity).toBe('warning');
  expect(removal.message).toMatch(/no operation recorded in the last 30 days uses it/);
  expect(published.version.report.blocking).toBe(false);
  expect(published.accepted).toBe(true);
  police = sdl;
  expect(published.supergraph!.version).toBe(before.version + 1);
  const served = (await loadServedSupergraph(system.registry.db))!;
  expect(served.version).toBe(before.version + 1);
  const permit = apiSchemaOf(served.supergraphSdl).getType('PrecursorPermit');
  expect(isObjectType(permit) && Object.keys(permit.getFields())).not.toContain('district');
  expect(isObjectType(permit) && Object.keys(permit.getFields())).toContain('quantityKg');
});

test('a compatible change (a deprecation) is served at once, with the other subgraphs as they were', async () => {
  const before = (await servedSupergraphRecord(system.registry.db))!;
  const sdl = policeWith('  district: String!\n  "Incidents', '  district: String! @deprecated(reason: "use registeredDistrict")\n  "Incidents');
  const published = await registry.publish('police', sdl, undefined, 'service-account-police-publisher');
  expect(published.version.report.blocking).toBe(false);
  expect(published.version.report.needsApproval).toBe(false);
  expect(published.accepted).toBe(true);
  police = sdl;
  const after = (await servedSupergraphRecord(system.registry.db))!;
  expect(after.version).toBe(before.version + 1);
  expect(after.subgraphVersions.police).toBe(published.version.id);
  for (const name of ['court', 'petitions', 'market', 'bank', 'audit']) expect(after.subgraphVersions[name]).toBe(before.subgraphVersions[name]);
  const person = apiSchemaOf(after.supergraphSdl).getType('Person');
  expect(isObjectType(person) && person.getFields().district!.deprecationReason).toBe('use registeredDistrict');
});

test('publishing the served version again stores nothing and reloads nothing', async () => {
  const before = (await servedSupergraphRecord(system.registry.db))!;
  const [count] = await system.registry.db.query<{ n: number }>('SELECT count(*)::int AS n FROM subgraph_versions');
  const again = await registry.publish('police', police, undefined, 'service-account-police-publisher');
  expect(again.accepted).toBe(true);
  expect(again.version.id).toBe(before.subgraphVersions.police);
  expect(again.supergraph!.version).toBe(before.version);
  expect((await servedSupergraphRecord(system.registry.db))!.version).toBe(before.version);
  const [after] = await system.registry.db.query<{ n: number }>('SELECT count(*)::int AS n FROM subgraph_versions');
  expect(after!.n).toBe(count!.n);
  // Another URL is a change: a new version, served.
  const moved = await registry.publish('police', police, 'http://police.internal:4001/graphql', 'service-account-police-publisher');
  expect(moved.version.id).not.toBe(before.subgraphVersions.police);
  expect(moved.supergraph!.version).toBe(before.version + 1);
  expect((await loadServedSupergraph(system.registry.db))!.subgraphUrls.police).toBe('http://police.internal:4001/graphql');
});

test('a new field some purpose would see in clear waits for the privacy officer, then is served; deciding twice conflicts', async () => {
  const before = (await loadServedSupergraph(system.registry.db))!.version;
  const sdl = policeWith(INCIDENT_CATEGORY, '  category: String!\n  "The weather at the time, as the report says."\n  weather: String @notPersonal(reason: "the weather is about no one")\n  district: String!\n  location');
  const published = await registry.publish('police', sdl, undefined, 'service-account-police-publisher');
  expect(published.accepted).toBe(false);
  expect(published.version.decision).toBe('awaiting-approval');
  expect(published.version.report.blocking).toBe(false);
  expect(published.version.report.needsApproval).toBe(true);
  const approval = published.version.report.findings.find((finding) => finding.severity === 'approval')!;
  expect(approval).toMatchObject({ check: 'purpose-coverage', coordinate: 'Incident.weather' });
  expect(approval.message).toMatch(/fraud-investigation/);
  // Purposes that mask or refuse it are listed too, as policy:explain would show them.
  const coverage = byCheck(published.version.report, 'purpose-coverage').filter((finding) => finding.severity === 'info');
  expect(coverage.find((finding) => finding.message.startsWith('audit-review'))!.message).toMatch(/be refused Incident.weather/);
  expect((await loadServedSupergraph(system.registry.db))!.version).toBe(before);

  const { version, supergraph } = await registry.approve(published.version.id, 'officer.qian', 'counts only');
  expect(version).toMatchObject({ decision: 'accepted', approvedBy: 'officer.qian', decisionReason: 'counts only' });
  expect(supergraph.version).toBe(before + 1);
  const served = (await loadServedSupergraph(system.registry.db))!;
  expect(served.version).toBe(before + 1);
  police = sdl;
  const incident = apiSchemaOf(served.supergraphSdl).getType('Incident');
  expect(isObjectType(incident) && getNamedType(incident.getFields().weather!.type).name).toBe('String');
  await expect(registry.approve(published.version.id, 'officer.qian', null)).rejects.toMatchObject({ code: 'CONFLICT' });
  await expect(registry.reject(published.version.id, 'officer.qian', 'too late')).rejects.toMatchObject({ code: 'CONFLICT' });
  await expect(registry.approve('999999', 'officer.qian', null)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  await expect(registry.approve('not-a-number', 'officer.qian', null)).rejects.toMatchObject({ code: 'NOT_FOUND' });
});

test('a rejected version is never served', async () => {
  const before = (await loadServedSupergraph(system.registry.db))!.version;
  const sdl = policeWith('  chemical: String!\n', '  chemical: String!\n  issuingOffice: String @notPersonal(reason: "an office, not a person")\n');
  const published = await registry.publish('police', sdl, undefined, 'service-account-police-publisher');
  expect(published.version.decision).toBe('awaiting-approval');
  const rejected = await registry.reject(published.version.id, 'officer.qian', 'the office names the officer');
  expect(rejected).toMatchObject({ decision: 'rejected', approvedBy: 'officer.qian', decisionReason: 'the office names the officer' });
  await expect(registry.approve(published.version.id, 'officer.qian', null)).rejects.toMatchObject({ code: 'CONFLICT' });
  expect((await loadServedSupergraph(system.registry.db))!.version).toBe(before);
});

test('concurrent publishes of two agencies are serialised: both versions are in the served supergraph', async () => {
  const before = (await servedSupergraphRecord(system.registry.db))!;
  const court = COURT_SDL.replace(/(\n  status: String!)/, '$1 @deprecated(reason: "court: use state")');
  const market = MARKET_SDL.replace(/(\n  status: String!)/, '$1 @deprecated(reason: "market: use state")');
  expect(court).not.toBe(COURT_SDL);
  expect(market).not.toBe(MARKET_SDL);
  const [a, b] = await Promise.all([
    registry.publish('court', court, undefined, 'service-account-court-publisher'),
    registry.publish('market', market, undefined, 'service-account-market-publisher'),
  ]);
  expect([a.accepted, b.accepted]).toEqual([true, true]);
  expect([a.supergraph!.version, b.supergraph!.version].sort()).toEqual([before.version + 1, before.version + 2]);
  const after = (await servedSupergraphRecord(system.registry.db))!;
  expect(after.subgraphVersions.court).toBe(a.version.id);
  expect(after.subgraphVersions.market).toBe(b.version.id);
  expect(after.supergraphSdl).toContain('court: use state');
  expect(after.supergraphSdl).toContain('market: use state');
});

test('rollback serves an earlier supergraph again as a new version; rolling back to the served one conflicts', async () => {
  const before = (await servedSupergraphRecord(system.registry.db))!;
  const rolled = await registry.rollback(1, 'officer.qian', 'back to the seed');
  expect(rolled.version).toBe(before.version + 1);
  expect(rolled.restoresVersion).toBe(1);
  expect(rolled.reason).toMatch(/rollback to version 1 by officer.qian: back to the seed/);
  const served = (await loadServedSupergraph(system.registry.db))!;
  const first = (await versionsByIds(system.registry.db, Object.values((await servedSupergraphRecord(system.registry.db))!.subgraphVersions)))!;
  expect(served.version).toBe(rolled.version);
  expect(served.supergraphSdl).toBe(loadSupergraphSdl());
  expect(first.every((version) => version.publishedBy === 'seed')).toBe(true);
  await expect(registry.rollback(rolled.version, 'officer.qian', null)).rejects.toMatchObject({ code: 'CONFLICT' });
  await expect(registry.rollback(10_000, 'officer.qian', null)).rejects.toMatchObject({ code: 'NOT_FOUND' });
});

test('when the audit log cannot be read the check fails closed', async () => {
  const deaf = createRegistry({ db: system.registry.db, auditReader: openAuditReader('postgres://postgres@127.0.0.1:1/none', () => undefined) });
  const report = await deaf.check('police', policeWith('  ethnicity: String!\n', ''), undefined);
  const unreadable = blocking(report).find((finding) => finding.check === 'operations')!;
  expect(unreadable.message).toMatch(/audit log could not be read/);
  expect(JSON.stringify(report)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED/);
  // What does not need the log is still reported.
  expect(byCheck(report, 'breaking-change').map((finding) => finding.coordinate)).toContain('Person.ethnicity');
  const none = createRegistry({ db: system.registry.db });
  expect((await none.check('police', POLICE_SDL, undefined)).blocking).toBe(true);
});

test('bad input: names, URLs, a new subgraph without a URL', async () => {
  await expect(registry.check('Police; DROP', POLICE_SDL, undefined)).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  await expect(registry.check('police', POLICE_SDL, 'file:///etc/passwd')).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  await expect(registry.check('police', POLICE_SDL, 'http://user:secret@police/graphql')).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  await expect(registry.check('mediation', 'type Query { x: Int @notPersonal(reason: "x") }', undefined)).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
});
