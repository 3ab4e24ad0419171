import type { CodeGrant, CodeRedemption } from './authorizationCodes';
import { refuseGrant as refuse, type GrantRefusal } from './grantRefusal';
import { isCodeVerifier, verifierMatches } from './pkce';
import type { DemoUser, RealmClient, RealmDefinition } from './realm';

/**
 * The token endpoint's decision on `grant_type=authorization_code`, as Keycloak takes it: the client
 * may use the browser flow, the code is one this provider issued to this client and is neither spent
 * nor expired, the redirect_uri is the one the code was sent to, and the PKCE verifier hashes to the
 * challenge of the authorization request. Pure apart from `redeem`, which spends the code: it is
 * called once the client is established, so a code is spent by its own client's first attempt.
 */

export interface CodeGrantAcceptance {
  ok: true;
  client: RealmClient;
  user: DemoUser;
  openid: boolean;
  /** The `scope` claim and response member, as Keycloak writes it. */
  scope: string;
  nonce: string | undefined;
  sessionId: string;
}

export type CodeGrantDecision = CodeGrantAcceptance | GrantRefusal;

const DEFAULT_TOKEN_SCOPES = ['profile', 'email'];

function text(form: Record<string, unknown>, name: string): string | undefined {
  const value = form[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** `client` is the one authenticateTokenClient established (with its secret, when it is confidential). */
export function decideCodeGrant(
  form: Record<string, unknown>,
  client: RealmClient,
  realm: RealmDefinition,
  redeem: (code: string) => CodeRedemption,
): CodeGrantDecision {
  if (!client.standardFlow) return refuse(400, 'unauthorized_client', 'Client not allowed to exchange code');

  const code = text(form, 'code');
  if (!code) return refuse(400, 'invalid_request', 'Missing parameter: code');
  const redemption = redeem(code);
  if (redemption.status === 'expired') return refuse(400, 'invalid_grant', 'Code is expired');
  if (redemption.status !== 'valid') return refuse(400, 'invalid_grant', 'Code not valid');
  const grant: CodeGrant = redemption.grant;
  if (grant.clientId !== client.clientId) return refuse(400, 'invalid_grant', 'Auth error');
  if (text(form, 'redirect_uri') !== grant.redirectUri) return refuse(400, 'invalid_grant', 'Incorrect redirect_uri');

  const verifier = text(form, 'code_verifier');
  if (!verifier) return refuse(400, 'invalid_grant', 'PKCE code verifier not specified');
  if (!isCodeVerifier(verifier)) return refuse(400, 'invalid_grant', 'PKCE invalid code verifier');
  if (!verifierMatches(verifier, grant.codeChallenge)) return refuse(400, 'invalid_grant', 'PKCE verification failed: Code mismatch');

  const user = realm.users.find((candidate) => candidate.username === grant.username);
  if (!user) return refuse(400, 'invalid_grant', 'User not found');
  const openid = grant.scopes.includes('openid');
  return {
    ok: true,
    client,
    user,
    openid,
    scope: [...(openid ? ['openid'] : []), ...DEFAULT_TOKEN_SCOPES].join(' '),
    nonce: grant.nonce,
    sessionId: grant.sessionId,
  };
}
