import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from '../../runtime/freePort';
import { scramSha256Verifier } from '../../runtime/scramVerifier';
import { startChild, type Child } from '../support/childProcess';

/**
 * The verifier provisioning sends instead of a password, checked by a server that really checks
 * passwords (the test server may trust local connections): an embedded server of its own, password
 * auth, in a child process (Jest cannot load the ESM package).
 */
let server: Child<{ url: string }> | undefined;
let parent: string;

beforeAll(async () => {
  parent = await mkdtemp(path.join(os.tmpdir(), 'govgraph-scram-'));
  await chmod(parent, 0o755);
  server = await startChild<{ url: string }>('test/support/processes/embeddedPostgres.ts', [path.join(parent, 'pg'), String(await freePort())]);
  const admin = new pg.Client({ connectionString: server.ready.url });
  await admin.connect();
  await admin.query(`CREATE ROLE scram_check LOGIN PASSWORD ${admin.escapeLiteral(scramSha256Verifier('correct-horse-battery-staple'))}`);
  await admin.end();
}, 120_000);

afterAll(async () => {
  await server?.stop();
  if (parent) await rm(parent, { recursive: true, force: true });
}, 60_000);

async function login(password: string): Promise<unknown> {
  const url = new URL(server!.ready.url);
  url.username = 'scram_check';
  url.password = password;
  const client = new pg.Client({ connectionString: url.toString() });
  client.on('error', () => undefined);
  await client.connect();
  await client.end();
  return 'logged in';
}

it('lets the role in with its password, and only with it', async () => {
  await expect(login('correct-horse-battery-staple')).resolves.toBe('logged in');
  await expect(login('correct-horse-battery-stapler')).rejects.toMatchObject({ code: '28P01' });
});

it('is salted: the same password never gives the same verifier', () => {
  expect(scramSha256Verifier('correct-horse-battery-staple')).not.toBe(scramSha256Verifier('correct-horse-battery-staple'));
  expect(scramSha256Verifier('correct-horse-battery-staple')).toMatch(/^SCRAM-SHA-256\$4096:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
});

it('refuses passwords PostgreSQL would normalise or that are too short to be secrets', () => {
  expect(() => scramSha256Verifier('short')).toThrow(/at least 16 printable ASCII/);
  expect(() => scramSha256Verifier('ｐａｓｓｗｏｒｄｐａｓｓｗｏｒｄ')).toThrow(/printable ASCII/);
  expect(() => scramSha256Verifier('with a space in the middle')).toThrow(/printable ASCII/);
});
