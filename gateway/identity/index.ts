/** The gateway's authentication: who is asking, from a verified Keycloak access token. */
export { authenticate } from './authenticate';
export { AUTHENTICATION_FAILURE_REASONS, AuthenticationError, isAuthenticationError, type AuthenticationFailureReason } from './authenticationError';
export { bearerTokenFrom, type HeadersLike, type RequestLike } from './bearerToken';
export { identityFromClaims, type Identity } from './identity';
export { createTokenVerifier, type TokenVerifier, type TokenVerifierOptions } from './tokenVerifier';
