import { startGateway, type RunningGateway } from '../../gateway/server';
import { loadSupergraphSdl } from '../../gateway/supergraph';
import { registryFeed } from '../../gateway/supergraphSource';
import { reportOf } from '../../registry/checks/report';
import { registryDatabaseName } from '../../registry/registryDatabase';
import { inRegistryTransaction, insertSupergraph, insertVersion, supergraphByVersion, versionsByIds } from '../../registry/registryStore';
import { EXAMPLE_CASE_REF, EXAMPLE_QUERY } from '../../runtime/banner';
import { databaseUrl } from '../../runtime/databases';
import { DEVELOPMENT_AUDIT_SUBJECT_KEY, DEVELOPMENT_PSEUDONYM_KEY } from '../../runtime/developmentKeys';
import type { RunningSystem } from '../../runtime/system';
import { composeSubgraphs } from '../../schema/compose';
import { SUBGRAPHS } from '../../subgraphs/agencies';
import { openDatabase, type Database } from '../../subgraphs/kit/database';
import { passwordToken } from '../identity/tokenEndpoint';
import { dropSystemDatabases, testServerUrl } from '../support/agencyDatabases';
import { startTestSystem } from '../support/testSystem';

/**
 * Hot reload of the served supergraph (issue 12 item 4) on a real system: the registry's database, its
 * NOTIFY, the gateway's poll. Supergraphs are put in the registry with its own store functions (the same
 * ones a publish ends in), so these tests exercise the gateway's side: what it switches to, when, and what
 * it refuses to serve.
 */
const prefix = `gg_hotreload_${process.pid}`;
let system: RunningSystem;
let owner: Database;
let mediator: string;
let investigator: string;

beforeAll(async () => {
  system = await startTestSystem(prefix);
  // The test's own connection, as the registry's owner would have: it survives the outage test's cut.
  owner = openDatabase({ connectionString: databaseUrl(testServerUrl(), 'postgres'), name: 'test-owner', onError: () => undefined });
  mediator = await passwordToken(system.identityProvider.issuer, 'mediator.wang');
  investigator = await passwordToken(system.identityProvider.issuer, 'investigator.li');
}, 120_000);

afterAll(async () => {
  await owner?.query(`ALTER DATABASE ${registryDatabaseName(prefix)} ALLOW_CONNECTIONS true`).catch(() => undefined);
  await owner?.close();
  await system?.stop();
  await dropSystemDatabases(prefix);
});

interface Readiness {
  status: string;
  supergraph: { version: number | null; source: string; acceptedAt: string | null; refused: { version: number; reason: string }[] };
}

async function readiness(gatewayUrl: string): Promise<Readiness> {
  return (await (await fetch(`${gatewayUrl}/readyz`)).json()) as Readiness;
}

async function waitFor<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * A new served supergraph whose petitions subgraph is `edit`ed, recorded as the registry records an accepted
 * publish (a subgraph version, then the supergraph composed from it). `notify: false` commits it without the
 * NOTIFY, as if the notification were lost with its connection.
 */
async function serveEditedPetitions(edit: (sdl: string) => string, options: { notify?: boolean; compose?: boolean } = {}): Promise<number> {
  const db = system.registry.db;
  // Edits build on what the gateway serves, not on the latest row (which may be one it refused).
  const base = (await readiness(system.gateway.url)).supergraph.version!;
  return inRegistryTransaction(db, async (tx) => {
    const current = (await supergraphByVersion(tx, base))!;
    const versions = await versionsByIds(tx, Object.values(current.subgraphVersions));
    const petitions = versions.find((version) => version.subgraph === 'petitions')!;
    const edited = await insertVersion(tx, { subgraph: 'petitions', sdl: edit(petitions.sdl), url: petitions.url, publishedBy: 'test', decision: 'accepted', report: reportOf([]) });
    let supergraphSdl = edit(current.supergraphSdl);
    if (options.compose ?? true) {
      const composed = composeSubgraphs(versions.map((version) => (version.subgraph === 'petitions' ? { name: 'petitions', url: edited.url, sdl: edited.sdl } : { name: version.subgraph, url: version.url, sdl: version.sdl })));
      if (!composed.supergraphSdl) throw new Error(`test supergraph does not compose: ${JSON.stringify(composed.errors)}`);
      supergraphSdl = composed.supergraphSdl;
    }
    const record = { supergraphSdl, subgraphVersions: { ...current.subgraphVersions, petitions: edited.id }, subgraphUrls: current.subgraphUrls, acceptedBy: 'test', reason: 'test edit' };
    if (options.notify ?? true) return (await insertSupergraph(tx, record)).version;
    const [row] = await tx.query<{ version: number }>(
      `INSERT INTO supergraphs (version, supergraph_sdl, subgraph_versions, subgraph_urls, accepted_by, reason)
       SELECT coalesce(max(version), 0) + 1, $1, $2, $3, $4, $5 FROM supergraphs RETURNING version`,
      [record.supergraphSdl, JSON.stringify(record.subgraphVersions), JSON.stringify(record.subgraphUrls), record.acceptedBy, record.reason],
    );
    return row!.version;
  });
}

/** A compatible change: a new, described field on Petition (nobody asks for it yet). */
function withNewPetitionField(name: string) {
  return (sdl: string) => sdl.replace(/type Petition @key\(fields: "id"\) \{/, (head) => `${head}\n  "Added by the hot-reload test."\n  ${name}: String`);
}

interface Outcome {
  ok: boolean;
  status: number;
  codes: string[];
  finishedAt: number;
}

const MIX = () => [
  { token: mediator, purpose: 'dispute-resolution', caseRef: EXAMPLE_CASE_REF, query: EXAMPLE_QUERY, expect: (data: any) => data?.person?.petitions?.length > 0 },
  {
    token: investigator,
    purpose: 'fraud-investigation',
    caseRef: 'DZ-2025-00000001',
    query: '{ fraudCase(id: "DZ-2025-00000001") { id victim { name } payeeAccounts { accountNumber holder { ... on Person { name } } } } }',
    expect: (data: any) => data?.fraudCase?.payeeAccounts?.length > 0,
  },
  {
    token: mediator,
    purpose: 'dispute-resolution',
    caseRef: EXAMPLE_CASE_REF,
    query: '{ petition(id: "XF-2025-330110-000001") { id category status } }',
    expect: (data: any) => data?.petition?.id === 'XF-2025-330110-000001',
  },
];

/** `clients` loops asking the mix until `stop()`: every answer must be whole (its data, no error). */
function load(graphqlUrl: string, clients: number) {
  const outcomes: Outcome[] = [];
  let running = true;
  const mix = MIX();
  const loops = Array.from({ length: clients }, async (_, client) => {
    for (let round = 0; running; round += 1) {
      const { token, purpose, caseRef, query, expect: whole } = mix[(client + round) % mix.length]!;
      try {
        const response = await fetch(graphqlUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-purpose': purpose, 'x-case-ref': caseRef },
          body: JSON.stringify({ query }),
        });
        const body = (await response.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
        const codes = (body.errors ?? []).map((error) => String(error.extensions?.code));
        outcomes.push({ ok: response.status === 200 && codes.length === 0 && whole(body.data), status: response.status, codes, finishedAt: Date.now() });
      } catch (error) {
        outcomes.push({ ok: false, status: 0, codes: [(error as Error).message], finishedAt: Date.now() });
      }
    }
  });
  return {
    outcomes,
    stop: async () => {
      running = false;
      await Promise.all(loops);
      return outcomes;
    },
  };
}

async function petitionFields(graphqlUrl: string): Promise<string[]> {
  const response = await fetch(graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${mediator}`, 'x-purpose': 'dispute-resolution', 'x-case-ref': EXAMPLE_CASE_REF },
    body: JSON.stringify({ query: '{ __type(name: "Petition") { fields { name } } }' }),
  });
  const body = (await response.json()) as { data?: { __type: { fields: { name: string }[] } } };
  return body.data?.__type.fields.map((field) => field.name) ?? [];
}

it('serves the registry version at start-up and says so on /readyz', async () => {
  const ready = await readiness(system.gateway.url);
  expect(ready.status).toBe('ready');
  expect(ready.supergraph).toMatchObject({ version: 1, source: 'registry', refused: [] });
  expect(new Date(ready.supergraph.acceptedAt!).getTime()).toBeGreaterThan(Date.now() - 10 * 60_000);
});

it('switches to a compatible change within seconds under 24 concurrent clients, with zero failed requests', async () => {
  const running = load(system.gateway.graphqlUrl, 24);
  // Under way first (every client answered at least once), however slow the machine is today.
  await waitFor(async () => running.outcomes.length, (count) => count >= 24, 30_000);
  const publishedAt = Date.now();
  const version = await serveEditedPetitions(withNewPetitionField('hotReloadMarker'));
  const switched = await waitFor(() => readiness(system.gateway.url), (ready) => ready.supergraph.version === version, 10_000);
  const switchedAt = Date.now();
  // Keep the load on across the switch and after it (every client answered again), then look at every answer.
  await waitFor(async () => running.outcomes.filter((outcome) => outcome.finishedAt > switchedAt).length, (count) => count >= 24, 30_000);
  const outcomes = await running.stop();
  console.log(
    `hot reload: version ${version} served ${switchedAt - publishedAt} ms after it was committed (NOTIFY); ${outcomes.length} requests, ` +
      `${outcomes.filter((o) => o.finishedAt >= publishedAt && o.finishedAt <= switchedAt).length} finished during the switch`,
  );
  expect(switched.supergraph.source).toBe('registry');
  expect(outcomes.filter((outcome) => !outcome.ok)).toEqual([]);
  expect(outcomes.filter((outcome) => outcome.finishedAt < publishedAt).length).toBeGreaterThan(0);
  expect(outcomes.filter((outcome) => outcome.finishedAt > switchedAt).length).toBeGreaterThan(0);
  // The new field is in the served graph (the purpose covers Petition): the new schema answers.
  expect(await petitionFields(system.gateway.graphqlUrl)).toContain('hotReloadMarker');
}, 90_000);

it('picks up a supergraph whose NOTIFY was lost by polling', async () => {
  const version = await serveEditedPetitions(withNewPetitionField('polledMarker'), { notify: false });
  const started = Date.now();
  await waitFor(() => readiness(system.gateway.url), (ready) => ready.supergraph.version === version, 12_000);
  expect(Date.now() - started).toBeLessThan(12_000);
  expect(await petitionFields(system.gateway.graphqlUrl)).toContain('polledMarker');
}, 30_000);

it('never serves a supergraph whose policy graph does not build, nor one that is not a supergraph, and keeps the last good one', async () => {
  const before = (await readiness(system.gateway.url)).supergraph.version!;
  // An unknown kind: composition passes (the kind is a string), the policy graph refuses it.
  const badKind = await serveEditedPetitions(
    (sdl) => sdl.replace(/type Petition @key\(fields: "id"\) \{/, (head) => `${head}\n  badlyClassified: String @sensitive(kind: "PHONEE")`),
  );
  await system.gateway.refreshSupergraph();
  let ready = await readiness(system.gateway.url);
  expect(ready.supergraph.version).toBe(before);
  expect(ready.supergraph.refused).toEqual([expect.objectContaining({ version: badKind, reason: expect.stringContaining('PHONEE') })]);

  const broken = await serveEditedPetitions(() => 'type Query { nothing: Int }', { compose: false });
  await system.gateway.refreshSupergraph();
  ready = await readiness(system.gateway.url);
  expect(ready.supergraph.version).toBe(before);
  expect(ready.supergraph.refused.map((refusal) => refusal.version)).toEqual([badKind, broken]);
  expect(await petitionFields(system.gateway.graphqlUrl)).not.toContain('badlyClassified');

  // The last good graph still answers, whole.
  const outcomes = await runRound(system.gateway.graphqlUrl);
  expect(outcomes.filter((outcome) => !outcome.ok)).toEqual([]);

  // A good version after the refused ones is served again.
  const good = await serveEditedPetitions(withNewPetitionField('afterRefusals'));
  await waitFor(() => readiness(system.gateway.url), (r) => r.supergraph.version === good, 10_000);
}, 60_000);

async function runRound(graphqlUrl: string): Promise<Outcome[]> {
  const running = load(graphqlUrl, 6);
  await new Promise((resolve) => setTimeout(resolve, 500));
  return running.stop();
}

/** The registry's database refuses every connection, as a registry that is down does. */
async function cutRegistry(): Promise<void> {
  const name = registryDatabaseName(prefix);
  await owner.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
  await owner.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
}

async function restoreRegistry(): Promise<void> {
  await owner.query(`ALTER DATABASE ${registryDatabaseName(prefix)} ALLOW_CONNECTIONS true`);
}

it('keeps serving the last good supergraph while the registry is down, and follows it again once it is back', async () => {
  const before = (await readiness(system.gateway.url)).supergraph.version!;
  await cutRegistry();
  try {
    // Past a poll or two with the registry refusing connections: still ready, same version, every answer whole.
    const running = load(system.gateway.graphqlUrl, 8);
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    const outcomes = await running.stop();
    expect(outcomes.length).toBeGreaterThan(0);
    expect(outcomes.filter((outcome) => !outcome.ok)).toEqual([]);
    expect((await readiness(system.gateway.url)).supergraph).toMatchObject({ version: before, source: 'registry' });
  } finally {
    await restoreRegistry();
  }
  const version = await serveEditedPetitions(withNewPetitionField('afterOutage'));
  await waitFor(() => readiness(system.gateway.url), (ready) => ready.supergraph.version === version, 15_000);
}, 60_000);

describe('a gateway starting while the registry is down', () => {
  let second: RunningGateway | undefined;
  let registry: Database | undefined;

  afterAll(async () => {
    await second?.close();
    await registry?.close();
    await restoreRegistry();
  });

  it('starts on the checked-in supergraph, answers, and moves to the registry version once it answers', async () => {
    await cutRegistry();
    registry = openDatabase({ connectionString: databaseUrl(testServerUrl(), registryDatabaseName(prefix)), name: 'second-registry', onError: () => undefined });
    const lines: string[] = [];
    second = await startGateway({
      supergraphSdl: loadSupergraphSdl(),
      supergraphFeed: { feed: registryFeed(registry), pollIntervalMs: 500 },
      log: (line) => lines.push(line),
      subgraphUrls: Object.fromEntries(SUBGRAPHS.map((name) => [name, system.subgraphs[name].graphqlUrl])),
      subgraphTimeoutMs: 5_000,
      port: 0,
      host: '127.0.0.1',
      identity: { issuer: system.identityProvider.issuer, audience: 'govgraph-gateway' },
      accessContextSigner: system.accessContextSigner,
      pseudonymKey: DEVELOPMENT_PSEUDONYM_KEY,
      audit: { writer: system.audit.writer, subjectKey: DEVELOPMENT_AUDIT_SUBJECT_KEY },
    });
    expect((await readiness(second.url)).supergraph).toMatchObject({ version: null, source: 'checked-in' });
    expect(lines.join('\n')).toMatch(/registry cannot be reached .*checked-in supergraph/);
    const outcomes = await runRound(second.graphqlUrl);
    expect(outcomes.length).toBeGreaterThan(0);
    expect(outcomes.filter((outcome) => !outcome.ok)).toEqual([]);

    await restoreRegistry();
    const served = (await system.registry.db.query<{ version: number }>('SELECT max(version)::int AS version FROM supergraphs'))[0]!.version;
    await waitFor(() => readiness(second!.url), (ready) => ready.supergraph.version === served, 15_000);
    expect(await petitionFields(second.graphqlUrl)).toContain('afterOutage');
  }, 60_000);
});
