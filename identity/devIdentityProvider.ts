import { randomUUID } from 'node:crypto';
import express, { type NextFunction, type Request, type Response } from 'express';
import { SignJWT, type JWTPayload } from 'jose';
import { listen } from '../subgraphs/kit/httpServer';
import { createAuthorizationCodeStore } from './authorizationCodes';
import { createBrowserClients } from './devBrowserClients';
import { browserLoginRouter, type LoginSession, type PendingLogin } from './devBrowserLogin';
import { authenticateTokenClient } from './devClientAuthentication';
import { decideClientCredentialsGrant } from './devClientCredentialsGrant';
import { decideCodeGrant } from './devCodeGrant';
import { decidePasswordGrant } from './devPasswordGrant';
import {
  accessTokenClaims,
  idTokenClaims,
  serviceAccountAccessTokenClaims,
  serviceAccountIdTokenClaims,
  type ServiceAccountTokenContext,
  type TokenContext,
} from './devTokenClaims';
import { createExpiringMap } from './expiringMap';
import { refuseGrant, type GrantRefusal } from './grantRefusal';
import { GOVGRAPH_REALM, OIDC_PATHS, realmIssuer, realmProblems, type RealmDefinition } from './realm';
import { createSigningKeyRing, SIGNING_ALGORITHM } from './signingKeys';

/**
 * DEVELOPMENT ONLY. A stand-in for Keycloak's realm `govgraph` so `npm start` needs no Keycloak:
 * the same paths under /realms/govgraph (discovery, JWKS, token endpoint with the password,
 * authorization-code and client-credentials grants — confidential clients authenticating with
 * client_secret_basic or client_secret_post —, the browser login with PKCE, logout), the same token
 * claims, the same error answers — so the curl of the README and the browser pages work against this
 * and against the Keycloak of docker-compose alike, and the gateway verifies both the same way.
 *
 * It knows the demo users and their password `demo`, the confidential clients' secret `demo`, and signs
 * with keys that live in memory.
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
  /**
   * Origins (e.g. http://localhost:4100) whose pages may sign in with govgraph-console besides the realm's
   * redirect URIs: `${origin}/*` becomes a valid redirect URI and the origin a web origin (CORS).
   */
  browserOrigins?: readonly string[];
}

export type DevIdentityProviderEndpoint = 'configuration' | 'certs' | 'token' | 'authorization';

/** The browser client of realm.ts: the console and the sandbox sign in with it. */
export const BROWSER_CLIENT_ID = 'govgraph-console';
/** Keycloak's defaults: a code is good for a minute; a login session ends after 30 idle minutes. */
const CODE_LIFETIME_MS = 60_000;
const SESSION_IDLE_MS = 30 * 60_000;
const LOGIN_FORM_LIFETIME_MS = 30 * 60_000;

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
  /** The claims a client-credentials grant would put in `clientId`'s access token now, for tests to alter. */
  serviceAccountTokenClaims(clientId: string): JWTPayload;
  /** Signs exactly `claims` with the current key (tests craft edge-case tokens with it). */
  signClaims(claims: JWTPayload): Promise<string>;
  /** Lets pages of `origin` sign in with govgraph-console from now on (see `browserOrigins`). */
  allowBrowserOrigin(origin: string, clientId?: string): void;
}

const DEFAULT_RETENTION_MS = 10 * 60_000;

export async function startDevIdentityProvider(options: DevIdentityProviderOptions): Promise<RunningDevIdentityProvider> {
  if (process.env.NODE_ENV === 'production') {
    throw new Error('The development identity provider does not run with NODE_ENV=production: point OIDC_ISSUER at Keycloak.');
  }
  const realm = options.realm ?? GOVGRAPH_REALM;
  const problems = realmProblems(realm);
  if (problems.length > 0) throw new Error(`The realm ${realm.name} is inconsistent: ${problems.join('; ')}`);
  const clock = options.clock ?? Date.now;
  const keys = await createSigningKeyRing({ retentionMs: options.retiredKeyRetentionMs ?? DEFAULT_RETENTION_MS, clock });
  const counts: Record<DevIdentityProviderEndpoint, number> = { configuration: 0, certs: 0, token: 0, authorization: 0 };
  const clients = createBrowserClients(realm);
  for (const origin of options.browserOrigins ?? []) clients.allow(origin, BROWSER_CLIENT_ID);
  const codes = createAuthorizationCodeStore({ lifetimeMs: CODE_LIFETIME_MS, clock });
  const sessions = createExpiringMap<LoginSession>({ lifetimeMs: SESSION_IDLE_MS, clock });
  const pending = createExpiringMap<PendingLogin>({ lifetimeMs: LOGIN_FORM_LIFETIME_MS, clock });
  // Set once listening (the default issuer names the port); requests cannot arrive before.
  let issuer = '';

  const sign = (claims: JWTPayload) => {
    const key = keys.current();
    return new SignJWT(claims).setProtectedHeader({ alg: SIGNING_ALGORITHM, typ: 'JWT', kid: key.kid }).sign(key.privateKey);
  };
  const tokenContext = (username: string, clientId: string, scope: string, sessionId: string = randomUUID()): TokenContext => {
    const user = realm.users.find((candidate) => candidate.username === username);
    const client = realm.clients.find((candidate) => candidate.clientId === clientId);
    if (!user || !client) throw new Error(`No demo user ${username} or client ${clientId} in realm ${realm.name}`);
    return { issuer, realm, user, client, scope, sessionId, issuedAt: Math.floor(clock() / 1000) };
  };
  const serviceAccountContext = (clientId: string, scope: string, clientAddress: string): ServiceAccountTokenContext => {
    const client = realm.clients.find((candidate) => candidate.clientId === clientId);
    if (!client?.serviceAccount) throw new Error(`No client ${clientId} with a service account in realm ${realm.name}`);
    return { issuer, realm, client, account: client.serviceAccount, scope, clientAddress, issuedAt: Math.floor(clock() / 1000) };
  };
  /** Keycloak's answer to client credentials: no refresh token (and no user session to refresh). */
  const serviceAccountTokenResponse = async (context: ServiceAccountTokenContext, openid: boolean) => {
    const accessToken = await sign(serviceAccountAccessTokenClaims(context));
    return {
      access_token: accessToken,
      expires_in: realm.accessTokenLifespanSeconds,
      refresh_expires_in: 0,
      token_type: 'Bearer',
      ...(openid ? { id_token: await sign(serviceAccountIdTokenClaims(context, accessToken)) } : {}),
      'not-before-policy': 0,
      scope: context.scope,
    };
  };
  /** Keycloak's token response: an access token for the gateway, an ID token for the client when openid was asked. */
  const tokenResponse = async (context: TokenContext, openid: boolean, nonce?: string) => {
    const accessToken = await sign(accessTokenClaims(context));
    return {
      access_token: accessToken,
      expires_in: realm.accessTokenLifespanSeconds,
      token_type: 'Bearer',
      ...(openid ? { id_token: await sign({ ...idTokenClaims(context, accessToken), ...(nonce ? { nonce } : {}) }) } : {}),
      'not-before-policy': 0,
      session_state: context.sessionId,
      scope: context.scope,
    };
  };
  /** CORS for the browser client: the answer is readable by pages of the client's web origins only. */
  const allowClientOrigin = (req: Request, res: Response, clientId: unknown) => {
    const origin = req.headers.origin;
    const client = realm.clients.find((candidate) => candidate.clientId === clientId);
    if (origin && client && clients.webOrigins(client).includes(origin)) res.set({ 'access-control-allow-origin': origin, vary: 'Origin' });
  };
  // Discovery and keys are public documents: any page may read them (Keycloak answers them with CORS too).
  const publicDocument = (_req: Request, res: Response, next: NextFunction) => {
    res.set('access-control-allow-origin', '*');
    next();
  };

  const router = express.Router();
  router.get(OIDC_PATHS.configuration, publicDocument, (_req, res) => {
    counts.configuration += 1;
    res.json({
      issuer,
      authorization_endpoint: `${issuer}${OIDC_PATHS.authorization}`,
      token_endpoint: `${issuer}${OIDC_PATHS.token}`,
      jwks_uri: `${issuer}${OIDC_PATHS.certs}`,
      end_session_endpoint: `${issuer}${OIDC_PATHS.logout}`,
      grant_types_supported: ['authorization_code', 'password', 'client_credentials'],
      response_types_supported: ['code'],
      response_modes_supported: ['query'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: [SIGNING_ALGORITHM],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
      code_challenge_methods_supported: ['S256'],
      scopes_supported: ['openid', 'profile', 'email'],
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'azp', 'name', 'preferred_username', 'email', 'agency', 'district', 'client_id'],
    });
  });
  router.get(OIDC_PATHS.certs, publicDocument, (_req, res) => {
    counts.certs += 1;
    res.set('cache-control', 'no-cache').json(keys.jwks());
  });
  router.get(OIDC_PATHS.authorization, (_req, _res, next) => {
    counts.authorization += 1;
    next();
  });
  router.use(browserLoginRouter({ realm, issuer: () => issuer, clients, codes, sessions, pending }));
  // A form POST needs no preflight; a page that adds other headers is preflighted, and only the clients' web origins pass.
  router.options(OIDC_PATHS.token, (req, res) => {
    const origin = req.headers.origin;
    if (origin && clients.isKnownOrigin(origin)) {
      res.set({
        'access-control-allow-origin': origin,
        'access-control-allow-methods': 'POST, OPTIONS',
        'access-control-allow-headers': 'content-type, accept',
        'access-control-max-age': '600',
        vary: 'Origin',
      });
    }
    res.status(204).end();
  });
  router.post(OIDC_PATHS.token, express.urlencoded({ extended: false, limit: '16kb' }), async (req, res) => {
    counts.token += 1;
    // Tokens must not be cached by anything between (RFC 6749 §5.1).
    res.set({ 'cache-control': 'no-store', pragma: 'no-cache' });
    const form = (req.body ?? {}) as Record<string, unknown>;
    const refuse = (refusal: GrantRefusal) => {
      res.status(refusal.status).json({ error: refusal.error, error_description: refusal.description });
    };
    allowClientOrigin(req, res, form.client_id);
    // Keycloak authenticates the client before it looks at the grant type.
    const client = authenticateTokenClient({ form, authorization: req.headers.authorization }, realm);
    if ('ok' in client) return refuse(client);
    if (form.grant_type === 'authorization_code') {
      const decision = decideCodeGrant(form, client, realm, codes.redeem);
      if (!decision.ok) return refuse(decision);
      const context = tokenContext(decision.user.username, decision.client.clientId, decision.scope, decision.sessionId);
      res.json(await tokenResponse(context, decision.openid, decision.nonce));
      return;
    }
    if (form.grant_type === 'password') {
      const decision = decidePasswordGrant(form, client, realm);
      if (!decision.ok) return refuse(decision);
      res.json(await tokenResponse(tokenContext(decision.user.username, decision.client.clientId, decision.scope), decision.openid));
      return;
    }
    if (form.grant_type === 'client_credentials') {
      const decision = decideClientCredentialsGrant(form, client);
      if (!decision.ok) return refuse(decision);
      const context = serviceAccountContext(decision.client.clientId, decision.scope, req.socket.remoteAddress ?? '127.0.0.1');
      res.json(await serviceAccountTokenResponse(context, decision.openid));
      return;
    }
    refuse(refuseGrant(400, 'unsupported_grant_type', 'Unsupported grant_type'));
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
    serviceAccountTokenClaims: (clientId) => serviceAccountAccessTokenClaims(serviceAccountContext(clientId, 'profile email', '127.0.0.1')),
    signClaims: sign,
    allowBrowserOrigin: (origin, clientId = BROWSER_CLIENT_ID) => clients.allow(origin, clientId),
  };
}
