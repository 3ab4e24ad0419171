import { generateKeyPairSync } from 'node:crypto';
import { calculateJwkThumbprint, decodeJwt, decodeProtectedHeader, type JWK } from 'jose';
import {
  AccessContextError,
  createAccessContextSigner,
  createAccessContextVerifier,
  type AccessContext,
  type AccessContextFailureReason,
} from '@govgraph/access-context';
import {
  AccessContextKeyError,
  exportAccessContextKeyPair,
  generateAccessContextKeyPair,
  importAccessContextPrivateKey,
  parseAccessContextPublicKeys,
  type AccessContextKeyPair,
} from '@govgraph/access-context';
import { startDevIdentityProvider } from '../../identity/devIdentityProvider';
import { operationDigestOf } from '@govgraph/access-context';
import { freePort } from '../../runtime/freePort';
import { base64url, passwordToken } from './tokenEndpoint';

const context: AccessContext = {
  user: 'fd2f94cb-ef65-43b4-b430-0f5ab9949b93',
  username: 'mediator.wang',
  roles: ['mediator'],
  agency: 'petitions',
  district: '330110',
  purpose: 'dispute-resolution',
  caseRef: 'D-2025-0001',
  requestId: 'req-123',
};

let pair: AccessContextKeyPair;

beforeAll(() => {
  pair = generateAccessContextKeyPair();
});

async function reasonOf(promise: Promise<unknown>): Promise<AccessContextFailureReason> {
  const error = await promise.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  if (!(error instanceof AccessContextError)) throw new Error(`expected an AccessContextError, got ${String(error)}`);
  expect(error.code).toBe('UNAUTHENTICATED');
  return error.reason;
}

describe('access context round trip', () => {
  it.each(['EdDSA', 'ES256'] as const)('%s: what the gateway signs is what the subgraph reads', async (algorithm) => {
    const keys = algorithm === 'EdDSA' ? pair : generateAccessContextKeyPair('ES256');
    const signer = createAccessContextSigner({ privateKey: keys.privateKey, keyId: keys.keyId });
    const token = await signer.sign(context, 'petitions');
    expect(decodeProtectedHeader(token)).toEqual({ alg: algorithm, kid: keys.keyId, typ: 'govgraph-access-context+jwt' });
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({ iss: 'govgraph-gateway', sub: context.user, aud: 'petitions' });
    expect(claims.exp! - claims.iat!).toBe(60);

    const publicJwks = exportAccessContextKeyPair(keys).publicJwks;
    // The key id is the RFC 7638 thumbprint, as jose computes it.
    expect(keys.keyId).toBe(await calculateJwkThumbprint(publicJwks.keys[0]!));
    const verifier = createAccessContextVerifier({ publicKeys: publicJwks, audience: 'petitions' });
    expect(await verifier.verify(token)).toEqual(context);
  });

  it("marks the gateway's own case verification, and only that one", async () => {
    const signer = createAccessContextSigner({ privateKey: pair.privateKey, keyId: pair.keyId });
    const verifier = createAccessContextVerifier({ publicKeys: [pair.publicKey], audience: 'petitions' });
    expect(await verifier.verify(await signer.sign({ ...context, caseVerification: true }, 'petitions'))).toEqual({ ...context, caseVerification: true });
    expect(await verifier.verify(await signer.sign(context, 'petitions'))).not.toHaveProperty('caseVerification');
  });

  it('carries what binds it to one fetch: its id, its expiry and the digest of the operation it was signed for', async () => {
    const signer = createAccessContextSigner({ privateKey: pair.privateKey, keyId: pair.keyId });
    const verifier = createAccessContextVerifier({ publicKeys: [pair.publicKey], audience: 'petitions' });
    const token = await signer.sign(context, 'petitions', operationDigestOf('{"query":"{ __typename }"}'));
    const claims = decodeJwt(token);
    const bound = await verifier.verifyBinding(token);
    expect(bound).toEqual({
      context,
      jti: claims.jti,
      acceptedUntil: (claims.exp! + 5) * 1000,
      operation: operationDigestOf('{"query":"{ __typename }"}'),
    });
    expect(bound.operation).toMatch(/^[\w-]{43}$/);
    // two contexts for the same caller and body are two contexts
    expect((await verifier.verifyBinding(await signer.sign(context, 'petitions'))).jti).not.toBe(bound.jti);
    expect((await verifier.verifyBinding(await signer.sign(context, 'petitions'))).operation).toBeUndefined();
  });

  it('keeps optional members absent when they are', async () => {
    const signer = createAccessContextSigner({ privateKey: pair.privateKey, keyId: pair.keyId });
    const minimal: AccessContext = { user: 'u-1', username: 'officer.qian', roles: ['privacy-officer'], purpose: 'audit-review', requestId: 'r-1' };
    const verified = await createAccessContextVerifier({ publicKeys: [pair.publicKey] }).verify(await signer.sign(minimal));
    expect(verified).toEqual(minimal);
    expect(Object.keys(verified).sort()).toEqual(['purpose', 'requestId', 'roles', 'user', 'username']);
  });

  it('survives the trip through configuration: PEM private key, JWKS or PEM public keys', async () => {
    const exported = exportAccessContextKeyPair(pair);
    const imported = importAccessContextPrivateKey(exported.privateKeyPem);
    expect(imported.keyId).toBe(pair.keyId);
    const signer = createAccessContextSigner({ privateKey: imported.privateKey, keyId: imported.keyId });
    const token = await signer.sign(context);

    for (const text of [JSON.stringify(exported.publicJwks), exported.publicKeyPem]) {
      const publicKeys = parseAccessContextPublicKeys(text);
      expect(publicKeys.keys[0]).toMatchObject({ kid: pair.keyId, alg: 'EdDSA', use: 'sig', kty: 'OKP' });
      expect((await createAccessContextVerifier({ publicKeys }).verify(token)).username).toBe('mediator.wang');
    }
  });

  it('accepts the old and the new key during a rotation', async () => {
    const next = generateAccessContextKeyPair();
    const publicKeys = parseAccessContextPublicKeys(exportAccessContextKeyPair(pair).publicKeyPem + exportAccessContextKeyPair(next).publicKeyPem);
    const verifier = createAccessContextVerifier({ publicKeys });
    for (const keys of [pair, next]) {
      const token = await createAccessContextSigner({ privateKey: keys.privateKey, keyId: keys.keyId }).sign(context);
      expect((await verifier.verify(token)).requestId).toBe('req-123');
    }
  });
});

describe('access context refused', () => {
  const verifier = () => createAccessContextVerifier({ publicKeys: [pair.publicKey], audience: 'petitions' });
  const signer = () => createAccessContextSigner({ privateKey: pair.privateKey, keyId: pair.keyId });

  it('when missing', async () => {
    expect(await reasonOf(verifier().verify(undefined))).toBe('access context missing');
    expect(await reasonOf(verifier().verify(''))).toBe('access context missing');
  });

  it('when the payload was tampered with', async () => {
    const [header, , signature] = (await signer().sign(context, 'petitions')).split('.');
    const widened = base64url({ ...decodeJwt(await signer().sign(context, 'petitions')), roles: ['mediator', 'police-investigator'] });
    expect(await reasonOf(verifier().verify(`${header}.${widened}.${signature}`))).toBe('signature invalid');
  });

  it('when expired', async () => {
    const past = createAccessContextSigner({ privateKey: pair.privateKey, keyId: pair.keyId, clock: () => Date.now() - 120_000 });
    expect(await reasonOf(verifier().verify(await past.sign(context, 'petitions')))).toBe('access context expired');
  });

  it('when issued too long ago, whatever its exp', async () => {
    const longLived = createAccessContextSigner({ privateKey: pair.privateKey, keyId: pair.keyId, ttlSeconds: 3_600, clock: () => Date.now() - 600_000 });
    expect(await reasonOf(verifier().verify(await longLived.sign(context, 'petitions')))).toBe('access context expired');
  });

  it('when signed by another key', async () => {
    const stranger = generateAccessContextKeyPair();
    const unknown = createAccessContextSigner({ privateKey: stranger.privateKey, keyId: stranger.keyId });
    expect(await reasonOf(verifier().verify(await unknown.sign(context, 'petitions')))).toBe('unknown signing key');
    const impostor = createAccessContextSigner({ privateKey: stranger.privateKey, keyId: pair.keyId });
    expect(await reasonOf(verifier().verify(await impostor.sign(context, 'petitions')))).toBe('signature invalid');
  });

  it('when minted for another subgraph', async () => {
    expect(await reasonOf(verifier().verify(await signer().sign(context, 'bank')))).toBe('audience not accepted');
    expect(await reasonOf(verifier().verify(await signer().sign(context)))).toBe('audience not accepted');
  });

  it('when it is a Keycloak access token instead', async () => {
    const idp = await startDevIdentityProvider({ port: await freePort() });
    try {
      const accessToken = await passwordToken(idp.issuer, 'mediator.wang');
      expect(await reasonOf(verifier().verify(accessToken))).toBe('algorithm not allowed');
    } finally {
      await idp.close();
    }
  });

  it('when malformed', async () => {
    expect(await reasonOf(verifier().verify('garbage'))).toBe('access context malformed');
    const header = base64url({ alg: 'none', typ: 'govgraph-access-context+jwt' });
    expect(await reasonOf(verifier().verify(`${header}.${base64url({ sub: 'x' })}.`))).toBe('algorithm not allowed');
  });

  it('when a member is missing', async () => {
    const { purpose: _purpose, ...withoutPurpose } = context;
    const token = await signer().sign(withoutPurpose as AccessContext, 'petitions');
    expect(await reasonOf(verifier().verify(token))).toBe('access context malformed');
  });
});

describe('key configuration errors', () => {
  it('refuses a private key where public keys belong', () => {
    const exported = exportAccessContextKeyPair(pair);
    const privateJwk = pair.privateKey.export({ format: 'jwk' });
    expect(() => parseAccessContextPublicKeys(JSON.stringify({ keys: [privateJwk] }))).toThrow(AccessContextKeyError);
    expect(() => parseAccessContextPublicKeys(exported.privateKeyPem)).toThrow('none given');
    expect(() => createAccessContextVerifier({ publicKeys: [pair.privateKey] })).toThrow(TypeError);
    expect(() => createAccessContextVerifier({ publicKeys: { keys: [privateJwk as JWK] } })).toThrow(TypeError);
  });

  it('refuses keys of other kinds, when the verifier is created', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
    expect(() => createAccessContextVerifier({ publicKeys: [rsa] })).toThrow(/Ed25519 or EC P-256/);
    expect(() => createAccessContextVerifier({ publicKeys: { keys: [] } })).toThrow(TypeError);
  });

  it('refuses a private key that does not parse, without echoing it', () => {
    let error: unknown;
    try {
      importAccessContextPrivateKey('-----BEGIN PRIVATE KEY-----\nc2VjcmV0\n-----END PRIVATE KEY-----');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AccessContextKeyError);
    expect((error as Error).message).not.toContain('c2VjcmV0');
  });
});
