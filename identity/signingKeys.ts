import { calculateJwkThumbprint, exportJWK, generateKeyPair, type CryptoKey, type JSONWebKeySet, type JWK } from 'jose';

/**
 * The development identity provider's RS256 keys. One key signs; after a rotation the previous key
 * stays published in the JWKS for `retentionMs`, so tokens it signed keep verifying until they
 * expire — the way Keycloak keeps a passive key while its tokens are still alive.
 */

export const SIGNING_ALGORITHM = 'RS256';

export interface SigningKey {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
}

export interface SigningKeyRing {
  current(): SigningKey;
  /** The published keys: the signing key first, then retired keys still within their retention. */
  jwks(): JSONWebKeySet;
  /** A new key becomes the signing key; returns its kid. */
  rotate(): Promise<string>;
}

export interface SigningKeyRingOptions {
  /** How long a retired key stays published, in ms. */
  retentionMs: number;
  /** Epoch milliseconds; tests move it. */
  clock?: () => number;
}

async function newSigningKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(SIGNING_ALGORITHM, { modulusLength: 2048 });
  const exported = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(exported);
  return { kid, privateKey, publicJwk: Object.freeze({ kid, kty: exported.kty, alg: SIGNING_ALGORITHM, use: 'sig', n: exported.n, e: exported.e }) };
}

export async function createSigningKeyRing(options: SigningKeyRingOptions): Promise<SigningKeyRing> {
  const clock = options.clock ?? Date.now;
  let signing = await newSigningKey();
  let retired: { key: SigningKey; retiredAt: number }[] = [];

  return {
    current: () => signing,
    jwks: () => {
      const now = clock();
      retired = retired.filter((entry) => now < entry.retiredAt + options.retentionMs);
      return { keys: [signing.publicJwk, ...retired.map((entry) => entry.key.publicJwk)] };
    },
    rotate: async () => {
      const next = await newSigningKey();
      retired = [{ key: signing, retiredAt: clock() }, ...retired];
      signing = next;
      return next.kid;
    },
  };
}
