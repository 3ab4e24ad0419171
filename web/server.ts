import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Response, type Router } from 'express';

/**
 * The browser face of govgraph, served by the gateway itself (closed government networks: no CDN):
 * `/` the sandbox for application teams, `/console` the privacy officers' console, their bundled
 * assets, and `/config.json` naming the identity provider the pages sign in with. The pages are
 * built ahead of time (`npm run build:web` → web/dist); without a build every page answers 503 and
 * says how to make one, while /graphql and the rest of the gateway are unaffected.
 */

export interface WebRoutesOptions {
  /** The Vite build output: index.html, console.html, assets/. */
  distDirectory: string;
  /** The Keycloak realm's issuer the pages sign in with (the gateway's OIDC_ISSUER). */
  issuer: string;
  /** The public browser client, with the authorization-code flow and PKCE (govgraph-console). */
  clientId: string;
  /** Where the pages send GraphQL, on this origin. Default /graphql. */
  graphqlPath?: string;
  /** Where the console sends the agreements workflow, on this origin. Default /agreements/graphql. */
  agreementsPath?: string;
}

export const DEFAULT_DIST_DIRECTORY = path.join(__dirname, 'dist');

const PAGES = Object.freeze({ sandbox: 'index.html', console: 'console.html' });

/**
 * Scripts and styles from this origin only; fetches to this origin and the identity provider (discovery,
 * token). Monaco injects styles and starts its workers from this origin; images and fonts may be data: URLs.
 */
function contentSecurityPolicy(issuer: string): string {
  const identityProvider = new URL(issuer).origin;
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "worker-src 'self' blob:",
    `connect-src 'self' ${identityProvider}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function notBuilt(res: Response): void {
  res
    .status(503)
    .set('cache-control', 'no-store')
    .type('html')
    .send(
      `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>govgraph: web pages not built</title></head>` +
        `<body style="font-family:system-ui,sans-serif;max-width:640px;margin:60px auto;line-height:1.6">` +
        `<h1>页面尚未构建 · The web pages are not built</h1>` +
        `<p>请运行 <code>npm run build:web</code>，然后刷新本页。</p>` +
        `<p>Run <code>npm run build:web</code>, then reload this page. The GraphQL endpoint <code>/graphql</code> works without them.</p>` +
        `</body></html>`,
    );
}

export function webRoutes(options: WebRoutesOptions): Router {
  const dist = path.resolve(options.distDirectory);
  const built = () => existsSync(path.join(dist, PAGES.sandbox)) && existsSync(path.join(dist, PAGES.console));
  const csp = contentSecurityPolicy(options.issuer);
  const config = { issuer: options.issuer, clientId: options.clientId, graphqlPath: options.graphqlPath ?? '/graphql', agreementsPath: options.agreementsPath ?? '/agreements/graphql' };
  const router = express.Router();

  router.get('/config.json', (_req, res) => {
    res.set('cache-control', 'no-store').json(config);
  });

  const page = (file: string) => (_req: unknown, res: Response) => {
    if (!built()) {
      notBuilt(res);
      return;
    }
    res.set({
      'content-security-policy': csp,
      // The callback URL carries a one-time code until the page removes it: never send it on as a referrer.
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-cache',
    });
    res.sendFile(path.join(dist, file));
  };
  router.get('/', page(PAGES.sandbox));
  router.get(['/console', '/console/'], page(PAGES.console));

  // Hashed file names: an asset never changes under its name, so browsers may keep it.
  router.use('/assets', (req, res, next) => {
    if (!built()) {
      notBuilt(res);
      return;
    }
    next();
  });
  router.use(
    '/assets',
    express.static(path.join(dist, 'assets'), {
      index: false,
      immutable: true,
      maxAge: '365d',
      setHeaders: (res) => res.setHeader('x-content-type-options', 'nosniff'),
    }),
  );
  // An unknown asset falls through to the server's JSON 404 (subgraphs/kit/httpErrors.ts).
  return router;
}
