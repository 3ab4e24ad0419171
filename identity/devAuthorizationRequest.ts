import { isS256Challenge } from './pkce';
import type { RealmClient, RealmDefinition } from './realm';
import { matchesRedirectUri } from './redirectUris';

/**
 * The authorization endpoint's decision on a browser login request, as Keycloak takes it: which
 * client, where to send the answer, and what the client asked for — or why not. Pure: no I/O.
 *
 * Two kinds of refusal, in this order (RFC 6749 §4.1.2.1): while the client and its redirect URI are
 * not established, the browser gets an error page and is sent nowhere (otherwise anyone could use the
 * provider to redirect to any site); once they are, errors go back to the client at its redirect URI.
 * PKCE with S256 is required of every client here: a public browser client has no secret, so the
 * verifier is what binds the code to the tab that asked for it.
 */

export interface AuthorizationRequest {
  client: RealmClient;
  redirectUri: string;
  /** Opaque to the provider; echoed so the client can tie the answer to its request (CSRF). */
  state: string | undefined;
  /** Echoed in the ID token so the client can tie the token to its request (replay). */
  nonce: string | undefined;
  codeChallenge: string;
  /** Requested scopes, e.g. ['openid']. */
  scopes: string[];
  /** `login` forces the form even with a session; `none` forbids it. */
  prompt: 'login' | 'none' | undefined;
  /** Language of the login page, from ui_locales / kc_locale. */
  locale: 'zh' | 'en';
}

export interface AuthorizationErrorPage {
  kind: 'error-page';
  status: 400;
  error: 'invalid_request' | 'unauthorized_client';
  description: string;
}

export interface AuthorizationRedirectError {
  kind: 'redirect-error';
  redirectUri: string;
  state: string | undefined;
  error: 'invalid_request' | 'unsupported_response_type' | 'unauthorized_client' | 'invalid_scope';
  description: string;
}

export type AuthorizationDecision = AuthorizationErrorPage | AuthorizationRedirectError | { kind: 'ok'; request: AuthorizationRequest };

const REQUESTABLE_SCOPES = new Set(['openid', 'profile', 'email']);

function text(query: Record<string, unknown>, name: string): string | undefined {
  const value = query[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** `zh` unless the client asks for English first (ui_locales is a space-separated preference list). */
export function localeOf(query: Record<string, unknown>): 'zh' | 'en' {
  const wanted = (text(query, 'kc_locale') ?? text(query, 'ui_locales') ?? '').split(' ').filter(Boolean);
  for (const tag of wanted) {
    const language = tag.toLowerCase().split('-')[0];
    if (language === 'zh' || language === 'en') return language;
  }
  return 'zh';
}

export function decideAuthorizationRequest(
  query: Record<string, unknown>,
  realm: RealmDefinition,
  redirectUris: (client: RealmClient) => readonly string[],
): AuthorizationDecision {
  const page = (error: AuthorizationErrorPage['error'], description: string): AuthorizationErrorPage => ({
    kind: 'error-page',
    status: 400,
    error,
    description,
  });
  const clientId = text(query, 'client_id');
  if (!clientId) return page('invalid_request', 'Missing parameter: client_id');
  const client = realm.clients.find((candidate) => candidate.clientId === clientId);
  if (!client) return page('invalid_request', 'Client not found.');
  if (client.kind === 'bearer-only') return page('unauthorized_client', 'Bearer-only clients are not allowed to initiate browser login.');

  const redirectUri = text(query, 'redirect_uri');
  if (!redirectUri) return page('invalid_request', 'Missing parameter: redirect_uri');
  if (!matchesRedirectUri(redirectUri, redirectUris(client))) return page('invalid_request', 'Invalid parameter: redirect_uri');

  const state = text(query, 'state');
  const back = (error: AuthorizationRedirectError['error'], description: string): AuthorizationRedirectError => ({
    kind: 'redirect-error',
    redirectUri,
    state,
    error,
    description,
  });
  if (!client.standardFlow) return back('unauthorized_client', 'Client is not allowed to initiate browser login with given response_type. Standard flow is disabled for the client.');
  const responseType = text(query, 'response_type');
  if (!responseType) return back('invalid_request', 'Missing parameter: response_type');
  if (responseType !== 'code') return back('unsupported_response_type', 'Client is not allowed to initiate browser login with given response_type.');
  const responseMode = text(query, 'response_mode');
  if (responseMode && responseMode !== 'query') return back('invalid_request', 'Invalid parameter: response_mode');

  const codeChallenge = text(query, 'code_challenge');
  const method = text(query, 'code_challenge_method');
  if (!codeChallenge) return back('invalid_request', 'Missing parameter: code_challenge');
  if (method !== 'S256') return back('invalid_request', 'Invalid parameter: code_challenge_method');
  if (!isS256Challenge(codeChallenge)) return back('invalid_request', 'Invalid parameter: code_challenge');

  const scopes = (text(query, 'scope') ?? '').split(' ').filter(Boolean);
  if (scopes.some((scope) => !REQUESTABLE_SCOPES.has(scope))) return back('invalid_scope', 'Invalid scopes: ' + scopes.join(' '));

  const prompt = text(query, 'prompt');
  if (prompt && prompt !== 'login' && prompt !== 'none') return back('invalid_request', 'Invalid parameter: prompt');

  return {
    kind: 'ok',
    request: {
      client,
      redirectUri,
      state,
      nonce: text(query, 'nonce'),
      codeChallenge,
      scopes,
      prompt: prompt as AuthorizationRequest['prompt'],
      locale: localeOf(query),
    },
  };
}

/** The client's redirect URI with the answer's parameters added (it may carry a query of its own). */
export function redirectWith(redirectUri: string, parameters: Record<string, string | undefined>): string {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries(parameters)) if (value !== undefined) url.searchParams.set(name, value);
  return url.toString();
}
