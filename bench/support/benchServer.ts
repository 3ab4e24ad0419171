import { chmod, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../../runtime/embeddedPostgres';
import { freePort } from '../../runtime/freePort';

/** The PostgreSQL a benchmark runs on: DATABASE_URL when set, otherwise an embedded server in a temporary directory. */
export async function startBenchServer(): Promise<{ serverUrl: string; stop(): Promise<void> }> {
  if (process.env.DATABASE_URL) return { serverUrl: process.env.DATABASE_URL, stop: async () => undefined };
  const parent = await mkdtemp(path.join(os.tmpdir(), 'govgraph-bench-'));
  await chmod(parent, 0o755);
  const embedded = await startEmbeddedPostgres({ directory: path.join(parent, 'pg'), port: await freePort(), persistent: false });
  return { serverUrl: embedded.url, stop: () => embedded.stop() };
}
