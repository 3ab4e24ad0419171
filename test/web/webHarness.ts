import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import express from 'express';
import { listen, type RunningServer } from '../../subgraphs/kit/httpServer';
import type { RunningSystem } from '../../runtime/system';
import { webRoutes } from '../../web/server';

/**
 * The web pages next to a running system, for tests, until the gateway mounts webRoutes itself: one
 * origin serves the pages and /graphql (passed through to the gateway, as it will be the same server),
 * and the development identity provider is told to accept sign-ins from that origin.
 */

const ROOT = path.resolve(__dirname, '../..');

/** Builds the pages from the current sources into a fresh directory (what `npm run build:web` does into web/dist). */
export async function buildWebPages(): Promise<string> {
  const outDir = await mkdtemp(path.join(os.tmpdir(), 'govgraph-web-'));
  await promisify(execFile)(path.join(ROOT, 'node_modules/.bin/vite'), ['build', '--config', 'web/vite.config.ts', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'], {
    cwd: ROOT,
    maxBuffer: 16 * 1024 * 1024,
  });
  return outDir;
}

export interface RunningWeb extends RunningServer {
  origin: string;
}

const FORWARDED_HEADERS = ['authorization', 'content-type', 'accept', 'x-purpose', 'x-case-ref'];
const GATEWAY_PATHS = ['/graphql', '/agreements/graphql', '/registry/graphql'];

export async function startWebHarness(system: RunningSystem, distDirectory: string): Promise<RunningWeb> {
  const app = express();
  app.disable('x-powered-by');
  // The graph and the governance APIs the console reads, all on the gateway's port.
  app.post(GATEWAY_PATHS, express.raw({ type: () => true, limit: '1mb' }), async (req, res) => {
    const headers: Record<string, string> = {};
    for (const name of FORWARDED_HEADERS) {
      const value = req.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    const answer = await fetch(new URL(req.path, system.gateway.url), { method: 'POST', headers, body: new Uint8Array(req.body as Buffer) });
    res.status(answer.status).type(answer.headers.get('content-type') ?? 'application/json').send(Buffer.from(await answer.arrayBuffer()));
  });
  app.use(webRoutes({ distDirectory, issuer: system.identityProvider.issuer, clientId: 'govgraph-console' }));
  const running = await listen(app, 0, '127.0.0.1');
  system.identityProvider.allowBrowserOrigin(running.url);
  return { ...running, origin: running.url };
}
