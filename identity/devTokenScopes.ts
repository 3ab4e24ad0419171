import { refuseGrant, type GrantRefusal } from './grantRefusal';

/**
 * The `scope` a password or client-credentials request may ask for, as Keycloak's default client scopes
 * of realm govgraph allow: openid (then an ID token too), profile and email, which every token carries.
 */

export interface GrantedScope {
  ok: true;
  openid: boolean;
  /** The `scope` claim and response member, as Keycloak writes it. */
  scope: string;
}

const DEFAULT_TOKEN_SCOPES = ['profile', 'email'];
const REQUESTABLE_SCOPES = new Set(['openid', ...DEFAULT_TOKEN_SCOPES]);

export function grantScope(requested: unknown): GrantedScope | GrantRefusal {
  const scopes = (typeof requested === 'string' ? requested : '').split(' ').filter(Boolean);
  if (scopes.some((scope) => !REQUESTABLE_SCOPES.has(scope))) return refuseGrant(400, 'invalid_scope', `Invalid scopes: ${scopes.join(' ')}`);
  const openid = scopes.includes('openid');
  return { ok: true, openid, scope: [...(openid ? ['openid'] : []), ...DEFAULT_TOKEN_SCOPES].join(' ') };
}
