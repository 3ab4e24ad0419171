/**
 * Driving the development identity provider's browser login over HTTP the way a browser does (no
 * redirects followed, the session cookie carried by hand), for tests of the authorization-code flow.
 */
import { randomBytes } from 'node:crypto';
import { s256Challenge } from '../../identity/pkce';

export const CONSOLE_REDIRECT = 'http://localhost:4000/console';

export interface PkcePair {
  verifier: string;
  challenge: string;
}

export function pkcePair(): PkcePair {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: s256Challenge(verifier) };
}

export function authorizationUrl(issuer: string, parameters: Record<string, string | undefined>): string {
  const url = new URL(`${issuer}/protocol/openid-connect/auth`);
  for (const [name, value] of Object.entries(parameters)) if (value !== undefined) url.searchParams.set(name, value);
  return url.toString();
}

/** The standard parameters of the console's sign-in; override or drop (undefined) any of them. */
export function consoleRequest(pkce: PkcePair, overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    response_type: 'code',
    client_id: 'govgraph-console',
    redirect_uri: CONSOLE_REDIRECT,
    scope: 'openid',
    state: 'state-' + randomBytes(6).toString('hex'),
    nonce: 'nonce-' + randomBytes(6).toString('hex'),
    code_challenge: pkce.challenge,
    code_challenge_method: 'S256',
    ...overrides,
  };
}

export interface Page {
  status: number;
  location: string | null;
  html: string;
  headers: Headers;
}

export async function get(url: string, cookie?: string): Promise<Page> {
  const response = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
  return { status: response.status, location: response.headers.get('location'), html: await response.text(), headers: response.headers };
}

export function tabIdOf(html: string): string {
  const match = /name="tab_id" value="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error('no login form in the page');
  return match[1];
}

export async function submitLogin(issuer: string, tabId: string, username: string, password: string): Promise<Page> {
  const response = await fetch(`${new URL(issuer).origin}${new URL(issuer).pathname}/login-actions/authenticate`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ tab_id: tabId, username, password }).toString(),
  });
  return { status: response.status, location: response.headers.get('location'), html: await response.text(), headers: response.headers };
}

/** The `name=value` of the session cookie a response set, to send back as a Cookie header. */
export function sessionCookieOf(page: Page): string {
  const setCookie = page.headers.get('set-cookie') ?? '';
  const pair = setCookie.split(';')[0];
  if (!pair) throw new Error('no cookie set');
  return pair;
}

/** Signs in through the form; returns the code, the callback's query and the session cookie. */
export async function signIn(
  issuer: string,
  request: Record<string, string | undefined>,
  username: string,
  password = 'demo',
): Promise<{ code: string; callback: URL; cookie: string }> {
  const form = await get(authorizationUrl(issuer, request));
  if (form.status !== 200) throw new Error(`no login form: ${form.status} ${form.location ?? ''}`);
  const answer = await submitLogin(issuer, tabIdOf(form.html), username, password);
  if (answer.status !== 302 || !answer.location) throw new Error(`login failed: ${answer.status}`);
  const callback = new URL(answer.location);
  const code = callback.searchParams.get('code');
  if (!code) throw new Error(`no code: ${answer.location}`);
  return { code, callback, cookie: sessionCookieOf(answer) };
}

export async function exchangeCode(issuer: string, form: Record<string, string>, origin?: string) {
  const response = await fetch(`${issuer}/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(origin ? { origin } : {}) },
    body: new URLSearchParams(form).toString(),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, any> };
}
