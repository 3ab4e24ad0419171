import { randomUUID } from 'node:crypto';
import express, { type NextFunction, type Request, type Response } from 'express';
import { SignJWT, type JWTPayload } from 'jose';
import { listen } from '../subgraphs/kit/httpServer';
import { decidePasswordGrant } from './devPasswordGrant';
import { accessTokenClaims, idTokenClaims, type TokenContext } from './devTokenClaims';
import { GOVGRAPH_REALM, OIDC_PATHS, realmIssuer, type RealmDefinition } from './realm';
import { createSigningKeyRing, SIGNING_ALGORITHM } from './signingKeys';

/**
 * DEVELOPMENT ONLY. A stand-in for Keycloak's realm `govgraph` so `npm start` needs no Keycloak:
 * the same paths under /realms/govgraph (discovery, JWKS, token endpoint with the password grant),
 * the same token claims, the same error answers — so the curl of the README works against this and
 * against the Keycloak of docker-compose alike, and the gateway verifies both the same way.
 *
 * It knows the demo users and their password `demo`, and signs with keys that live in memory.
 * Production configuration must never start it: only `npm start` (bin/start.ts) does, and this
 * function refuses to run under NODE_ENV=production. A deployment points OIDC_ISSUER at Keycloak.
 */

export interface DevIdentityProviderOptions {
  /** 0 lets the OS choose. */
  port: number;
  host?: string;
  /** The issuer's scheme, host and port as clients name it, e.g. http://localhost:8080. Default: the listening URL. */
  issuerBaseUrl?: string;
  realm?: RealmDefinition;
  /** How long a rotated-out key stays in the JWKS. Default 10 minutes (two token lifespans). */
  retiredKeyRetentionMs?: number;
  /** Epoch milliseconds; tests move it to obtain tokens issued in the past. */
  clock?: () => number;
}

export type DevIdentityProviderEndpoint = 'configuration' | 'certs' | 'token';

export interface RunningDevIdentityProvider {
  /** e.g. http://localhost:8080/realms/govgraph */
  issuer: string;
  /** The listening base URL, e.g. http://127.0.0.1:8080 */
  url: string;
  port: number;
  close(): Promise<void>;
  /** A new key signs from now on; the previous one stays published for the retention period. Returns the new kid. */
  rotateKey(): Promise<string>;
  /** Requests served per endpoint since start (tests count JWKS fetches with it). */
  requestCount(endpoint: DevIdentityProviderEndpoint): number;
  /** The claims a password grant would put in `username`'s access token now, for tests to alter. */
  accessTokenClaims(username: string, clientId?: string): JWTPayload;
  /** Signs exactly `claims` with the current key (tests craft edge-case tokens with it). */
  signClaims(claims: JWTPayload): Promise<string>;
}

const DEFAULT_RETENTION_MS = 10 * 60_000;

export async function startDevIdentityProvider(options: DevIdentityProviderOptions): Promise<RunningDevIdentityProvider> {
  if (process.env.NODE_ENV === 'production') {
    throw new Error('The development identity provider does not run with NODE_ENV=production: point OIDC_ISSUER at Keycloak.');
  }
  const realm = options.realm ?? GOVGRAPH_REALM;
  const clock = options.clock ?? Date.now;
  const keys = await createSigningKeyRing({ retentionMs: options.retiredKeyRetentionMs ?? DEFAULT_RETENTION_MS, clock });
  const counts: Record<DevIdentityProviderEndpoint, number> = { configuration: 0, certs: 0, token: 0 };
  // Set once listening (the default issuer names the port); requests cannot arrive before.
  let issuer = '';

  const sign = (claims: JWTPayload) => {
    const key = keys.current();
    return new SignJWT(claims).setProtectedHeader({ alg: SIGNING_ALGORITHM, typ: 'JWT', kid: key.kid }).sign(key.privateKey);
  };
  const tokenContext = (username: string, clientId: string, scope: string): TokenContext => {
    const user = realm.users.find((candidate) => candidate.username === username);
    const client = realm.clients.find((candidate) => candidate.clientId === clientId);
    if (!user || !client) throw new Error(`No demo user ${username} or client ${clientId} in realm ${realm.name}`);
    return { issuer, realm, user, client, scope, sessionId: randomUUID(), issuedAt: Math.floor(clock() / 1000) };
  };

  const router = express.Router();
  router.get(OIDC_PATHS.configuration, (_req, res) => {
    counts.configuration += 1;
    res.json({
      issuer,
      authorization_endpoint: `${issuer}${OIDC_PATHS.authorization}`,
      token_endpoint: `${issuer}${OIDC_PATHS.token}`,
      jwks_uri: `${issuer}${OIDC_PATHS.certs}`,
      grant_types_supported: ['password'],
      response_types_supported: ['code'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: [SIGNING_ALGORITHM],
      token_endpoint_auth_methods_supported: ['none'],
      code_challenge_methods_supported: ['S256'],
      scopes_supported: ['openid', 'profile', 'email'],
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'azp', 'name', 'preferred_username', 'email', 'agency', 'district'],
    });
  });
  router.get(OIDC_PATHS.certs, (_req, res) => {
    counts.certs += 1;
    res.set('cache-control', 'no-cache').json(keys.jwks());
  });
  router.all(OIDC_PATHS.authorization, (_req, res) => {
    res.status(501).json({
      error: 'not_implemented',
      error_description: 'The development identity provider offers the password grant only; the browser login needs Keycloak (docker compose).',
    });
  });
  router.post(OIDC_PATHS.token, express.urlencoded({ extended: false, limit: '16kb' }), async (req, res) => {
    counts.token += 1;
    // Tokens must not be cached by anything between (RFC 6749 §5.1).
    res.set({ 'cache-control': 'no-store', pragma: 'no-cache' });
    const decision = decidePasswordGrant(req.body as Record<string, unknown> | undefined, realm);
    if (!decision.ok) {
      res.status(decision.status).json({ error: decision.error, error_description: decision.description });
      return;
    }
    const context = tokenContext(decision.user.username, decision.client.clientId, decision.scope);
    const accessToken = await sign(accessTokenClaims(context));
    res.json({
      access_token: accessToken,
      expires_in: realm.accessTokenLifespanSeconds,
      token_type: 'Bearer',
      ...(decision.openid ? { id_token: await sign(idTokenClaims(context, accessToken)) } : {}),
      'not-before-policy': 0,
      session_state: context.sessionId,
      scope: decision.scope,
    });
  });

  const app = express();
  app.disable('x-powered-by');
  app.use(`/realms/${realm.name}`, router);
  app.use((_req: Request, res: Response) => {
    res.status(404).json({ error: 'not_found' });
  });
  // A body that does not parse, or a bug: Keycloak-shaped, without details.
  app.use((error: Error & { status?: number }, _req: Request, res: Response, _next: NextFunction) => {
    if (error.status && error.status < 500) {
      res.status(400).json({ error: 'invalid_request', error_description: 'Malformed request' });
      return;
    }
    console.error('[dev identity provider]', error);
    res.status(500).json({ error: 'server_error', error_description: 'Internal error' });
  });

  const listening = await listen(app, options.port, options.host ?? '127.0.0.1');
  issuer = realmIssuer(options.issuerBaseUrl ?? listening.url, realm);

  return {
    issuer,
    url: listening.url,
    port: listening.port,
    close: () => listening.close(),
    rotateKey: () => keys.rotate(),
    requestCount: (endpoint) => counts[endpoint],
    accessTokenClaims: (username, clientId = 'govgraph-cli') => accessTokenClaims(tokenContext(username, clientId, 'profile email')),
    signClaims: sign,
  };
}
