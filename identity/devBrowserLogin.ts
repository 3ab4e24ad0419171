import { randomUUID } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import type { AuthorizationCodeStore } from './authorizationCodes';
import { decideAuthorizationRequest, localeOf, redirectWith, type AuthorizationRequest } from './devAuthorizationRequest';
import type { BrowserClients } from './devBrowserClients';
import { checkDemoCredentials } from './devCredentials';
import { LOGIN_MESSAGES, type LoginLocale } from './devLoginMessages';
import { renderLoginPage, renderMessagePage } from './devLoginPage';
import type { ExpiringMap } from './expiringMap';
import { OIDC_PATHS, type RealmDefinition } from './realm';
import { matchesRedirectUri, originOf } from './redirectUris';

/**
 * DEVELOPMENT ONLY. The browser side of the development identity provider, at Keycloak's paths: the
 * authorization endpoint (authorization-code flow with PKCE), its login form, and the logout endpoint.
 * A successful login opens a login session (a cookie on the provider's path), so a second application
 * in the same browser — the sandbox, then the console — signs in without the form, as with Keycloak.
 */

export const LOGIN_ACTION_PATH = '/login-actions/authenticate';
export const SESSION_COOKIE = 'GOVGRAPH_DEV_SESSION';

export interface LoginSession {
  id: string;
  username: string;
}

export interface BrowserLoginDependencies {
  realm: RealmDefinition;
  /** The issuer, known once the provider listens. */
  issuer: () => string;
  clients: BrowserClients;
  codes: AuthorizationCodeStore;
  sessions: ExpiringMap<LoginSession>;
  /** Authorization requests waiting for their login form, by tab id. */
  pending: ExpiringMap<PendingLogin>;
}

/** An authorization request shown its login form, with the query it came with (for the language link). */
export interface PendingLogin {
  request: AuthorizationRequest;
  query: Record<string, string>;
}

function cookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

/** Pages of the provider run no script and load nothing; a form may post here and lead on to `redirectOrigin`. */
function pageHeaders(res: Response, redirectOrigin?: string): void {
  res.set({
    'cache-control': 'no-store',
    'content-security-policy': `default-src 'none'; style-src 'unsafe-inline'; form-action 'self'${redirectOrigin ? ` ${redirectOrigin}` : ''}; frame-ancestors 'none'; base-uri 'none'`,
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
  });
}

export function browserLoginRouter(deps: BrowserLoginDependencies): Router {
  const { realm } = deps;
  const basePath = `/realms/${realm.name}`;
  const router = express.Router();

  const sessionCookie = (res: Response, value: string | null) => {
    const attributes = `Path=${basePath}/; HttpOnly; SameSite=Lax`;
    res.append('set-cookie', value === null ? `${SESSION_COOKIE}=; ${attributes}; Max-Age=0` : `${SESSION_COOKIE}=${value}; ${attributes}`);
  };

  /** Ends the login at the client: a single-use code bound to the request's PKCE challenge. */
  const redirectWithCode = (res: Response, request: AuthorizationRequest, session: LoginSession) => {
    const code = deps.codes.issue({
      clientId: request.client.clientId,
      redirectUri: request.redirectUri,
      codeChallenge: request.codeChallenge,
      username: session.username,
      scopes: request.scopes,
      nonce: request.nonce,
      sessionId: session.id,
    });
    res.set('cache-control', 'no-store');
    res.redirect(302, redirectWith(request.redirectUri, { state: request.state, session_state: session.id, iss: deps.issuer(), code }));
  };

  const loginForm = (res: Response, tabId: string, { request, query }: PendingLogin, failed?: { username: string }) => {
    const otherLocale: LoginLocale = request.locale === 'zh' ? 'en' : 'zh';
    const otherQuery = new URLSearchParams(query);
    otherQuery.delete('kc_locale');
    otherQuery.set('ui_locales', otherLocale);
    pageHeaders(res, originOf(request.redirectUri));
    res.status(failed ? 401 : 200).type('html').send(
      renderLoginPage({
        locale: request.locale,
        realmDisplayName: realm.displayName,
        clientName: request.client.name,
        actionPath: `${basePath}${LOGIN_ACTION_PATH}`,
        tabId,
        otherLanguageHref: `${basePath}${OIDC_PATHS.authorization}?${otherQuery.toString()}`,
        ...(failed ? { username: failed.username, invalidCredentials: true } : {}),
        demoUsers: realm.users,
      }),
    );
  };

  router.get(OIDC_PATHS.authorization, (req, res) => {
    const query = req.query as Record<string, unknown>;
    const decision = decideAuthorizationRequest(query, realm, deps.clients.redirectUris);
    if (decision.kind === 'error-page') {
      const locale = localeOf(query);
      pageHeaders(res);
      res.status(decision.status).type('html').send(renderMessagePage(locale, LOGIN_MESSAGES[locale].errorTitle, decision.description));
      return;
    }
    if (decision.kind === 'redirect-error') {
      res.redirect(302, redirectWith(decision.redirectUri, { error: decision.error, error_description: decision.description, state: decision.state, iss: deps.issuer() }));
      return;
    }
    const request = decision.request;
    const sessionId = cookie(req, SESSION_COOKIE);
    const session = sessionId ? deps.sessions.get(sessionId, true) : undefined;
    if (session && request.prompt !== 'login') {
      redirectWithCode(res, request, session);
      return;
    }
    if (request.prompt === 'none') {
      res.redirect(302, redirectWith(request.redirectUri, { error: 'login_required', state: request.state, iss: deps.issuer() }));
      return;
    }
    const tabId = randomUUID();
    const pending: PendingLogin = {
      request,
      query: Object.fromEntries(Object.entries(query).filter((entry): entry is [string, string] => typeof entry[1] === 'string')),
    };
    deps.pending.set(tabId, pending);
    loginForm(res, tabId, pending);
  });

  router.post(LOGIN_ACTION_PATH, express.urlencoded({ extended: false, limit: '4kb' }), (req, res) => {
    const form = (req.body ?? {}) as Record<string, unknown>;
    const tabId = typeof form.tab_id === 'string' ? form.tab_id : '';
    const pending = deps.pending.get(tabId);
    if (!pending) {
      const locale: LoginLocale = form.locale === 'en' ? 'en' : 'zh';
      pageHeaders(res);
      res.status(400).type('html').send(renderMessagePage(locale, LOGIN_MESSAGES[locale].expiredTitle, LOGIN_MESSAGES[locale].expiredText));
      return;
    }
    const username = typeof form.username === 'string' ? form.username.trim() : '';
    const user = checkDemoCredentials(realm, username, typeof form.password === 'string' ? form.password : '');
    if (!user) {
      loginForm(res, tabId, pending, { username });
      return;
    }
    deps.pending.delete(tabId);
    const session: LoginSession = { id: randomUUID(), username: user.username };
    deps.sessions.set(session.id, session);
    sessionCookie(res, session.id);
    redirectWithCode(res, pending.request, session);
  });

  // RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0): ends the login session, then back to the client.
  router.get(OIDC_PATHS.logout, (req, res) => {
    const query = req.query as Record<string, unknown>;
    const locale = localeOf(query);
    const text = (name: string) => (typeof query[name] === 'string' ? (query[name] as string) : undefined);
    const postLogout = text('post_logout_redirect_uri');
    const client = realm.clients.find((candidate) => candidate.clientId === text('client_id'));
    if (postLogout && !(client && matchesRedirectUri(postLogout, deps.clients.redirectUris(client)))) {
      pageHeaders(res);
      res.status(400).type('html').send(renderMessagePage(locale, LOGIN_MESSAGES[locale].errorTitle, 'Invalid redirect uri'));
      return;
    }
    const sessionId = cookie(req, SESSION_COOKIE);
    if (sessionId) deps.sessions.delete(sessionId);
    sessionCookie(res, null);
    if (postLogout) {
      res.redirect(302, redirectWith(postLogout, { state: text('state') }));
      return;
    }
    pageHeaders(res);
    res.type('html').send(renderMessagePage(locale, LOGIN_MESSAGES[locale].signedOutTitle, LOGIN_MESSAGES[locale].signedOutText));
  });

  return router;
}
