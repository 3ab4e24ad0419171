import { createHash, randomUUID } from 'node:crypto';
import type { JWTPayload } from 'jose';
import { serviceAccountUsername, type DemoUser, type RealmClient, type RealmDefinition, type ServiceAccount } from './realm';

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

/** What a client-credentials token is issued from: the client, its service account, and where it asked from. */
export interface ServiceAccountTokenContext {
  issuer: string;
  realm: RealmDefinition;
  client: RealmClient;
  account: ServiceAccount;
  scope: string;
  /** The requester's IP address: Keycloak's service_account scope puts it in clientHost and clientAddress. */
  clientAddress: string;
  /** Epoch seconds. */
  issuedAt: number;
}

/**
 * A service account's claims as Keycloak 26 issues them: no user session (no `sid`), no name or e-mail,
 * `preferred_username` service-account-<clientId>, and the service_account scope's `client_id`,
 * `clientHost` and `clientAddress`; the govgraph mappers add the audience, `agency` and `district`.
 */
function serviceAccountClaims(context: ServiceAccountTokenContext) {
  const { account, client } = context;
  return {
    email_verified: false,
    clientHost: context.clientAddress,
    preferred_username: serviceAccountUsername(client.clientId),
    clientAddress: context.clientAddress,
    client_id: client.clientId,
    agency: account.agency,
    ...(account.district !== undefined ? { district: account.district } : {}),
  };
}

export function serviceAccountAccessTokenClaims(context: ServiceAccountTokenContext): JWTPayload {
  const { realm, account, client } = context;
  const inScope = new Set(realm.roles.map((role) => role.name));
  return {
    exp: context.issuedAt + realm.accessTokenLifespanSeconds,
    iat: context.issuedAt,
    jti: randomUUID(),
    iss: context.issuer,
    aud: [realm.gatewayAudience],
    sub: account.id,
    typ: 'Bearer',
    azp: client.clientId,
    acr: '1',
    realm_access: { roles: account.roles.filter((role) => inScope.has(role)) },
    scope: context.scope,
    ...serviceAccountClaims(context),
  };
}

export function serviceAccountIdTokenClaims(context: ServiceAccountTokenContext, accessToken: string): JWTPayload {
  return {
    exp: context.issuedAt + context.realm.accessTokenLifespanSeconds,
    iat: context.issuedAt,
    jti: randomUUID(),
    iss: context.issuer,
    aud: context.client.clientId,
    sub: context.account.id,
    typ: 'ID',
    azp: context.client.clientId,
    at_hash: accessTokenHash(accessToken),
    acr: '1',
    ...serviceAccountClaims(context),
  };
}
