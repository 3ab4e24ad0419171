import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { listen, type RunningServer } from '../../subgraphs/kit/httpServer';
import { webRoutes } from '../../web/server';

/** The router the gateway mounts for the pages: config, pages with their security headers, assets, and the 503 without a build. */
const ISSUER = 'http://localhost:8080/realms/govgraph';
let builtDir: string;
let built: RunningServer;
let missing: RunningServer;

async function serve(distDirectory: string): Promise<RunningServer> {
  const app = express();
  app.use(webRoutes({ distDirectory, issuer: ISSUER, clientId: 'govgraph-console' }));
  return listen(app, 0, '127.0.0.1');
}

beforeAll(async () => {
  builtDir = await mkdtemp(path.join(os.tmpdir(), 'govgraph-dist-'));
  await mkdir(path.join(builtDir, 'assets'));
  await writeFile(path.join(builtDir, 'index.html'), '<!doctype html><title>sandbox</title>');
  await writeFile(path.join(builtDir, 'console.html'), '<!doctype html><title>console</title>');
  await writeFile(path.join(builtDir, 'assets', 'app-abc123.js'), 'console.log(1)');
  built = await serve(builtDir);
  missing = await serve(path.join(builtDir, 'not-there'));
});
afterAll(async () => {
  await built.close();
  await missing.close();
});

describe('webRoutes', () => {
  it('tells the pages whom to sign in with', async () => {
    const response = await fetch(`${built.url}/config.json`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ issuer: ISSUER, clientId: 'govgraph-console', graphqlPath: '/graphql', agreementsPath: '/agreements/graphql' });
  });

  it('serves the sandbox at / and the console at /console, scripts from this origin only and fetches to it and the issuer', async () => {
    for (const [pathname, title] of [['/', 'sandbox'], ['/console', 'console'], ['/console/', 'console']] as const) {
      const response = await fetch(`${built.url}${pathname}`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain(`<title>${title}</title>`);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("connect-src 'self' http://localhost:8080");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });

  it('serves hashed assets as immutable, and 404 for an unknown one', async () => {
    const asset = await fetch(`${built.url}/assets/app-abc123.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${built.url}/assets/nope.js`)).status).toBe(404);
  });

  it('answers 503 with the build command when the pages are not built, and still the config', async () => {
    for (const pathname of ['/', '/console', '/assets/app-abc123.js']) {
      const response = await fetch(`${missing.url}${pathname}`);
      expect(response.status).toBe(503);
      expect(await response.text()).toContain('npm run build:web');
    }
    expect((await fetch(`${missing.url}/config.json`)).status).toBe(200);
  });
});
