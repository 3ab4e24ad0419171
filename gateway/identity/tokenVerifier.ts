import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { AuthenticationError } from './authenticationError';
import { identityFromClaims, type Identity } from './identity';
import { keySetFailure, verificationFailure } from './joseFailures';
import { createVerifiedTokens } from './verifiedTokens';

/**
 * Verifies Keycloak access tokens against the realm's JWKS (design.md, "Decisions": jose, not
 * keycloak-connect). Every check is explicit: the algorithm is pinned (so `none` and HS256-with-the-
 * public-key are refused before any key is looked at), the issuer must match exactly, the audience
 * must include the gateway, `exp`, `iat` and `sub` must be present, `nbf` is honoured, and — when
 * configured — the token must have been issued to one of the allowed clients (`azp`).
 *
 * Keys are fetched from `{issuer}/protocol/openid-connect/certs` and cached. An unknown `kid` makes
 * jose refetch the set (Keycloak rotated its key) but at most once per `cooldownMs`, so a stream of
 * tokens with made-up kids cannot turn the gateway into a load generator against Keycloak.
 */

export interface TokenVerifierOptions {
  /** Keycloak's issuer for the realm, e.g. http://localhost:8080/realms/govgraph (compared exactly with `iss`). */
  issuer: string;
  /** Must be in `aud`: govgraph-gateway. */
  audience: string;
  /** When given, `azp` must be one of these client ids. */
  clients?: readonly string[];
  algorithms?: readonly string[];
  clockToleranceSeconds?: number;
  jwks?: {
    /**
     * Where to fetch the keys when the gateway reaches Keycloak under another name than the issuer's
     * (docker-compose: issuer http://localhost:8080/…, keys from http://keycloak:8080/…).
     */
    url?: string;
    /** Abort a JWKS fetch after this long. Default 5000. */
    timeoutMs?: number;
    /** After a fetch, an unknown kid triggers no new fetch for this long. Default 30000. */
    cooldownMs?: number;
    /** Refetch the keys when the cached set is older than this. Default 600000. */
    cacheMaxAgeMs?: number;
  };
  /** Verified tokens kept until they expire (verifiedTokens.ts); default 10,000, 0 verifies every request. */
  verifiedTokenEntries?: number;
  /** Epoch milliseconds for the verified-token cache's expiry; tests move it. */
  clock?: () => number;
}

export interface TokenVerifier {
  /** The Identity in a valid access token; otherwise an AuthenticationError with the reason. */
  verify(token: string): Promise<Identity>;
  readonly issuer: string;
  readonly jwksUrl: string;
}

const SYMMETRIC_OR_NONE = /^(none|HS\d+)$/i;
/** Far larger than any Keycloak token; refuses to parse megabytes of garbage. */
const MAX_TOKEN_LENGTH = 16_384;

function checkedOptions(options: TokenVerifierOptions) {
  const algorithms = [...(options.algorithms ?? ['RS256'])];
  if (algorithms.length === 0) throw new TypeError('createTokenVerifier: algorithms must not be empty');
  const unsafe = algorithms.filter((algorithm) => SYMMETRIC_OR_NONE.test(algorithm));
  if (unsafe.length > 0) throw new TypeError(`createTokenVerifier: ${unsafe.join(', ')} cannot be verified with a public JWKS`);
  if (!/^https?:\/\/[^/]/.test(options.issuer)) throw new TypeError('createTokenVerifier: issuer must be an http(s) URL');
  if (!options.audience) throw new TypeError('createTokenVerifier: audience is required');
  const clockTolerance = options.clockToleranceSeconds ?? 30;
  if (!(clockTolerance >= 0)) throw new TypeError('createTokenVerifier: clockToleranceSeconds must be ≥ 0');
  return { algorithms, clockTolerance };
}

export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const { algorithms, clockTolerance } = checkedOptions(options);
  const jwksUrl = new URL(options.jwks?.url ?? `${options.issuer.replace(/\/+$/, '')}/protocol/openid-connect/certs`);
  const remoteKeys = createRemoteJWKSet(jwksUrl, {
    timeoutDuration: options.jwks?.timeoutMs ?? 5_000,
    cooldownDuration: options.jwks?.cooldownMs ?? 30_000,
    cacheMaxAge: options.jwks?.cacheMaxAgeMs ?? 600_000,
  });
  // Failures to get a key are told apart here, where they happen, not guessed later from error types.
  const keyFor: JWTVerifyGetKey = async (header, token) => {
    try {
      return await remoteKeys(header, token);
    } catch (error) {
      throw keySetFailure(error);
    }
  };
  const clients = options.clients ? new Set(options.clients) : undefined;
  const verified = createVerifiedTokens({
    ...(options.verifiedTokenEntries !== undefined ? { maxEntries: options.verifiedTokenEntries } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  });

  return {
    issuer: options.issuer,
    jwksUrl: jwksUrl.href,
    async verify(token: string): Promise<Identity> {
      if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH) {
        throw new AuthenticationError('token malformed');
      }
      const known = verified.get(token);
      if (known) return known;
      let payload;
      try {
        ({ payload } = await jwtVerify(token, keyFor, {
          issuer: options.issuer,
          audience: options.audience,
          algorithms,
          requiredClaims: ['exp', 'iat', 'sub'],
          clockTolerance,
        }));
      } catch (error) {
        throw verificationFailure(error);
      }
      // Keycloak writes typ Bearer in access tokens, ID and Refresh in the others.
      if (payload.typ !== undefined && payload.typ !== 'Bearer') throw new AuthenticationError('not an access token');
      if (typeof payload.iat !== 'number') throw new AuthenticationError('token malformed');
      if (payload.iat > Date.now() / 1000 + clockTolerance) throw new AuthenticationError('token not yet valid');
      if (clients && !(typeof payload.azp === 'string' && clients.has(payload.azp))) {
        throw new AuthenticationError('client not accepted');
      }
      const identity = identityFromClaims(payload);
      verified.remember(token, identity);
      return identity;
    },
  };
}
