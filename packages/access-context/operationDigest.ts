import { createHash } from 'node:crypto';

/**
 * The digest an access context binds (its `op` claim): SHA-256, base64url, over the exact bytes of the
 * subgraph request body — the operation, its name, its variables and its extensions as the gateway sent
 * them. Bytes, not a canonical form: the gateway hashes the JSON it is about to send and the subgraph the
 * JSON it received, before parsing, so no canonicalisation can disagree, and a body that differs in any
 * byte (another query, other variables, an added `extensions`, a duplicate key) is another operation.
 */
export function operationDigestOf(body: string | Uint8Array): string {
  return createHash('sha256').update(body).digest('base64url');
}
