import { createHash, randomUUID } from 'node:crypto';
import type { JWTPayload } from 'jose';
import type { DemoUser, RealmClient, RealmDefinition } from './realm';

/**
 * The claims Keycloak puts in tokens for realm `govgraph` (see keycloakRealm.ts for the mappers that
 * produce them there): standard OIDC claims from the default client scopes, `realm_access.roles`,
 * the gateway audience, and the user's `agency` and `district`.
 */

export interface TokenContext {
  issuer: string;
  realm: RealmDefinition;
  user: DemoUser;
  client: RealmClient;
  scope: string;
  /** Keycloak's user-session id (`sid`, `session_state`). */
  sessionId: string;
  /** Epoch seconds. */
  issuedAt: number;
}

function profileClaims(user: DemoUser) {
  return {
    email_verified: true,
    // Keycloak's full-name mapper joins first and last name; the realm keeps the whole name in firstName.
    name: user.displayName,
    preferred_username: user.username,
    given_name: user.displayName,
    email: user.email,
    agency: user.agency,
    district: user.district,
  };
}

export function accessTokenClaims(context: TokenContext): JWTPayload {
  const { realm, user, client } = context;
  // fullScopeAllowed is off: a token carries the user's roles that are in the client's scope (all govgraph roles).
  const inScope = new Set(realm.roles.map((role) => role.name));
  return {
    exp: context.issuedAt + realm.accessTokenLifespanSeconds,
    iat: context.issuedAt,
    jti: randomUUID(),
    iss: context.issuer,
    aud: [realm.gatewayAudience],
    sub: user.id,
    typ: 'Bearer',
    azp: client.clientId,
    sid: context.sessionId,
    acr: '1',
    realm_access: { roles: user.roles.filter((role) => inScope.has(role)) },
    scope: context.scope,
    ...profileClaims(user),
  };
}

/** OIDC's at_hash: the left half of SHA-256 over the access token, base64url. */
function accessTokenHash(accessToken: string): string {
  const digest = createHash('sha256').update(accessToken, 'ascii').digest();
  return digest.subarray(0, digest.length / 2).toString('base64url');
}

/** The ID token, issued when `openid` is asked for: its audience is the client, never the gateway. */
export function idTokenClaims(context: TokenContext, accessToken: string): JWTPayload {
  return {
    exp: context.issuedAt + context.realm.accessTokenLifespanSeconds,
    iat: context.issuedAt,
    jti: randomUUID(),
    iss: context.issuer,
    aud: context.client.clientId,
    sub: context.user.id,
    typ: 'ID',
    azp: context.client.clientId,
    sid: context.sessionId,
    at_hash: accessTokenHash(accessToken),
    acr: '1',
    ...profileClaims(context.user),
  };
}
