import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { recoverStaleServer } from '../../runtime/embeddedPostgresRecovery';

/**
 * The pid file a dead server left (a crash, kill -9 of the machine): removed, so the next server starts
 * even when the pid has since been reused. (A live orphaned server: test/runtime/supervisor.test.ts.)
 */
let directory: string;

beforeEach(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'gg-pg-recovery-'));
});

afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

const pidFile = (pid: number) => `${pid}\n${directory}\n1700000000\n54329\n/tmp\n127.0.0.1\n  1 2\nready\n`;

it('leaves a clean directory alone', async () => {
  expect(await recoverStaleServer(directory)).toBeUndefined();
});

it('removes a pid file whose process is gone', async () => {
  await writeFile(path.join(directory, 'postmaster.pid'), pidFile(2 ** 22 + 1));
  expect(await recoverStaleServer(directory)).toBe(`removed a stale postmaster.pid (pid ${2 ** 22 + 1} no longer runs a server here) from ${directory}`);
  expect(existsSync(path.join(directory, 'postmaster.pid'))).toBe(false);
});

it('removes a pid file whose pid now belongs to another program, and does not signal it', async () => {
  // This test's own process: alive, but not a PostgreSQL serving this directory.
  await writeFile(path.join(directory, 'postmaster.pid'), pidFile(process.pid));
  expect(await recoverStaleServer(directory)).toMatch(/^removed a stale postmaster.pid/);
  expect(existsSync(path.join(directory, 'postmaster.pid'))).toBe(false);
});
