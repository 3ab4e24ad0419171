import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type JsonWebKey, type KeyObject } from 'node:crypto';
import type { JSONWebKeySet, JWK } from 'jose';
import { parsePublicKeyText } from './publicKeyText';

/**
 * Keys for the gateway→subgraph access context, in the forms configuration carries them: the
 * gateway holds a PKCS#8 PEM private key (e.g. ACCESS_CONTEXT_PRIVATE_KEY); subgraphs hold the public
 * keys as a JWKS or PEM blocks (e.g. ACCESS_CONTEXT_PUBLIC_KEYS) — two during a rotation. The key id
 * is the RFC 7638 thumbprint of the public key, so it never has to be configured beside the key.
 */

export type AccessContextAlgorithm = 'EdDSA' | 'ES256';
export const ACCESS_CONTEXT_ALGORITHMS: readonly AccessContextAlgorithm[] = Object.freeze(['EdDSA', 'ES256']);

export interface AccessContextKeyPair {
  readonly algorithm: AccessContextAlgorithm;
  readonly keyId: string;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

export class AccessContextKeyError extends Error {
  override name = 'AccessContextKeyError';
}

/** The JWS algorithm a key is for; only Ed25519 and P-256 keys are accepted. */
export function algorithmOfKey(key: KeyObject): AccessContextAlgorithm {
  if (key.asymmetricKeyType === 'ed25519') return 'EdDSA';
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'ES256';
  throw new AccessContextKeyError(`access context keys must be Ed25519 or EC P-256, not ${key.asymmetricKeyType ?? 'a symmetric key'}`);
}

/** RFC 7638: SHA-256 over the required members in lexicographic order (OKP: crv kty x; EC: crv kty x y). */
function thumbprint(jwk: JsonWebKey): string {
  const members = jwk.kty === 'OKP' ? { crv: jwk.crv, kty: jwk.kty, x: jwk.x } : { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y };
  return createHash('sha256').update(JSON.stringify(members)).digest('base64url');
}

/** The public key as a JWK with kid, alg and use, ready for a JWKS. */
export function publicJwkOf(key: KeyObject): JWK {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  const algorithm = algorithmOfKey(publicKey);
  const jwk = publicKey.export({ format: 'jwk' });
  return { ...(jwk as JWK), kid: thumbprint(jwk), alg: algorithm, use: 'sig' };
}

function pairFrom(privateKey: KeyObject): AccessContextKeyPair {
  const publicKey = createPublicKey(privateKey);
  return Object.freeze({ algorithm: algorithmOfKey(publicKey), keyId: publicJwkOf(publicKey).kid!, privateKey, publicKey });
}

export function generateAccessContextKeyPair(algorithm: AccessContextAlgorithm = 'EdDSA'): AccessContextKeyPair {
  const { privateKey } =
    algorithm === 'EdDSA' ? generateKeyPairSync('ed25519') : generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return pairFrom(privateKey);
}

export interface ExportedAccessContextKeyPair {
  /** PKCS#8 PEM: the gateway's secret. */
  privateKeyPem: string;
  /** SPKI PEM. */
  publicKeyPem: string;
  /** The public key as a JWKS with one key: what subgraphs are given. */
  publicJwks: JSONWebKeySet;
}

export function exportAccessContextKeyPair(pair: AccessContextKeyPair): ExportedAccessContextKeyPair {
  return {
    privateKeyPem: pair.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicKeyPem: pair.publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    publicJwks: { keys: [publicJwkOf(pair.publicKey)] },
  };
}

/** The gateway's key pair from its PKCS#8 PEM (a private JWK works too). */
export function importAccessContextPrivateKey(text: string): AccessContextKeyPair {
  let privateKey: KeyObject;
  try {
    const trimmed = text.trim();
    privateKey = trimmed.startsWith('{')
      ? createPrivateKey({ key: JSON.parse(trimmed) as JsonWebKey, format: 'jwk' })
      : createPrivateKey(trimmed);
  } catch {
    // Never echo the text: it is a secret.
    throw new AccessContextKeyError('access context private key: not a PKCS#8 PEM or a private JWK');
  }
  return pairFrom(privateKey);
}

/** Subgraphs' public keys from a JWKS (`{"keys":[…]}`), a single JWK, or one or more SPKI PEM blocks. */
export function parseAccessContextPublicKeys(text: string): JSONWebKeySet {
  const keys = parsePublicKeyText(text, (reason) => new AccessContextKeyError(`access context public keys: ${reason}`));
  return { keys: keys.map(publicJwkOf) };
}
