import { webcrypto } from 'node:crypto';
import express from 'express';
import { decodeProtectedHeader, decodeJwt, SignJWT, jwtVerify, importJWK } from 'jose';
import { ACCESS_CONTEXT_HEADER, createAccessContextSigner, createAccessContextVerifier, type AccessContext } from '@govgraph/access-context';
import { exportAccessContextKeyPair, generateAccessContextKeyPair, type AccessContextAlgorithm } from '@govgraph/access-context';
import { operationDigestOf } from '@govgraph/access-context';
import { PURPOSE_LIST } from '../../policies';
import { accessGate } from '../../subgraphs/kit/accessGate';
import { listen, type RunningServer } from '../../subgraphs/kit/httpServer';
import { EXAMPLE_CASE_REF } from '../../runtime/banner';

const MEDIATOR: AccessContext = {
  user: 'u-1',
  username: 'mediator.wang',
  roles: ['mediator'],
  agency: 'petitions',
  district: '330110',
  purpose: 'dispute-resolution',
  caseRef: EXAMPLE_CASE_REF,
  requestId: 'r-1',
};

describe.each<AccessContextAlgorithm>(['EdDSA', 'ES256'])('the node:crypto signer (%s)', (algorithm) => {
  const keys = generateAccessContextKeyPair(algorithm);
  const { publicJwks } = exportAccessContextKeyPair(keys);
  const signer = createAccessContextSigner({ privateKey: keys.privateKey, keyId: keys.keyId });

  it("writes what the subgraphs' verifier accepts, with every claim", async () => {
    const token = await signer.sign(MEDIATOR, 'police', 'digest-1');
    const verified = await createAccessContextVerifier({ publicKeys: publicJwks, audience: 'police' }).verifyBinding(token);
    expect(verified.context).toEqual(MEDIATOR);
    expect(verified.operation).toBe('digest-1');
    expect(verified.jti).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('is the same JWS jose would write: the same protected header and the same claims', async () => {
    const token = await signer.sign(MEDIATOR, 'police', 'digest-1');
    const claims = decodeJwt(token);
    const reference = await new SignJWT({ ...claims }).setProtectedHeader({ alg: algorithm, kid: keys.keyId, typ: 'govgraph-access-context+jwt' }).sign(keys.privateKey);
    expect(decodeProtectedHeader(token)).toEqual(decodeProtectedHeader(reference));
    expect(claims).toEqual(decodeJwt(reference));
    expect(Object.keys(decodeProtectedHeader(token)).sort()).toEqual(['alg', 'kid', 'typ']);
    // And plain jose, given only the public JWK, checks its signature.
    const { payload } = await jwtVerify(token, await importJWK(publicJwks.keys[0]!, algorithm), { algorithms: [algorithm] });
    expect(payload.sub).toBe(MEDIATOR.user);
  });

  it('gives every context its own jti and the configured lifetime', async () => {
    const now = 1_800_000_000_000;
    const timed = createAccessContextSigner({ privateKey: keys.privateKey, keyId: keys.keyId, ttlSeconds: 30, clock: () => now });
    const [a, b] = [decodeJwt(await timed.sign(MEDIATOR, 'police')), decodeJwt(await timed.sign(MEDIATOR, 'police'))];
    expect(a.jti).not.toBe(b.jti);
    expect(a.iat).toBe(now / 1000);
    expect(a.exp).toBe(now / 1000 + 30);
  });

  it('signs with a WebCrypto key too (converted once)', async () => {
    const pkcs8 = keys.privateKey.export({ format: 'der', type: 'pkcs8' });
    const cryptoKey = await webcrypto.subtle.importKey('pkcs8', pkcs8, algorithm === 'EdDSA' ? { name: 'Ed25519' } : { name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign']);
    const fromWebCrypto = createAccessContextSigner({ privateKey: cryptoKey, keyId: keys.keyId });
    const context = await createAccessContextVerifier({ publicKeys: publicJwks, audience: 'court' }).verify(await fromWebCrypto.sign(MEDIATOR, 'court', 'd'));
    expect(context.username).toBe('mediator.wang');
  });

  it('a flipped payload byte breaks the signature', async () => {
    const [header, payload, signature] = (await signer.sign(MEDIATOR, 'police', 'd')).split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, roles: ['judge'] })).toString('base64url')}.${signature}`;
    await expect(createAccessContextVerifier({ publicKeys: publicJwks, audience: 'police' }).verify(forged)).rejects.toMatchObject({ reason: 'signature invalid' });
  });
});

describe("a subgraph's access gate, over HTTP, with contexts from the node:crypto signer", () => {
  const keys = generateAccessContextKeyPair();
  const signer = createAccessContextSigner({ privateKey: keys.privateKey, keyId: keys.keyId });
  let server: RunningServer;
  beforeAll(async () => {
    const app = express();
    app.post('/graphql', ...accessGate({ agency: 'police', publicKeys: exportAccessContextKeyPair(keys).publicJwks, purposes: PURPOSE_LIST }), (_req: express.Request, res: express.Response) => {
      res.json({ data: { admitted: true } });
    });
    server = await listen(app, 0, '127.0.0.1');
  });
  afterAll(() => server.close());

  const post = (context: string, body: string) =>
    fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', [ACCESS_CONTEXT_HEADER]: context }, body }).then(async (response) => ({
      status: response.status,
      body: (await response.json()) as { errors?: { message: string }[] },
    }));
  const body = JSON.stringify({ query: '{ person(idNumber: "330110197803150018") { name } }' });

  it('admits a context once, for its own body; a replay is refused', async () => {
    const context = await signer.sign(MEDIATOR, 'police', operationDigestOf(body));
    expect((await post(context, body)).status).toBe(200);
    const replay = await post(context, body);
    expect(replay.status).toBe(401);
    expect(replay.body.errors?.[0]?.message).toMatch(/access context already used/);
  });

  it('refuses a context with another body, or minted for another agency', async () => {
    const other = await post(await signer.sign(MEDIATOR, 'police', operationDigestOf(body)), body.replace('name', 'phone'));
    expect(other.status).toBe(401);
    expect(other.body.errors?.[0]?.message).toMatch(/not for this operation/);
    const court = await post(await signer.sign(MEDIATOR, 'court', operationDigestOf(body)), body);
    expect(court.status).toBe(401);
    expect(court.body.errors?.[0]?.message).toMatch(/audience not accepted/);
  });

  it('admits many concurrent contexts for the same body, each once', async () => {
    const contexts = await Promise.all(Array.from({ length: 20 }, () => signer.sign(MEDIATOR, 'police', operationDigestOf(body))));
    const first = await Promise.all(contexts.map((context) => post(context, body)));
    expect(first.map((answer) => answer.status)).toEqual(contexts.map(() => 200));
    const again = await Promise.all(contexts.map((context) => post(context, body)));
    expect(again.map((answer) => answer.status)).toEqual(contexts.map(() => 401));
  });
});
