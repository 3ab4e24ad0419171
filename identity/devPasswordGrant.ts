import { authenticateTokenClient } from './devClientAuthentication';
import { checkDemoCredentials } from './devCredentials';
import { refuseGrant as refuse, type GrantRefusal } from './grantRefusal';
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

/** Scopes a token may be asked for here; Keycloak's default client scopes that show in `scope`. */
const DEFAULT_TOKEN_SCOPES = ['profile', 'email'];
const REQUESTABLE_SCOPES = new Set(['openid', ...DEFAULT_TOKEN_SCOPES]);

function text(form: Record<string, unknown>, name: string): string | undefined {
  const value = form[name];
  return typeof value === 'string' ? value : undefined;
}

export function decidePasswordGrant(form: Record<string, unknown> | undefined, realm: RealmDefinition): GrantDecision {
  // Keycloak authenticates the client before it looks at the grant type.
  const client = authenticateTokenClient(form, realm);
  if ('ok' in client) return client;
  if (!form || text(form, 'grant_type') !== 'password') return refuse(400, 'unsupported_grant_type', 'Unsupported grant_type');
  if (!client.directAccessGrants) return refuse(400, 'unauthorized_client', 'Client not allowed for direct access grants');

  const requested = (text(form, 'scope') ?? '').split(' ').filter(Boolean);
  const unknown = requested.filter((scope) => !REQUESTABLE_SCOPES.has(scope));
  if (unknown.length > 0) return refuse(400, 'invalid_scope', `Invalid scopes: ${requested.join(' ')}`);

  const username = text(form, 'username');
  if (!username) return refuse(401, 'invalid_request', 'Missing parameter: username');
  const user = checkDemoCredentials(realm, username, text(form, 'password') ?? '');
  if (!user) return refuse(401, 'invalid_grant', 'Invalid user credentials');

  const openid = requested.includes('openid');
  return { ok: true, client, user, openid, scope: [...(openid ? ['openid'] : []), ...DEFAULT_TOKEN_SCOPES].join(' ') };
}
