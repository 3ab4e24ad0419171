/**
 * Every way authentication can fail, as one error class with a short reason a client may see.
 * The reason names what was wrong with the credential, never how the check is built: no jose
 * messages, no key material, no internal URLs. `cause` keeps the original for the server's log.
 */

export const AUTHENTICATION_FAILURE_REASONS = [
  'no bearer token',
  'access token in URL refused',
  'malformed authorization header',
  'token malformed',
  'signature invalid',
  'unknown signing key',
  'algorithm not allowed',
  'token expired',
  'token not yet valid',
  'token has no expiry',
  'token has no issue time',
  'token has no subject',
  'issuer not accepted',
  'audience not accepted',
  'client not accepted',
  'not an access token',
  'identity provider unreachable',
  'token invalid',
] as const;
export type AuthenticationFailureReason = (typeof AUTHENTICATION_FAILURE_REASONS)[number];

/** RFC 6750 §3.1 error codes for the WWW-Authenticate challenge. */
function challengeError(reason: AuthenticationFailureReason): 'invalid_request' | 'invalid_token' | undefined {
  if (reason === 'no bearer token') return undefined; // no credentials: a bare challenge
  if (reason === 'access token in URL refused' || reason === 'malformed authorization header') return 'invalid_request';
  return 'invalid_token';
}

export class AuthenticationError extends Error {
  override name = 'AuthenticationError';
  readonly code = 'UNAUTHENTICATED';
  readonly status = 401;

  constructor(
    readonly reason: AuthenticationFailureReason,
    options?: { cause?: unknown },
  ) {
    super(`Authentication failed: ${reason}`, options);
  }

  /** The WWW-Authenticate header value for a 401 answer (RFC 6750). */
  get wwwAuthenticate(): string {
    const error = challengeError(this.reason);
    return error ? `Bearer realm="govgraph", error="${error}", error_description="${this.reason}"` : 'Bearer realm="govgraph"';
  }
}

export function isAuthenticationError(error: unknown): error is AuthenticationError {
  return error instanceof AuthenticationError;
}
