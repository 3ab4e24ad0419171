import { KeyObject, randomUUID } from 'node:crypto';
import { decodeProtectedHeader, errors, jwtVerify, SignJWT, type JSONWebKeySet, type JWK } from 'jose';
import { z } from 'zod';
import { ACCESS_CONTEXT_ALGORITHMS, algorithmOfKey, publicJwkOf, type AccessContextAlgorithm } from './accessContextKeys';

/**
 * The signed access context the gateway attaches to every subgraph fetch (defence in depth): who
 * asks, with which roles and jurisdiction, for which purpose and case. A subgraph trusts no header
 * but this one, and only when the gateway's key signed it moments ago — so a caller who reaches a
 * subgraph directly, or replays an old context, or edits one, is refused.
 *
 * A compact JWS, EdDSA (Ed25519) or ES256, `iss` govgraph-gateway, `typ` govgraph-access-context+jwt
 * (so no other JWT — an access token, say — can pass for one), lifetime `ttlSeconds` (default 60).
 * Give `audience` (the subgraph's name) when signing and verifying: a context minted for one agency
 * then cannot be replayed to another. Give `operation` (operationDigest.ts: the digest of the exact request
 * body) when signing: the context then answers that one operation with those variables, and the subgraph,
 * which also remembers each `jti` it admitted (subgraphs/kit/usedContexts.ts), answers it once.
 */

export const ACCESS_CONTEXT_HEADER = 'x-govgraph-access-context';
export const ACCESS_CONTEXT_ISSUER = 'govgraph-gateway';
export const ACCESS_CONTEXT_TYPE = 'govgraph-access-context+jwt';

export interface AccessContext {
  /** The user's subject (Keycloak user id). */
  user: string;
  username: string;
  roles: readonly string[];
  agency?: string;
  district?: string;
  purpose: string;
  caseRef?: string;
  requestId: string;
  /**
   * Set only on the gateway's own case verification (gateway/cases): the agency answers it unmasked, since
   * the gateway needs the case's subjects' names to mask them inside narratives; the client never sees it.
   */
  caseVerification?: true;
}

export const ACCESS_CONTEXT_FAILURE_REASONS = [
  'access context missing',
  'access context malformed',
  'access context expired',
  'access context not yet valid',
  'signature invalid',
  'unknown signing key',
  'algorithm not allowed',
  'issuer not accepted',
  'audience not accepted',
  'access context already used',
  'access context not for this operation',
] as const;
export type AccessContextFailureReason = (typeof ACCESS_CONTEXT_FAILURE_REASONS)[number];

/** A request whose access context does not hold: the subgraph answers UNAUTHENTICATED with the reason. */
export class AccessContextError extends Error {
  override name = 'AccessContextError';
  readonly code = 'UNAUTHENTICATED';

  constructor(
    readonly reason: AccessContextFailureReason,
    options?: { cause?: unknown },
  ) {
    super(`Access context refused: ${reason}`, options);
  }
}

type SigningKey = KeyObject | CryptoKey;

export interface AccessContextSignerOptions {
  privateKey: SigningKey;
  keyId: string;
  ttlSeconds?: number;
  /** Epoch milliseconds; tests move it. */
  clock?: () => number;
}

export interface AccessContextSigner {
  readonly keyId: string;
  readonly algorithm: AccessContextAlgorithm;
  /**
   * `audience`: the subgraph the context is for. `operation`: the digest of the request body it may
   * carry (`operationDigestOf`); a subgraph refuses a context without one.
   */
  sign(context: AccessContext, audience?: string, operation?: string): Promise<string>;
}

function algorithmOfSigningKey(key: SigningKey): AccessContextAlgorithm {
  if (key instanceof KeyObject) return algorithmOfKey(key);
  const algorithm = key.algorithm as { name: string; namedCurve?: string };
  if (algorithm.name === 'Ed25519') return 'EdDSA';
  if (algorithm.name === 'ECDSA' && algorithm.namedCurve === 'P-256') return 'ES256';
  throw new TypeError(`access context keys must be Ed25519 or EC P-256, not ${algorithm.name}`);
}

export function createAccessContextSigner(options: AccessContextSignerOptions): AccessContextSigner {
  const algorithm = algorithmOfSigningKey(options.privateKey);
  const ttlSeconds = options.ttlSeconds ?? 60;
  if (!(ttlSeconds > 0)) throw new TypeError('createAccessContextSigner: ttlSeconds must be positive');
  const clock = options.clock ?? Date.now;
  return {
    keyId: options.keyId,
    algorithm,
    sign(context, audience, operation) {
      const now = Math.floor(clock() / 1000);
      const jwt = new SignJWT({
        username: context.username,
        roles: [...context.roles],
        ...(context.agency !== undefined ? { agency: context.agency } : {}),
        ...(context.district !== undefined ? { district: context.district } : {}),
        purpose: context.purpose,
        ...(context.caseRef !== undefined ? { caseRef: context.caseRef } : {}),
        requestId: context.requestId,
        ...(context.caseVerification ? { caseVerification: true } : {}),
        ...(operation !== undefined ? { op: operation } : {}),
      })
        .setProtectedHeader({ alg: algorithm, kid: options.keyId, typ: ACCESS_CONTEXT_TYPE })
        .setIssuer(ACCESS_CONTEXT_ISSUER)
        .setSubject(context.user)
        .setIssuedAt(now)
        .setExpirationTime(now + ttlSeconds)
        .setJti(randomUUID());
      if (audience !== undefined) jwt.setAudience(audience);
      return jwt.sign(options.privateKey);
    },
  };
}

export interface AccessContextVerifierOptions {
  /** The gateway's public keys: a JWKS, or keys (two during a rotation). */
  publicKeys: JSONWebKeySet | readonly (KeyObject | JWK)[];
  /** When given, the context's `aud` must be it (the subgraph's own name). */
  audience?: string;
  clockToleranceSeconds?: number;
  /** Refuse contexts issued longer ago than this, whatever their `exp` says. Default 300. */
  maxAgeSeconds?: number;
}

/** A verified context with what binds it to one use: its id, its expiry and the operation it was minted for. */
export interface VerifiedAccessContext {
  readonly context: AccessContext;
  readonly jti: string;
  /** Epoch milliseconds after which no verifier accepts it (`exp` plus the clock tolerance). */
  readonly acceptedUntil: number;
  /** The `op` claim: the digest of the request body it was minted for; undefined when none was bound. */
  readonly operation?: string;
}

export interface AccessContextVerifier {
  /** `token`: the header's value; undefined or empty counts as missing. */
  verify(token: string | undefined): Promise<AccessContext>;
  /** As `verify`, with the claims a subgraph needs to hold the context to one use. */
  verifyBinding(token: string | undefined): Promise<VerifiedAccessContext>;
}

interface VerificationKey {
  kid?: string;
  alg: AccessContextAlgorithm;
  key: KeyObject | JWK;
}

const contextClaims = z.object({
  sub: z.string().min(1),
  username: z.string().min(1),
  roles: z.array(z.string()),
  agency: z.string().optional(),
  district: z.string().optional(),
  purpose: z.string().min(1),
  caseRef: z.string().min(1).optional(),
  requestId: z.string().min(1),
  jti: z.string().min(1),
  exp: z.number(),
  op: z.string().min(1).optional(),
  caseVerification: z.literal(true).optional(),
});

/** The configured keys with the algorithm each is for; a key that cannot serve is a configuration error, raised now. */
function verificationKeys(publicKeys: AccessContextVerifierOptions['publicKeys']): VerificationKey[] {
  // An array has a `keys` method too: tell a key list from a JWKS by being an array.
  const listed: readonly (KeyObject | JWK)[] = Array.isArray(publicKeys) ? publicKeys : (publicKeys as JSONWebKeySet).keys;
  if (listed.length === 0) throw new TypeError('access context verifier: no public keys given');
  return listed.map((entry): VerificationKey => {
    if (entry instanceof KeyObject) {
      if (entry.type !== 'public') throw new TypeError('access context verifier: give public keys, not private ones');
      return { kid: publicJwkOf(entry).kid, alg: algorithmOfKey(entry), key: entry };
    }
    const alg = entry.alg ?? (entry.crv === 'Ed25519' ? 'EdDSA' : entry.crv === 'P-256' ? 'ES256' : undefined);
    if (!ACCESS_CONTEXT_ALGORITHMS.includes(alg as AccessContextAlgorithm)) {
      throw new TypeError(`access context keys must be Ed25519 or EC P-256 (got alg ${String(alg)})`);
    }
    if (entry.d !== undefined) throw new TypeError('access context verifier: give public keys, not private ones');
    return { kid: entry.kid, alg: alg as AccessContextAlgorithm, key: entry };
  });
}

function verificationFailure(error: unknown): AccessContextError {
  if (error instanceof AccessContextError) return error;
  const reason: AccessContextFailureReason =
    error instanceof errors.JWTExpired
      ? 'access context expired'
      : error instanceof errors.JWTClaimValidationFailed
        ? error.claim === 'iss'
          ? 'issuer not accepted'
          : error.claim === 'aud'
            ? 'audience not accepted'
            : error.claim === 'nbf' || (error.claim === 'iat' && error.reason === 'check_failed')
              ? 'access context not yet valid'
              : 'access context malformed'
        : error instanceof errors.JWSSignatureVerificationFailed
          ? 'signature invalid'
          : error instanceof errors.JOSEAlgNotAllowed
            ? 'algorithm not allowed'
            : 'access context malformed';
  return new AccessContextError(reason, { cause: error });
}

export function createAccessContextVerifier(options: AccessContextVerifierOptions): AccessContextVerifier {
  const available = verificationKeys(options.publicKeys);
  const clockTolerance = options.clockToleranceSeconds ?? 5;
  const maxTokenAge = options.maxAgeSeconds ?? 300;

  const verifier: AccessContextVerifier = {
    async verify(token) {
      return (await verifier.verifyBinding(token)).context;
    },
    async verifyBinding(token) {
      if (token === undefined || token === '') throw new AccessContextError('access context missing');
      let header;
      try {
        header = decodeProtectedHeader(token);
      } catch (error) {
        throw new AccessContextError('access context malformed', { cause: error });
      }
      if (typeof header.alg !== 'string' || !ACCESS_CONTEXT_ALGORITHMS.includes(header.alg as AccessContextAlgorithm)) {
        throw new AccessContextError('algorithm not allowed');
      }
      const candidates = available.filter(
        (candidate) => candidate.alg === header.alg && (candidate.kid === undefined || candidate.kid === header.kid),
      );
      if (candidates.length === 0) throw new AccessContextError('unknown signing key');

      let lastError: unknown;
      for (const candidate of candidates) {
        try {
          const { payload } = await jwtVerify(token, candidate.key, {
            algorithms: [candidate.alg],
            issuer: ACCESS_CONTEXT_ISSUER,
            typ: ACCESS_CONTEXT_TYPE,
            requiredClaims: ['exp', 'iat', 'sub', 'jti'],
            maxTokenAge,
            clockTolerance,
            ...(options.audience !== undefined ? { audience: options.audience } : {}),
          });
          const claims = contextClaims.safeParse(payload);
          if (!claims.success) throw new AccessContextError('access context malformed');
          const { sub, jti, exp, op, ...rest } = claims.data;
          const context: AccessContext = Object.freeze({ user: sub, ...rest, roles: Object.freeze([...rest.roles]) });
          return Object.freeze({
            context,
            jti,
            acceptedUntil: (exp + clockTolerance) * 1000,
            ...(op !== undefined ? { operation: op } : {}),
          });
        } catch (error) {
          // Another candidate may hold the right key (keys without kid, a rotation): try it.
          if (error instanceof errors.JWSSignatureVerificationFailed) {
            lastError = error;
            continue;
          }
          throw verificationFailure(error);
        }
      }
      throw verificationFailure(lastError);
    },
  };
  return verifier;
}
