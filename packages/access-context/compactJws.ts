import { KeyObject, sign } from 'node:crypto';
import type { AccessContextAlgorithm } from './accessContextKeys';

const encoded = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * A compact JWS (RFC 7515) signed with node:crypto directly: one synchronous Ed25519 (or P-256) signature
 * over `header.payload`, where jose would go through WebCrypto and a promise per signature. The bytes are a
 * standard JWS, so any verifier (the subgraphs' jose) checks it as before. ES256 signatures are the raw
 * r‖s pair JWS requires (ieee-p1363), not DER.
 */
export function signCompactJws(header: Record<string, unknown>, payload: Record<string, unknown>, key: KeyObject, algorithm: AccessContextAlgorithm): string {
  const input = `${encoded(header)}.${encoded(payload)}`;
  const signature =
    algorithm === 'EdDSA' ? sign(null, Buffer.from(input), key) : sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
}
