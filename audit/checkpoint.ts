import { sign, verify, type KeyObject } from 'node:crypto';
import type { ChainHead } from './chain';
import { checkpointKeyId, checkpointKeyPairOf, importCheckpointPrivateKey, type CheckpointKeyPair } from './checkpointKeys';

/**
 * A checkpoint: a chain head signed by the gateway's key. A verifier that holds the public key can
 * then tell a chain rewritten from a given record onwards (hashes recomputed, so the chain alone
 * looks intact) from the chain the gateway wrote, and notice records removed from a chain's end.
 */
export interface Checkpoint {
  readonly chainId: string;
  readonly seq: number;
  readonly hash: string;
  /** ISO-8601 UTC with milliseconds, exactly as signed. */
  readonly signedAt: string;
  readonly keyId: string;
  /** Ed25519 signature over `checkpointMessage`, base64url. */
  readonly signature: string;
}

export type UnsignedCheckpoint = Pick<Checkpoint, 'chainId' | 'seq' | 'hash' | 'signedAt'>;

/** What is signed: `${chainId}\n${seq}\n${hash}\n${signedAt}`. */
export function checkpointMessage(checkpoint: UnsignedCheckpoint): string {
  return `${checkpoint.chainId}\n${checkpoint.seq}\n${checkpoint.hash}\n${checkpoint.signedAt}`;
}

export interface CheckpointSigner {
  readonly keyId: string;
  readonly publicKey: KeyObject;
  sign(chainId: string, head: ChainHead, signedAt?: Date): Checkpoint;
}

/** Signs checkpoints with an Ed25519 private key (a KeyObject, a key pair, a PKCS#8 PEM or a private JWK). */
export function createCheckpointSigner(privateKey: KeyObject | CheckpointKeyPair | string): CheckpointSigner {
  const pair =
    typeof privateKey === 'string'
      ? importCheckpointPrivateKey(privateKey)
      : 'privateKey' in privateKey
        ? privateKey
        : checkpointKeyPairOf(privateKey);
  return Object.freeze({
    keyId: pair.keyId,
    publicKey: pair.publicKey,
    sign(chainId: string, head: ChainHead, signedAt: Date = new Date()): Checkpoint {
      const unsigned: UnsignedCheckpoint = { chainId, seq: head.seq, hash: head.hash, signedAt: signedAt.toISOString() };
      const signature = sign(null, Buffer.from(checkpointMessage(unsigned), 'utf8'), pair.privateKey).toString('base64url');
      return Object.freeze({ ...unsigned, keyId: pair.keyId, signature });
    },
  });
}

export type CheckpointSignatureStatus = 'valid' | 'invalid-signature' | 'unknown-key';

export interface CheckpointVerifier {
  /** Key ids this verifier knows. */
  readonly keyIds: readonly string[];
  verify(checkpoint: Checkpoint): CheckpointSignatureStatus;
}

/** Verifies checkpoints against the given public keys, picked by key id. */
export function createCheckpointVerifier(publicKeys: readonly KeyObject[]): CheckpointVerifier {
  const byId = new Map(publicKeys.map((key) => [checkpointKeyId(key), key] as const));
  return Object.freeze({
    keyIds: Object.freeze([...byId.keys()]),
    verify(checkpoint: Checkpoint): CheckpointSignatureStatus {
      const key = byId.get(checkpoint.keyId);
      if (!key) return 'unknown-key';
      const signature = Buffer.from(checkpoint.signature, 'base64url');
      // Ed25519 signatures are 64 bytes; anything else is not one (and verify would throw on some inputs).
      if (signature.length !== 64) return 'invalid-signature';
      return verify(null, Buffer.from(checkpointMessage(checkpoint), 'utf8'), key, signature) ? 'valid' : 'invalid-signature';
    },
  });
}
