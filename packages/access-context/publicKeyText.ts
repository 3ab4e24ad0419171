import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';

const PEM_BLOCK = /-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/g;

/**
 * Public keys as configuration gives them: a JWKS (`{"keys":[…]}`), a single JWK, or one or more SPKI PEM
 * blocks. A private key, text of another shape, or no key at all is refused with `fail(reason)` — the
 * text itself is never echoed, it may be a secret pasted in the wrong place.
 */
export function parsePublicKeyText(text: string, fail: (reason: string) => Error): KeyObject[] {
  const trimmed = text.trim();
  let jwks: JsonWebKey[] | undefined;
  if (trimmed.startsWith('{')) {
    try {
      const parsed = JSON.parse(trimmed) as { keys?: unknown };
      jwks = Array.isArray(parsed.keys) ? (parsed.keys as JsonWebKey[]) : [parsed as JsonWebKey];
    } catch {
      throw fail('not a JWKS, a JWK or SPKI PEM blocks');
    }
    if (jwks.some((jwk) => jwk.d !== undefined)) throw fail('a private key was given');
  }
  let keys: KeyObject[];
  try {
    keys = jwks
      ? jwks.map((jwk) => createPublicKey({ key: jwk, format: 'jwk' }))
      : (trimmed.match(PEM_BLOCK) ?? []).map((pem) => createPublicKey(pem));
  } catch {
    throw fail('not a JWKS, a JWK or SPKI PEM blocks');
  }
  if (keys.length === 0) throw fail('none given');
  return keys;
}
