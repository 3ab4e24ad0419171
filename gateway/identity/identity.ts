import type { JWTPayload } from 'jose';
import { AuthenticationError } from './authenticationError';

/** Who is asking, as the gateway knows it after verifying the access token. */
export interface Identity {
  /** `sub`: Keycloak's stable user id (audit records name it). */
  readonly subject: string;
  /** `preferred_username`, e.g. mediator.wang; the subject when the token has none. */
  readonly username: string;
  readonly name?: string;
  /** `realm_access.roles`. Other roles may be present (Keycloak defaults); policies look only for theirs. */
  readonly roles: readonly string[];
  readonly agency?: string;
  /** A district-bound role without a district must be denied by the policy, never widened. */
  readonly district?: string;
  /** `azp`: the client the token was issued to. */
  readonly clientId?: string;
  /**
   * Whether the token is an application's own (client credentials: `preferred_username` is Keycloak's
   * service-account-<clientId>) rather than a person's. The same verifier and audience admit both.
   */
  readonly serviceAccount: boolean;
  readonly issuer: string;
  /** `jti`, for the audit record. */
  readonly tokenId?: string;
  readonly expiresAt: Date;
}

/** Keycloak names a client's service-account user service-account-<clientId>; no person may be so named (identity/realm.ts). */
const SERVICE_ACCOUNT_PREFIX = 'service-account-';

function optionalString(payload: JWTPayload, claim: string): string | undefined {
  const value = payload[claim];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new AuthenticationError('token malformed');
  return value;
}

function realmRoles(payload: JWTPayload): string[] {
  const access = payload.realm_access;
  if (access === undefined) return [];
  if (typeof access !== 'object' || access === null) throw new AuthenticationError('token malformed');
  const roles = (access as { roles?: unknown }).roles;
  if (roles === undefined) return [];
  if (!Array.isArray(roles) || roles.some((role) => typeof role !== 'string')) throw new AuthenticationError('token malformed');
  return [...new Set(roles as string[])];
}

/** The Identity in a verified claims set; a claim of the wrong type is a malformed token, not a missing one. */
export function identityFromClaims(payload: JWTPayload): Identity {
  const subject = payload.sub;
  if (typeof subject !== 'string' || subject === '') throw new AuthenticationError('token has no subject');
  if (typeof payload.exp !== 'number' || typeof payload.iss !== 'string') throw new AuthenticationError('token malformed');
  const preferredUsername = optionalString(payload, 'preferred_username');
  const identity: Identity = {
    subject,
    username: preferredUsername ?? subject,
    name: optionalString(payload, 'name'),
    roles: Object.freeze(realmRoles(payload)),
    agency: optionalString(payload, 'agency'),
    district: optionalString(payload, 'district'),
    clientId: optionalString(payload, 'azp'),
    serviceAccount: preferredUsername?.startsWith(SERVICE_ACCOUNT_PREFIX) ?? false,
    issuer: payload.iss,
    tokenId: optionalString(payload, 'jti'),
    expiresAt: new Date(payload.exp * 1000),
  };
  return Object.freeze(identity);
}
