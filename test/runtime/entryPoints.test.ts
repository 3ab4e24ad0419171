import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { randomBytes } from 'node:crypto';
import { exportAccessContextKeyPair, generateAccessContextKeyPair } from '@govgraph/access-context';
import { createAccessContextSigner, ACCESS_CONTEXT_HEADER } from '@govgraph/access-context';
import { operationDigestOf } from '@govgraph/access-context';
import { generateCheckpointKeyPair } from '../../audit/checkpointKeys';
import { startDevIdentityProvider, type RunningDevIdentityProvider } from '../../identity/devIdentityProvider';
import pg from 'pg';
import { readFileSync } from 'node:fs';
import { fetchClientCredentialsToken } from '../../identity/tokenClient';
import { agencyRoleName, auditReaderRoleName, gatewayRoleName } from '../../runtime/databaseRoles';
import { databaseUrl, dropDatabase } from '../../runtime/databases';
import { freePort } from '../../runtime/freePort';
import { passwordToken } from '../identity/tokenEndpoint';
import { testServerUrl } from '../support/agencyDatabases';

/**
 * The entry points production runs, one process each: `bin/subgraph.ts <agency>` and `bin/gateway.ts`,
 * configured by environment variables only, refusing to start without their secrets.
 */
const ROOT = path.join(__dirname, '..', '..');
const prefix = `gg_entry_${process.pid}`;
const running: ChildProcess[] = [];
/** The passwords `npm run keys` would print; roles are server-wide, so they carry this file's prefix and are dropped. */
const rolePasswords = {
  POLICE_DB_PASSWORD: randomBytes(16).toString('hex'),
  GATEWAY_DB_PASSWORD: randomBytes(16).toString('hex'),
  AUDIT_READER_DB_PASSWORD: randomBytes(16).toString('hex'),
};
const ROLES = [agencyRoleName('police', prefix), gatewayRoleName(prefix), auditReaderRoleName(prefix)];

/** The test server's URL for database `name`, as `role`. */
function urlAs(role: string, password: string, name: string): string {
  const url = new URL(databaseUrl(testServerUrl(), name));
  url.username = role;
  url.password = password;
  return url.toString();
}

interface Started {
  process: ChildProcess;
  line: string;
}

/** Runs `bin/<script>`; resolves once it prints a line matching `ready`, rejects with its output if it exits first. */
function run(script: string, args: string[], env: Record<string, string>, ready: RegExp): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bin', script), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      output += `${line}\n`;
      if (ready.test(line)) resolve({ process: child, line });
    });
    child.once('exit', (code) => reject(Object.assign(new Error(`bin/${script} exited with ${code}`), { code, output })));
  });
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));
}

const accessKeys = generateAccessContextKeyPair();
const exported = exportAccessContextKeyPair(accessKeys);
let identityProvider: RunningDevIdentityProvider;

beforeAll(async () => {
  identityProvider = await startDevIdentityProvider({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await identityProvider?.close();
  await Promise.all(['police', 'audit', 'audit_witness', 'budgets', 'agreements', 'registry'].map((name) => dropDatabase(testServerUrl(), `${prefix}_${name}`)));
  const client = new pg.Client({ connectionString: testServerUrl() });
  await client.connect();
  for (const role of ROLES) await client.query(`DROP ROLE IF EXISTS ${client.escapeIdentifier(role)}`);
  await client.end();
});

it('the gateway refuses to start without its secrets, naming the variable and how to make it', async () => {
  const failure = await run('gateway.ts', [], { DATABASE_URL: testServerUrl() }, /never/).catch((error: { code: number; output: string }) => error);
  expect(failure).toMatchObject({ code: 1 });
  expect((failure as { output: string }).output).toMatch(/ACCESS_CONTEXT_PRIVATE_KEY: required/);
  expect((failure as { output: string }).output).not.toMatch(/at .*\.ts:\d+/);
});

it('a subgraph alone refuses an unknown name and lists the ones it serves', async () => {
  const failure = await run('subgraph.ts', ['prosecutor'], {}, /never/).catch((error: { code: number; output: string }) => error);
  expect(failure).toMatchObject({ code: 1 });
  expect((failure as { output: string }).output).toContain('<police|court|petitions|market|bank|audit>');
});

it('a subgraph and the gateway, each a process of its own and its own database role, answer together and stop on SIGTERM', async () => {
  // The owner's step: migrations, then the roles (bin/migrate.ts), before any service starts.
  const migrate = await run(
    'migrate.ts',
    ['police', 'audit', 'witness', 'budgets', 'agreements', 'registry', '--provision-roles'],
    { DATABASE_URL: testServerUrl(), DATABASE_PREFIX: prefix, ...rolePasswords },
    /roles provisioned for police, audit, witness, budgets, agreements, registry/,
  );
  expect(await exitOf(migrate.process)).toBe(0);

  const policePort = await freePort();
  const police = await run(
    'subgraph.ts',
    ['police'],
    {
      POLICE_DATABASE_URL: urlAs(agencyRoleName('police', prefix), rolePasswords.POLICE_DB_PASSWORD, `${prefix}_police`),
      PORT: String(policePort),
      ACCESS_CONTEXT_PUBLIC_KEYS: JSON.stringify(exported.publicJwks),
    },
    // The processes log JSON (packages/observability/logger.ts): their first line says where they listen.
    /"msg":"subgraph listening"/,
  );
  expect(JSON.parse(police.line)).toMatchObject({ level: 30, component: 'police', url: `http://127.0.0.1:${policePort}/graphql` });
  const policeUrl = `http://127.0.0.1:${policePort}/graphql`;
  expect((await fetch(`http://127.0.0.1:${policePort}/healthz`)).status).toBe(200);
  // around the gateway: refused
  const direct = await fetch(policeUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
  expect(direct.status).toBe(401);
  // with the gateway's signed context: served
  const signer = createAccessContextSigner({ privateKey: accessKeys.privateKey, keyId: accessKeys.keyId });
  const policeBody = JSON.stringify({ query: '{ person(idNumber: "330110197803150018") { name } }' });
  const context = await signer.sign(
    { user: 's', username: 'investigator.li', roles: ['police-investigator'], purpose: 'fraud-investigation', caseRef: 'DZ-1', requestId: 'r' },
    'police',
    operationDigestOf(policeBody),
  );
  const signed = await fetch(policeUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [ACCESS_CONTEXT_HEADER]: context },
    body: policeBody,
  });
  expect(await signed.json()).toEqual({ data: { person: null } });

  const gatewayPort = await freePort();
  const gateway = await run(
    'gateway.ts',
    [],
    {
      AUDIT_DATABASE_URL: urlAs(gatewayRoleName(prefix), rolePasswords.GATEWAY_DB_PASSWORD, `${prefix}_audit`),
      AUDIT_WITNESS_URL: urlAs(gatewayRoleName(prefix), rolePasswords.GATEWAY_DB_PASSWORD, `${prefix}_audit_witness`),
      BUDGET_DATABASE_URL: urlAs(gatewayRoleName(prefix), rolePasswords.GATEWAY_DB_PASSWORD, `${prefix}_budgets`),
      REGISTRY_DATABASE_URL: urlAs(gatewayRoleName(prefix), rolePasswords.GATEWAY_DB_PASSWORD, `${prefix}_registry`),
      AGREEMENTS_DATABASE_URL: urlAs(gatewayRoleName(prefix), rolePasswords.GATEWAY_DB_PASSWORD, `${prefix}_agreements`),
      PORT: String(gatewayPort),
      POLICE_URL: policeUrl,
      OIDC_ISSUER: identityProvider.issuer,
      ACCESS_CONTEXT_PRIVATE_KEY: exported.privateKeyPem,
      PSEUDONYM_KEY: randomBytes(32).toString('hex'),
      AUDIT_SUBJECT_KEY: randomBytes(32).toString('hex'),
      AUDIT_CHECKPOINT_KEY: generateCheckpointKeyPair().privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
      AUDIT_CHAIN_ID: 'entry-test',
    },
    /"msg":"gateway listening"/,
  );
  expect(JSON.parse(gateway.line)).toMatchObject({ level: 30, component: 'gateway', subgraphs: { police: policeUrl } });
  const token = await passwordToken(identityProvider.issuer, 'investigator.li');
  const answer = await fetch(`http://127.0.0.1:${gatewayPort}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
      // A purpose without a case: a case-bound one would be verified with agencies this test does not run.
      'x-purpose': 'precursor-chemical-supervision',
    },
    body: JSON.stringify({ query: '{ precursorPermit(permitNumber: "YZDG-330110-2025-0018") { permitNumber } }' }),
  });
  expect(answer.status).toBe(200);
  const body = (await answer.json()) as { data: unknown; extensions: { privacy: { auditRecordId: string } } };
  expect(body.data).toEqual({ precursorPermit: null });
  expect(body.extensions.privacy.auditRecordId).toEqual(expect.any(String));

  // The registry as the gateway's own role: it reads the seeded registry and the audit log's recorded
  // operations view (a check that could not would block with "could not be read"), and stores a publish.
  const publisher = await fetchClientCredentialsToken({ issuer: identityProvider.issuer, clientId: 'police-publisher', clientSecret: 'demo' });
  const sdl = readFileSync(path.join(ROOT, 'subgraphs', 'police', 'schema.graphql'), 'utf8').replace('  ethnicity: String!\n', '  ethnicity: String! @deprecated(reason: "entry test")\n');
  const published = await fetch(`http://127.0.0.1:${gatewayPort}/registry/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${publisher}` },
    body: JSON.stringify({
      query: 'mutation ($sdl: String!) { publishSubgraph(name: "police", sdl: $sdl) { accepted supergraph { version } version { report { findings { severity message } } } } }',
      variables: { sdl },
    }),
  });
  const publishBody = (await published.json()) as { data: { publishSubgraph: { accepted: boolean; supergraph: { version: number }; version: { report: { findings: { message: string }[] } } } } };
  expect(publishBody.data.publishSubgraph.version.report.findings.map((finding) => finding.message).join('\n')).not.toMatch(/could not be read/);
  expect(publishBody.data.publishSubgraph).toMatchObject({ accepted: true, supergraph: { version: 2 } });

  gateway.process.kill('SIGTERM');
  police.process.kill('SIGTERM');
  expect(await exitOf(gateway.process)).toBe(0);
  expect(await exitOf(police.process)).toBe(0);

  // On SIGTERM the gateway signed its final head and shipped it to the witness before it closed.
  const head = async (name: string, query: string) => {
    const client = new pg.Client({ connectionString: databaseUrl(testServerUrl(), name) });
    await client.connect();
    try {
      return Number((await client.query<{ seq: string }>(query)).rows[0]!.seq);
    } finally {
      await client.end();
    }
  };
  const recorded = await head(`${prefix}_audit`, `SELECT max(seq) AS seq FROM audit_events WHERE chain_id = 'entry-test'`);
  expect(recorded).toBeGreaterThanOrEqual(1);
  expect(await head(`${prefix}_audit_witness`, `SELECT max(seq) AS seq FROM witness_checkpoints WHERE chain_id = 'entry-test'`)).toBe(recorded);
}, 60_000);
