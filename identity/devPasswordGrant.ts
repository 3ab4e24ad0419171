import { checkDemoCredentials } from './devCredentials';
import { refuseGrant as refuse, type GrantRefusal } from './grantRefusal';
import { grantScope } from './devTokenScopes';
import type { DemoUser, RealmClient, RealmDefinition } from './realm';

/**
 * The token endpoint's decision, as Keycloak takes it for a password grant: which client, which
 * user, which scopes — or the error Keycloak would answer, with its status, `error` and
 * `error_description`, so scripts written against one work against the other. Pure: no I/O.
 */

export interface GrantAcceptance {
  ok: true;
  client: RealmClient;
  user: DemoUser;
  /** Whether `openid` was asked for: then an ID token is issued too. */
  openid: boolean;
  /** The `scope` claim and response member, as Keycloak writes it. */
  scope: string;
}

export type GrantDecision = GrantAcceptance | GrantRefusal;
export type { GrantRefusal };

function text(form: Record<string, unknown>, name: string): string | undefined {
  const value = form[name];
  return typeof value === 'string' ? value : undefined;
}

/** `client` is the one authenticateTokenClient established: Keycloak authenticates it before anything else. */
export function decidePasswordGrant(form: Record<string, unknown>, client: RealmClient, realm: RealmDefinition): GrantDecision {
  if (!client.directAccessGrants) return refuse(400, 'unauthorized_client', 'Client not allowed for direct access grants');

  const granted = grantScope(form.scope);
  if (!granted.ok) return granted;

  const username = text(form, 'username');
  if (!username) return refuse(401, 'invalid_request', 'Missing parameter: username');
  const user = checkDemoCredentials(realm, username, text(form, 'password') ?? '');
  if (!user) return refuse(401, 'invalid_grant', 'Invalid user credentials');

  return { ok: true, client, user, openid: granted.openid, scope: granted.scope };
}
