import { createLocalJWKSet, decodeJwt, jwtVerify, type JSONWebKeySet } from 'jose';
import { startDevIdentityProvider, type RunningDevIdentityProvider } from '../../identity/devIdentityProvider';
import { GOVGRAPH_REALM } from '../../identity/realm';
import { freePort } from '../../runtime/freePort';
import {
  authorizationUrl,
  CONSOLE_REDIRECT,
  consoleRequest,
  exchangeCode,
  get,
  pkcePair,
  sessionCookieOf,
  signIn,
  submitLogin,
  tabIdOf,
} from './browserLogin';

/**
 * The development identity provider's browser login — authorization endpoint, login form, token
 * endpoint with grant_type=authorization_code and PKCE, login session, logout — over real HTTP.
 */
let idp: RunningDevIdentityProvider;
let clockOffsetMs = 0;

beforeAll(async () => {
  idp = await startDevIdentityProvider({ port: await freePort(), host: '127.0.0.1', clock: () => Date.now() + clockOffsetMs });
});
afterAll(() => idp.close());
afterEach(() => {
  clockOffsetMs = 0;
});

const codeForm = (code: string, verifier: string, overrides: Record<string, string> = {}) => ({
  grant_type: 'authorization_code',
  client_id: 'govgraph-console',
  code,
  redirect_uri: CONSOLE_REDIRECT,
  code_verifier: verifier,
  ...overrides,
});

describe('discovery', () => {
  it('lists the authorization, token and logout endpoints, the code grant and S256 only', async () => {
    const response = await fetch(`${idp.issuer}/.well-known/openid-configuration`, { headers: { origin: 'http://localhost:4000' } });
    const body = (await response.json()) as Record<string, unknown>;
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(body).toMatchObject({
      authorization_endpoint: `${idp.issuer}/protocol/openid-connect/auth`,
      token_endpoint: `${idp.issuer}/protocol/openid-connect/token`,
      end_session_endpoint: `${idp.issuer}/protocol/openid-connect/logout`,
      response_types_supported: ['code'],
      code_challenge_methods_supported: ['S256'],
    });
    expect(body.grant_types_supported).toEqual(expect.arrayContaining(['authorization_code', 'password']));
  });
});

describe('the authorization-code flow with PKCE', () => {
  it('shows a Chinese login form without scripts, then redirects back with a code, the state and the issuer', async () => {
    const pkce = pkcePair();
    const request = consoleRequest(pkce);
    const form = await get(authorizationUrl(idp.issuer, request));
    expect(form.status).toBe(200);
    expect(form.headers.get('content-type')).toMatch(/^text\/html/);
    expect(form.html).toContain('lang="zh-CN"');
    expect(form.html).toContain('登录');
    expect(form.html).not.toMatch(/<script|https?:\/\/(?!localhost:4000)[a-z]/i);
    expect(form.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(form.headers.get('content-security-policy')).toContain('form-action');

    const answer = await submitLogin(idp.issuer, tabIdOf(form.html), 'officer.qian', 'demo');
    expect(answer.status).toBe(302);
    const callback = new URL(answer.location!);
    expect(`${callback.origin}${callback.pathname}`).toBe(CONSOLE_REDIRECT);
    expect(callback.searchParams.get('state')).toBe(request.state);
    expect(callback.searchParams.get('iss')).toBe(idp.issuer);
    expect(callback.searchParams.get('code')).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(answer.headers.get('set-cookie')).toMatch(/^GOVGRAPH_DEV_SESSION=[^;]+; Path=\/realms\/govgraph\/; HttpOnly; SameSite=Lax/);
  });

  it('exchanges the code and verifier for Keycloak-shaped tokens: access token for the gateway, ID token with the nonce', async () => {
    const pkce = pkcePair();
    const request = consoleRequest(pkce);
    const { code, callback } = await signIn(idp.issuer, request, 'officer.qian');
    const answer = await exchangeCode(idp.issuer, codeForm(code, pkce.verifier));
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.body).toMatchObject({ token_type: 'Bearer', expires_in: 300, scope: 'openid profile email' });
    expect(answer.body.session_state).toBe(callback.searchParams.get('session_state'));

    const jwks = (await (await fetch(`${idp.issuer}/protocol/openid-connect/certs`)).json()) as JSONWebKeySet;
    const { payload } = await jwtVerify(answer.body.access_token, createLocalJWKSet(jwks), { issuer: idp.issuer, audience: 'govgraph-gateway' });
    const qian = GOVGRAPH_REALM.users.find((user) => user.username === 'officer.qian')!;
    expect(payload).toMatchObject({
      sub: qian.id,
      azp: 'govgraph-console',
      typ: 'Bearer',
      preferred_username: 'officer.qian',
      realm_access: { roles: ['privacy-officer'] },
      agency: 'data-bureau',
      sid: answer.body.session_state,
    });
    const idToken = decodeJwt(answer.body.id_token);
    expect(idToken).toMatchObject({ aud: 'govgraph-console', typ: 'ID', nonce: request.nonce, preferred_username: 'officer.qian' });
  });

  it('lets the console’s web origin read the token answer (CORS), and no other origin', async () => {
    const allowed = pkcePair();
    const first = await signIn(idp.issuer, consoleRequest(allowed), 'officer.qian');
    const readable = await exchangeCode(idp.issuer, codeForm(first.code, allowed.verifier), 'http://localhost:4000');
    expect(readable.status).toBe(200);
    expect(readable.headers.get('access-control-allow-origin')).toBe('http://localhost:4000');

    const other = pkcePair();
    const second = await signIn(idp.issuer, consoleRequest(other), 'officer.qian');
    const unreadable = await exchangeCode(idp.issuer, codeForm(second.code, other.verifier), 'http://evil.example');
    expect(unreadable.headers.get('access-control-allow-origin')).toBeNull();

    const preflight = await fetch(`${idp.issuer}/protocol/openid-connect/token`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:4000', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:4000');
  });

  it('answers a wrong password with the form again (401) and no redirect; an unknown form is expired', async () => {
    const form = await get(authorizationUrl(idp.issuer, consoleRequest(pkcePair())));
    const tabId = tabIdOf(form.html);
    const wrong = await submitLogin(idp.issuer, tabId, 'officer.qian', 'wrong');
    expect(wrong.status).toBe(401);
    expect(wrong.location).toBeNull();
    expect(wrong.html).toContain('用户名或密码错误');
    expect(wrong.html).toContain('value="officer.qian"');
    expect((await submitLogin(idp.issuer, tabId, 'officer.qian', 'demo')).status).toBe(302);
    // Spent: the same form cannot log in twice.
    expect((await submitLogin(idp.issuer, tabId, 'officer.qian', 'demo')).status).toBe(400);
    expect((await submitLogin(idp.issuer, 'not-a-tab', 'officer.qian', 'demo')).status).toBe(400);
  });

  it('speaks English when asked (ui_locales=en)', async () => {
    const form = await get(authorizationUrl(idp.issuer, consoleRequest(pkcePair(), { ui_locales: 'en' })));
    expect(form.html).toContain('lang="en"');
    expect(form.html).toContain('Sign in');
    expect(form.html).toContain('ui_locales=zh');
  });
});

describe('refusals at the authorization endpoint', () => {
  it.each([
    ['an unknown client', { client_id: 'evil' }],
    ['the bearer-only gateway', { client_id: 'govgraph-gateway' }],
    ['a redirect URI the client does not list', { redirect_uri: 'http://evil.example/console' }],
    ['a redirect URI on another port', { redirect_uri: 'http://localhost:4001/console' }],
    ['a redirect URI with a fragment', { redirect_uri: 'http://localhost:4000/console#x' }],
    ['no redirect URI', { redirect_uri: undefined }],
  ])('shows an error page for %s and redirects nowhere', async (_case, overrides) => {
    const page = await get(authorizationUrl(idp.issuer, consoleRequest(pkcePair(), overrides)));
    expect(page.status).toBe(400);
    expect(page.location).toBeNull();
    expect(page.html).not.toContain('tab_id');
  });

  it.each([
    ['no code challenge', { code_challenge: undefined }, 'invalid_request'],
    ['the plain method', { code_challenge_method: 'plain' }, 'invalid_request'],
    ['no method', { code_challenge_method: undefined }, 'invalid_request'],
    ['a challenge that is no S256 digest', { code_challenge: 'short' }, 'invalid_request'],
    ['the implicit flow', { response_type: 'token' }, 'unsupported_response_type'],
    ['an unknown scope', { scope: 'openid admin' }, 'invalid_scope'],
    ['a client without the browser flow', { client_id: 'govgraph-cli', redirect_uri: undefined }, null],
  ])('refuses %s', async (_case, overrides, error) => {
    const request = consoleRequest(pkcePair(), overrides);
    const page = await get(authorizationUrl(idp.issuer, request));
    if (error === null) {
      // govgraph-cli lists no redirect URI at all: nothing to send the error to.
      expect(page.status).toBe(400);
      expect(page.location).toBeNull();
      return;
    }
    expect(page.status).toBe(302);
    const back = new URL(page.location!);
    expect(`${back.origin}${back.pathname}`).toBe(CONSOLE_REDIRECT);
    expect(back.searchParams.get('error')).toBe(error);
    expect(back.searchParams.get('state')).toBe(request.state);
    expect(back.searchParams.get('code')).toBeNull();
  });

  it('admits an origin added at run time (a test server, a gateway on another port), for that client only', async () => {
    const origin = 'http://127.0.0.1:5999';
    const request = consoleRequest(pkcePair(), { redirect_uri: `${origin}/console` });
    expect((await get(authorizationUrl(idp.issuer, request))).status).toBe(400);
    const other = await startDevIdentityProvider({ port: await freePort(), browserOrigins: [origin] });
    try {
      expect((await get(authorizationUrl(other.issuer, request))).status).toBe(200);
      expect(() => other.allowBrowserOrigin('http://127.0.0.1:6000', 'govgraph-cli')).toThrow(/browser flow/);
      expect(() => other.allowBrowserOrigin('http://127.0.0.1:6000/path')).toThrow(/Not an origin/);
    } finally {
      await other.close();
    }
    idp.allowBrowserOrigin(origin);
    expect((await get(authorizationUrl(idp.issuer, request))).status).toBe(200);
  });
});

describe('refusals at the token endpoint', () => {
  it('refuses a wrong verifier, and the code is spent by that attempt', async () => {
    const pkce = pkcePair();
    const { code } = await signIn(idp.issuer, consoleRequest(pkce), 'officer.qian');
    const wrong = await exchangeCode(idp.issuer, codeForm(code, pkcePair().verifier));
    expect(wrong.status).toBe(400);
    expect(wrong.body).toEqual({ error: 'invalid_grant', error_description: 'PKCE verification failed: Code mismatch' });
    const retried = await exchangeCode(idp.issuer, codeForm(code, pkce.verifier));
    expect(retried.body).toEqual({ error: 'invalid_grant', error_description: 'Code not valid' });
  });

  it('refuses a code used twice', async () => {
    const pkce = pkcePair();
    const { code } = await signIn(idp.issuer, consoleRequest(pkce), 'officer.qian');
    expect((await exchangeCode(idp.issuer, codeForm(code, pkce.verifier))).status).toBe(200);
    const again = await exchangeCode(idp.issuer, codeForm(code, pkce.verifier));
    expect(again.status).toBe(400);
    expect(again.body).toEqual({ error: 'invalid_grant', error_description: 'Code not valid' });
  });

  it.each([
    ['another redirect URI', { redirect_uri: 'http://localhost:4000/' }, 'invalid_grant', 'Incorrect redirect_uri'],
    ['no redirect URI', { redirect_uri: '' }, 'invalid_grant', 'Incorrect redirect_uri'],
    ['no verifier', { code_verifier: '' }, 'invalid_grant', 'PKCE code verifier not specified'],
    ['a malformed verifier', { code_verifier: 'too short' }, 'invalid_grant', 'PKCE invalid code verifier'],
    ['a client without the browser flow', { client_id: 'govgraph-cli' }, 'unauthorized_client', 'Client not allowed to exchange code'],
    ['an unknown code', { code: 'made-up' }, 'invalid_grant', 'Code not valid'],
  ])('refuses %s', async (_case, overrides, error, description) => {
    const pkce = pkcePair();
    const { code } = await signIn(idp.issuer, consoleRequest(pkce), 'officer.qian');
    const answer = await exchangeCode(idp.issuer, codeForm(code, pkce.verifier, overrides));
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ error, error_description: description });
  });

  it('refuses a code older than a minute', async () => {
    const pkce = pkcePair();
    const { code } = await signIn(idp.issuer, consoleRequest(pkce), 'officer.qian');
    clockOffsetMs = 61_000;
    const answer = await exchangeCode(idp.issuer, codeForm(code, pkce.verifier));
    expect(answer.body).toEqual({ error: 'invalid_grant', error_description: 'Code is expired' });
  });

  it('refuses the password grant to the browser client', async () => {
    const answer = await exchangeCode(idp.issuer, { grant_type: 'password', client_id: 'govgraph-console', username: 'officer.qian', password: 'demo' });
    expect(answer.body.error).toBe('unauthorized_client');
  });
});

describe('the login session', () => {
  it('signs a second application in without the form, until logout', async () => {
    const first = await signIn(idp.issuer, consoleRequest(pkcePair()), 'mediator.wang');
    const sandbox = pkcePair();
    const silent = await get(authorizationUrl(idp.issuer, consoleRequest(sandbox, { redirect_uri: 'http://localhost:4000/' })), first.cookie);
    expect(silent.status).toBe(302);
    const code = new URL(silent.location!).searchParams.get('code')!;
    const tokens = await exchangeCode(idp.issuer, codeForm(code, sandbox.verifier, { redirect_uri: 'http://localhost:4000/' }));
    expect(decodeJwt(tokens.body.access_token).preferred_username).toBe('mediator.wang');

    // prompt=login asks again even with a session.
    expect((await get(authorizationUrl(idp.issuer, consoleRequest(pkcePair(), { prompt: 'login' })), first.cookie)).status).toBe(200);

    const logout = await get(
      `${idp.issuer}/protocol/openid-connect/logout?client_id=govgraph-console&post_logout_redirect_uri=${encodeURIComponent('http://localhost:4000/console')}&state=s1`,
      first.cookie,
    );
    expect(logout.status).toBe(302);
    expect(logout.location).toBe('http://localhost:4000/console?state=s1');
    expect(sessionCookieOf(logout)).toBe('GOVGRAPH_DEV_SESSION=');
    expect((await get(authorizationUrl(idp.issuer, consoleRequest(pkcePair())), first.cookie)).status).toBe(200);
  });

  it('answers prompt=none without a session with login_required', async () => {
    const request = consoleRequest(pkcePair(), { prompt: 'none' });
    const page = await get(authorizationUrl(idp.issuer, request));
    expect(page.status).toBe(302);
    expect(new URL(page.location!).searchParams.get('error')).toBe('login_required');
  });

  it('refuses to send a logout anywhere the client does not list', async () => {
    const page = await get(`${idp.issuer}/protocol/openid-connect/logout?client_id=govgraph-console&post_logout_redirect_uri=${encodeURIComponent('http://evil.example/')}`);
    expect(page.status).toBe(400);
    expect(page.location).toBeNull();
  });
});
