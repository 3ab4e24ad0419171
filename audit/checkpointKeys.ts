import { createPrivateKey, createPublicKey, generateKeyPairSync, type JsonWebKey, type KeyObject } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { JSONWebKeySet, JWK } from 'jose';
import { publicJwkOf } from '@govgraph/access-context';
import { parsePublicKeyText } from '@govgraph/access-context';

/**
 * The gateway's checkpoint key: Ed25519, identified by the RFC 7638 thumbprint of its public key
 * (so the key id never has to be configured beside the key). The gateway holds the private key;
 * `npm run audit:verify` is given the public keys (AUDIT_PUBLIC_KEYS: a JWKS or PEM blocks, several
 * after a rotation, since old checkpoints keep the key that signed them).
 */

export interface CheckpointKeyPair {
  readonly keyId: string;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

export class CheckpointKeyError extends Error {
  override name = 'CheckpointKeyError';
}

/** Where `npm start` keeps its development key pair, relative to the working directory. */
export const DEFAULT_CHECKPOINT_KEY_FILE = '.data/audit-checkpoint-key.json';

function assertEd25519(key: KeyObject): void {
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new CheckpointKeyError(`audit checkpoint keys must be Ed25519, not ${key.asymmetricKeyType ?? 'a symmetric key'}`);
  }
}

/** The key id of a public (or private) key: its RFC 7638 thumbprint. */
export function checkpointKeyId(key: KeyObject): string {
  return publicJwkOf(key).kid!;
}

/** The pair of an Ed25519 private key. */
export function checkpointKeyPairOf(privateKey: KeyObject): CheckpointKeyPair {
  assertEd25519(privateKey);
  const publicKey = createPublicKey(privateKey);
  return Object.freeze({ keyId: checkpointKeyId(publicKey), privateKey, publicKey });
}

export function generateCheckpointKeyPair(): CheckpointKeyPair {
  return checkpointKeyPairOf(generateKeyPairSync('ed25519').privateKey);
}

/** A private key from a PKCS#8 PEM or a private JWK; the text is a secret and never echoed. */
export function importCheckpointPrivateKey(text: string): CheckpointKeyPair {
  let privateKey: KeyObject;
  try {
    const trimmed = text.trim();
    privateKey = trimmed.startsWith('{')
      ? createPrivateKey({ key: JSON.parse(trimmed) as JsonWebKey, format: 'jwk' })
      : createPrivateKey(trimmed);
  } catch {
    throw new CheckpointKeyError('audit checkpoint private key: not a PKCS#8 PEM or a private JWK');
  }
  return checkpointKeyPairOf(privateKey);
}

/** Public keys from a JWKS (`{"keys":[…]}`), a single JWK, or SPKI PEM blocks. */
export function parseCheckpointPublicKeys(text: string): KeyObject[] {
  const keys = parsePublicKeyText(text, (reason) => new CheckpointKeyError(`audit public keys: ${reason}`));
  keys.forEach(assertEd25519);
  return keys;
}

/** The public keys as a JWKS (kid = thumbprint), the form AUDIT_PUBLIC_KEYS takes. */
export function checkpointPublicJwks(keys: readonly KeyObject[]): JSONWebKeySet {
  return { keys: keys.map((key) => publicJwkOf(key) as JWK) };
}

interface CheckpointKeyFile {
  keyId: string;
  privateKeyPem: string;
  publicJwks: JSONWebKeySet;
}

/**
 * Development: the key pair kept in `file` (created, mode 0600, on first use), so checkpoints signed
 * before a restart of `npm start` still verify after it. Production passes the private key in
 * configuration instead and gives verifiers only the public key.
 */
export async function loadOrCreateCheckpointKey(file: string = DEFAULT_CHECKPOINT_KEY_FILE): Promise<CheckpointKeyPair> {
  const existing = await readKeyFile(file);
  if (existing) return importCheckpointPrivateKey(existing.privateKeyPem);
  const pair = generateCheckpointKeyPair();
  const content: CheckpointKeyFile = {
    keyId: pair.keyId,
    privateKeyPem: pair.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicJwks: checkpointPublicJwks([pair.publicKey]),
  };
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  try {
    // 'wx': two processes starting at once must end up with one key, not overwrite each other's.
    await writeFile(file, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const written = await readKeyFile(file);
    if (!written) throw error;
    return importCheckpointPrivateKey(written.privateKeyPem);
  }
  return pair;
}

/** The public key of the key file, for verification; undefined when there is no such file. */
export async function readCheckpointPublicKeyFile(file: string = DEFAULT_CHECKPOINT_KEY_FILE): Promise<KeyObject[] | undefined> {
  const content = await readKeyFile(file);
  return content ? [importCheckpointPrivateKey(content.privateKeyPem).publicKey] : undefined;
}

async function readKeyFile(file: string): Promise<CheckpointKeyFile | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as Partial<CheckpointKeyFile>;
    if (typeof parsed.privateKeyPem !== 'string') throw new Error('no privateKeyPem');
    return parsed as CheckpointKeyFile;
  } catch {
    throw new CheckpointKeyError(`${file}: not an audit checkpoint key file (delete it to create a new key)`);
  }
}
