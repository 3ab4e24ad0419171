import { createHash, timingSafeEqual } from 'node:crypto';
import type { DemoUser, RealmClient, RealmDefinition } from './realm';

/**
 * The token endpoint's decision, as Keycloak takes it for a password grant: which client, which
 * user, which scopes — or the error Keycloak would answer, with its status, `error` and
 * `error_description`, so scripts written against one work against the other. Pure: no I/O.
 */

export interface GrantRefusal {
  ok: false;
  status: 400 | 401;
  error: 'invalid_request' | 'invalid_client' | 'unauthorized_client' | 'unsupported_grant_type' | 'invalid_grant' | 'invalid_scope';
  description: string;
}

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

/** Scopes a token may be asked for here; Keycloak's default client scopes that show in `scope`. */
const DEFAULT_TOKEN_SCOPES = ['profile', 'email'];
const REQUESTABLE_SCOPES = new Set(['openid', ...DEFAULT_TOKEN_SCOPES]);

function refuse(status: GrantRefusal['status'], error: GrantRefusal['error'], description: string): GrantRefusal {
  return { ok: false, status, error, description };
}

function text(form: Record<string, unknown>, name: string): string | undefined {
  const value = form[name];
  return typeof value === 'string' ? value : undefined;
}

function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

export function decidePasswordGrant(form: Record<string, unknown> | undefined, realm: RealmDefinition): GrantDecision {
  if (!form) return refuse(400, 'invalid_request', 'Missing form parameter: grant_type');
  const grantType = text(form, 'grant_type');
  if (!grantType) return refuse(400, 'invalid_request', 'Missing form parameter: grant_type');

  // Keycloak authenticates the client before it looks at the grant type.
  const clientId = text(form, 'client_id');
  const client = realm.clients.find((candidate) => candidate.clientId === clientId);
  if (!client) return refuse(401, 'invalid_client', 'Invalid client or Invalid client credentials');
  if (client.kind === 'bearer-only') return refuse(400, 'invalid_client', 'Bearer-only not allowed');

  if (grantType !== 'password') return refuse(400, 'unsupported_grant_type', 'Unsupported grant_type');
  if (!client.directAccessGrants) return refuse(400, 'unauthorized_client', 'Client not allowed for direct access grants');

  const requested = (text(form, 'scope') ?? '').split(' ').filter(Boolean);
  const unknown = requested.filter((scope) => !REQUESTABLE_SCOPES.has(scope));
  if (unknown.length > 0) return refuse(400, 'invalid_scope', `Invalid scopes: ${requested.join(' ')}`);

  const username = text(form, 'username');
  if (!username) return refuse(401, 'invalid_request', 'Missing parameter: username');
  // Usernames are case-insensitive in Keycloak; an unknown user and a wrong password answer alike.
  const user = realm.users.find((candidate) => candidate.username === username.toLowerCase());
  const password = text(form, 'password') ?? '';
  const passwordMatches = sameSecret(password, user?.password ?? '\u0000no user');
  if (!user || !passwordMatches) return refuse(401, 'invalid_grant', 'Invalid user credentials');

  const openid = requested.includes('openid');
  return { ok: true, client, user, openid, scope: [...(openid ? ['openid'] : []), ...DEFAULT_TOKEN_SCOPES].join(' ') };
}
