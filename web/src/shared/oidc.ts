import type { WebConfig } from './config';
import { randomToken, s256Challenge } from './pkce';
import { decodeJwtPayload, readAccessTokenClaims, type TokenClaims } from './tokenClaims';

/**
 * Sign-in with the authorization-code flow and PKCE (S256) against the realm the gateway names —
 * the development identity provider of `npm start`, or Keycloak. The code verifier waits in
 * sessionStorage (this tab only) for the redirect back; the tokens live in memory only, so closing
 * the tab signs out and no script that runs later can read a stored token.
 */

export interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  end_session_endpoint?: string;
}

export interface Session {
  accessToken: string;
  idToken: string | undefined;
  claims: TokenClaims;
}

export type CallbackResult =
  | { kind: 'none' }
  | { kind: 'signed-in'; session: Session }
  | { kind: 'error'; error: string; description: string | undefined };

interface PendingSignIn {
  verifier: string;
  nonce: string;
  redirectUri: string;
  /** The fragment (console route) to come back to: a redirect URI carries none. */
  returnHash: string;
  createdAt: number;
}

const PENDING_PREFIX = 'govgraph.signin.';
/** A sign-in not completed within ten minutes is abandoned (the provider's code lives one minute). */
const PENDING_LIFETIME_MS = 10 * 60_000;

const discoveries = new Map<string, Promise<Discovery>>();

export function discover(issuer: string): Promise<Discovery> {
  let pending = discoveries.get(issuer);
  if (!pending) {
    pending = (async () => {
      const response = await fetch(`${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`);
      if (!response.ok) throw new Error(`The identity provider answered ${response.status}`);
      const document = (await response.json()) as Discovery;
      // OpenID Connect Discovery §4.3: the document must name the issuer it was fetched from.
      if (document.issuer !== issuer) throw new Error(`The identity provider names issuer ${document.issuer}, not ${issuer}`);
      return document;
    })();
    pending.catch(() => discoveries.delete(issuer));
    discoveries.set(issuer, pending);
  }
  return pending;
}

function forgetAbandonedSignIns(now: number): void {
  for (let index = sessionStorage.length - 1; index >= 0; index -= 1) {
    const key = sessionStorage.key(index);
    if (!key?.startsWith(PENDING_PREFIX)) continue;
    try {
      const pending = JSON.parse(sessionStorage.getItem(key) ?? '{}') as Partial<PendingSignIn>;
      if (!pending.createdAt || now - pending.createdAt > PENDING_LIFETIME_MS) sessionStorage.removeItem(key);
    } catch {
      sessionStorage.removeItem(key);
    }
  }
}

/** Leaves for the identity provider's login; the browser comes back to `redirectPath` of this origin. */
export async function beginSignIn(config: WebConfig, options: { redirectPath: string; locale: string; prompt?: 'login' }): Promise<void> {
  const discovery = await discover(config.issuer);
  const now = Date.now();
  forgetAbandonedSignIns(now);
  const state = randomToken();
  const pending: PendingSignIn = {
    verifier: randomToken(),
    nonce: randomToken(),
    redirectUri: `${window.location.origin}${options.redirectPath}`,
    returnHash: window.location.hash,
    createdAt: now,
  };
  sessionStorage.setItem(PENDING_PREFIX + state, JSON.stringify(pending));
  const url = new URL(discovery.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: pending.redirectUri,
    scope: 'openid',
    state,
    nonce: pending.nonce,
    code_challenge: await s256Challenge(pending.verifier),
    code_challenge_method: 'S256',
    ui_locales: options.locale,
    ...(options.prompt ? { prompt: options.prompt } : {}),
  }).toString();
  window.location.assign(url.toString());
}

/** Takes the callback parameters out of the address bar: a code is single-use and must not be bookmarked or shared. */
function clearCallbackFromAddress(returnHash: string): void {
  window.history.replaceState(null, '', `${window.location.pathname}${returnHash}`);
}

/** On the way back from the identity provider: exchanges the code for tokens. Otherwise `none`. */
export async function completeSignIn(config: WebConfig): Promise<CallbackResult> {
  const parameters = new URLSearchParams(window.location.search);
  const code = parameters.get('code');
  const error = parameters.get('error');
  if (!code && !error) return { kind: 'none' };
  const state = parameters.get('state') ?? '';
  const stored = state ? sessionStorage.getItem(PENDING_PREFIX + state) : null;
  if (state) sessionStorage.removeItem(PENDING_PREFIX + state);
  const pending = stored ? (JSON.parse(stored) as PendingSignIn) : undefined;
  clearCallbackFromAddress(pending?.returnHash ?? '');

  if (error) return { kind: 'error', error, description: parameters.get('error_description') ?? undefined };
  // A callback this tab did not ask for (or asked for too long ago) is not ours to complete.
  if (!pending || Date.now() - pending.createdAt > PENDING_LIFETIME_MS) {
    return { kind: 'error', error: 'state_mismatch', description: undefined };
  }
  const discovery = await discover(config.issuer);
  const issuer = parameters.get('iss');
  // RFC 9207: an answer naming another issuer is a mix-up attack.
  if (issuer && issuer !== discovery.issuer) return { kind: 'error', error: 'issuer_mismatch', description: issuer };

  const response = await fetch(discovery.token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: config.clientId,
      code: code ?? '',
      redirect_uri: pending.redirectUri,
      code_verifier: pending.verifier,
    }).toString(),
  });
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok || typeof body.access_token !== 'string') {
    return { kind: 'error', error: String(body.error ?? `http_${response.status}`), description: body.error_description as string | undefined };
  }
  const idToken = typeof body.id_token === 'string' ? body.id_token : undefined;
  if (idToken && decodeJwtPayload(idToken).nonce !== pending.nonce) return { kind: 'error', error: 'nonce_mismatch', description: undefined };
  return { kind: 'signed-in', session: { accessToken: body.access_token, idToken, claims: readAccessTokenClaims(body.access_token) } };
}

/** Ends the provider's login session too (otherwise the next sign-in would skip the form), then comes back. */
export async function signOut(config: WebConfig, session: Session | undefined, postLogoutPath: string): Promise<void> {
  const discovery = await discover(config.issuer);
  if (!discovery.end_session_endpoint) {
    window.location.assign(postLogoutPath);
    return;
  }
  const url = new URL(discovery.end_session_endpoint);
  url.search = new URLSearchParams({
    client_id: config.clientId,
    post_logout_redirect_uri: `${window.location.origin}${postLogoutPath}`,
    ...(session?.idToken ? { id_token_hint: session.idToken } : {}),
  }).toString();
  window.location.assign(url.toString());
}

export function isExpired(session: Session, nowSeconds = Date.now() / 1000): boolean {
  return session.claims.expiresAt > 0 && nowSeconds >= session.claims.expiresAt;
}
