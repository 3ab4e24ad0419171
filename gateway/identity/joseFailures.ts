import { errors } from 'jose';
import { AuthenticationError, type AuthenticationFailureReason } from './authenticationError';

/**
 * jose's errors, translated into the reasons a client may see. jose's own messages stay in `cause`
 * (for the log): they quote claim values and describe the check.
 */

/** A failure to obtain the provider's keys: unknown kid, or the JWKS could not be fetched or used. */
export function keySetFailure(error: unknown): AuthenticationError {
  if (error instanceof AuthenticationError) return error;
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
    return new AuthenticationError('unknown signing key', { cause: error });
  }
  if (error instanceof errors.JOSENotSupported) return new AuthenticationError('algorithm not allowed', { cause: error });
  // JWKSTimeout, a non-200 answer, a JWKS that does not parse, a refused connection (fetch's TypeError).
  return new AuthenticationError('identity provider unreachable', { cause: error });
}

function claimFailure(error: errors.JWTClaimValidationFailed): AuthenticationFailureReason {
  switch (error.claim) {
    case 'exp':
      return error.reason === 'missing' ? 'token has no expiry' : 'token malformed';
    case 'nbf':
      return error.reason === 'check_failed' ? 'token not yet valid' : 'token malformed';
    case 'iat':
      return error.reason === 'missing' ? 'token has no issue time' : 'token malformed';
    case 'sub':
      return 'token has no subject';
    case 'iss':
      return 'issuer not accepted';
    case 'aud':
      return 'audience not accepted';
    default:
      return 'token invalid';
  }
}

export function verificationFailure(error: unknown): AuthenticationError {
  if (error instanceof AuthenticationError) return error;
  const reason: AuthenticationFailureReason =
    error instanceof errors.JWTExpired
      ? 'token expired'
      : error instanceof errors.JWTClaimValidationFailed
        ? claimFailure(error)
        : error instanceof errors.JWSSignatureVerificationFailed
          ? 'signature invalid'
          : error instanceof errors.JOSEAlgNotAllowed
            ? 'algorithm not allowed'
            : error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid
              ? 'token malformed'
              : 'token invalid';
  return new AuthenticationError(reason, { cause: error });
}
