import { createHmac, createPublicKey, type JsonWebKey } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { decodeProtectedHeader, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import {
  authenticate,
  AuthenticationError,
  createTokenVerifier,
  type AuthenticationFailureReason,
  type TokenVerifier,
  type TokenVerifierOptions,
} from '../../gateway/identity';
import { startDevIdentityProvider, type RunningDevIdentityProvider } from '../../identity/devIdentityProvider';
import { GOVGRAPH_REALM } from '../../identity/realm';
import { freePort } from '../../runtime/freePort';
import { listen } from '../../subgraphs/kit/httpServer';
import { base64url, clientToken, passwordToken, requestToken } from './tokenEndpoint';

let idp: RunningDevIdentityProvider;
/** The provider's clock runs this many ms from the real one (tokens issued "in the past"). */
let clockOffsetMs = 0;

beforeAll(async () => {
  idp = await startDevIdentityProvider({ port: await freePort(), clock: () => Date.now() + clockOffsetMs });
});
afterAll(() => idp.close());

function verifierFor(issuer: string, options: Partial<TokenVerifierOptions> = {}): TokenVerifier {
  return createTokenVerifier({ issuer, audience: 'govgraph-gateway', ...options });
}

async function reasonOf(promise: Promise<unknown>): Promise<AuthenticationFailureReason> {
  const error = await promise.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  if (!(error instanceof AuthenticationError)) throw new Error(`expected an AuthenticationError, got ${String(error)}`);
  expect(error.code).toBe('UNAUTHENTICATED');
  expect(error.message).toBe(`Authentication failed: ${error.reason}`);
  return error.reason;
}

async function currentKid(): Promise<string> {
  return decodeProtectedHeader(await passwordToken(idp.issuer, 'mediator.wang')).kid!;
}

/** A token signed by a key of our own, not the provider's. */
async function signedByStranger(claims: JWTPayload, kid: string): Promise<string> {
  const { privateKey } = await generateKeyPair('RS256');
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid }).sign(privateKey);
}

describe('a valid access token', () => {
  it('becomes the Identity of the demo user', async () => {
    const verifier = verifierFor(idp.issuer, { clients: ['govgraph-cli'] });
    const identity = await verifier.verify(await passwordToken(idp.issuer, 'mediator.wang'));
    const wang = GOVGRAPH_REALM.users.find((user) => user.username === 'mediator.wang')!;
    expect(identity).toMatchObject({
      subject: wang.id,
      username: 'mediator.wang',
      name: '王芳',
      roles: ['mediator'],
      agency: 'petitions',
      district: '330110',
      clientId: 'govgraph-cli',
      serviceAccount: false,
      issuer: idp.issuer,
    });
    expect(identity.expiresAt.getTime()).toBeGreaterThan(Date.now());
    expect(Object.isFrozen(identity)).toBe(true);
  });

  it('becomes the Identity of an application’s service account, by the same verifier and audience', async () => {
    const verifier = verifierFor(idp.issuer);
    const identity = await verifier.verify(await clientToken(idp.issuer, 'app-risk-card'));
    const account = GOVGRAPH_REALM.clients.find((client) => client.clientId === 'app-risk-card')!.serviceAccount!;
    expect(identity).toMatchObject({
      subject: account.id,
      username: 'service-account-app-risk-card',
      roles: ['risk-analyst'],
      agency: 'procuratorate',
      district: '331004',
      clientId: 'app-risk-card',
      serviceAccount: true,
    });
    expect(identity.name).toBeUndefined();
    // A publisher has no district: none is made up.
    const publisher = await verifier.verify(await clientToken(idp.issuer, 'mediation-publisher'));
    expect(publisher).toMatchObject({ roles: ['schema-publisher'], agency: 'mediation', serviceAccount: true });
    expect(publisher.district).toBeUndefined();
  });

  it('is a person’s, not a service account, when an official signs in through an application', async () => {
    const claims = { ...idp.accessTokenClaims('mediator.wang', 'app-dispute-cockpit') };
    const identity = await verifierFor(idp.issuer).verify(await idp.signClaims(claims));
    expect(identity).toMatchObject({ username: 'mediator.wang', clientId: 'app-dispute-cockpit', serviceAccount: false });
  });

  it('restricted to some clients (OIDC_CLIENTS), refuses an application’s token issued to another', async () => {
    const verifier = verifierFor(idp.issuer, { clients: ['govgraph-cli', 'app-anti-fraud'] });
    await expect(verifier.verify(await clientToken(idp.issuer, 'app-anti-fraud'))).resolves.toMatchObject({ clientId: 'app-anti-fraud' });
    await expect(reasonOf(verifier.verify(await clientToken(idp.issuer, 'police-publisher')))).resolves.toBe('client not accepted');
  });

  it('is accepted with nbf slightly ahead, within the clock tolerance', async () => {
    const claims = idp.accessTokenClaims('grid.wu');
    const token = await idp.signClaims({ ...claims, nbf: Math.floor(Date.now() / 1000) + 10 });
    expect((await verifierFor(idp.issuer).verify(token)).district).toBe('330502');
  });
});

describe('the verifier refuses, with the reason', () => {
  const verifier = () => verifierFor(idp.issuer, { clients: ['govgraph-cli', 'govgraph-console'] });
  const now = () => Math.floor(Date.now() / 1000);

  it('a forged signature: another RSA key, the provider’s kid', async () => {
    const token = await signedByStranger(idp.accessTokenClaims('mediator.wang'), await currentKid());
    expect(await reasonOf(verifier().verify(token))).toBe('signature invalid');
  });

  it('a payload edited after signing', async () => {
    const [header, , signature] = (await passwordToken(idp.issuer, 'grid.wu')).split('.');
    const widened = base64url({ ...idp.accessTokenClaims('grid.wu'), district: '330000' });
    expect(await reasonOf(verifier().verify(`${header}.${widened}.${signature}`))).toBe('signature invalid');
  });

  it('alg none, crafted by hand', async () => {
    const claims = idp.accessTokenClaims('mediator.wang');
    const unsigned = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(claims)}.`;
    expect(await reasonOf(verifier().verify(unsigned))).toBe('algorithm not allowed');
    const withKid = `${base64url({ alg: 'none', typ: 'JWT', kid: await currentKid() })}.${base64url(claims)}.`;
    expect(await reasonOf(verifier().verify(withKid))).toBe('algorithm not allowed');
  });

  it('HS256 signed with the provider’s PUBLIC key as the HMAC secret', async () => {
    const kid = await currentKid();
    const jwks = (await (await fetch(`${idp.issuer}/protocol/openid-connect/certs`)).json()) as { keys: JsonWebKey[] };
    const jwk = jwks.keys.find((key) => (key as { kid?: string }).kid === kid)!;
    const publicPem = createPublicKey({ key: jwk, format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString();
    const signingInput = `${base64url({ alg: 'HS256', typ: 'JWT', kid })}.${base64url(idp.accessTokenClaims('mediator.wang'))}`;
    const signature = createHmac('sha256', publicPem).update(signingInput).digest('base64url');
    expect(await reasonOf(verifier().verify(`${signingInput}.${signature}`))).toBe('algorithm not allowed');
  });

  it('an expired token (issued by the provider ten minutes ago)', async () => {
    clockOffsetMs = -10 * 60_000;
    let token: string;
    try {
      token = await passwordToken(idp.issuer, 'mediator.wang');
    } finally {
      clockOffsetMs = 0;
    }
    expect(await reasonOf(verifier().verify(token))).toBe('token expired');
  });

  it('an expired service-account token, like a person’s (client credentials ten minutes ago)', async () => {
    clockOffsetMs = -10 * 60_000;
    let token: string;
    try {
      token = await clientToken(idp.issuer, 'app-anti-fraud');
    } finally {
      clockOffsetMs = 0;
    }
    expect(await reasonOf(verifier().verify(token))).toBe('token expired');
  });

  it('a service-account token whose district was widened after signing', async () => {
    const [header, , signature] = (await idp.signClaims(idp.serviceAccountTokenClaims('app-anti-fraud'))).split('.');
    const widened = base64url({ ...idp.serviceAccountTokenClaims('app-anti-fraud'), district: '330000' });
    expect(await reasonOf(verifier().verify(`${header}.${widened}.${signature}`))).toBe('signature invalid');
  });

  it('a token without exp', async () => {
    const { exp: _exp, ...claims } = idp.accessTokenClaims('mediator.wang');
    expect(await reasonOf(verifier().verify(await idp.signClaims(claims)))).toBe('token has no expiry');
  });

  it('a token without iat, or without sub', async () => {
    const { iat: _iat, ...noIat } = idp.accessTokenClaims('mediator.wang');
    expect(await reasonOf(verifier().verify(await idp.signClaims(noIat)))).toBe('token has no issue time');
    const { sub: _sub, ...noSub } = idp.accessTokenClaims('mediator.wang');
    expect(await reasonOf(verifier().verify(await idp.signClaims(noSub)))).toBe('token has no subject');
  });

  it('nbf in the future beyond the tolerance', async () => {
    const token = await idp.signClaims({ ...idp.accessTokenClaims('mediator.wang'), nbf: now() + 120 });
    expect(await reasonOf(verifier().verify(token))).toBe('token not yet valid');
  });

  it('iat in the future beyond the tolerance', async () => {
    const token = await idp.signClaims({ ...idp.accessTokenClaims('mediator.wang'), iat: now() + 120 });
    expect(await reasonOf(verifier().verify(token))).toBe('token not yet valid');
  });

  it('a wrong issuer, signed with the provider’s own key', async () => {
    const token = await idp.signClaims({ ...idp.accessTokenClaims('mediator.wang'), iss: 'http://evil.example/realms/govgraph' });
    expect(await reasonOf(verifier().verify(token))).toBe('issuer not accepted');
  });

  it('a wrong audience', async () => {
    const token = await idp.signClaims({ ...idp.accessTokenClaims('mediator.wang'), aud: ['account'] });
    expect(await reasonOf(verifier().verify(token))).toBe('audience not accepted');
  });

  it('an ID token: it is for the client, not for the gateway', async () => {
    const answer = await requestToken(idp.issuer, {
      grant_type: 'password',
      client_id: 'govgraph-cli',
      username: 'mediator.wang',
      password: 'demo',
      scope: 'openid',
    });
    expect(await reasonOf(verifier().verify(answer.body.id_token))).toBe('audience not accepted');
  });

  it('a token of another type that names the gateway', async () => {
    const token = await idp.signClaims({ ...idp.accessTokenClaims('mediator.wang'), typ: 'Refresh' });
    expect(await reasonOf(verifier().verify(token))).toBe('not an access token');
  });

  it('an azp that is not an allowed client', async () => {
    const consoleOnly = verifierFor(idp.issuer, { clients: ['govgraph-console'] });
    expect(await reasonOf(consoleOnly.verify(await passwordToken(idp.issuer, 'mediator.wang')))).toBe('client not accepted');
    const { azp: _azp, ...noAzp } = idp.accessTokenClaims('mediator.wang');
    expect(await reasonOf(verifier().verify(await idp.signClaims(noAzp)))).toBe('client not accepted');
  });

  it('a claim of the wrong type', async () => {
    const token = await idp.signClaims({ ...idp.accessTokenClaims('mediator.wang'), realm_access: { roles: 'mediator' } });
    expect(await reasonOf(verifier().verify(token))).toBe('token malformed');
  });

  it.each([['not-a-token'], ['a.b.c'], ['eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0'], ['']])('garbage: %p', async (garbage) => {
    expect(await reasonOf(verifier().verify(garbage))).toBe('token malformed');
  });
});

describe('signing keys from the JWKS', () => {
  it('an unknown kid refetches the JWKS at most once per cooldown', async () => {
    const patient = verifierFor(idp.issuer, { jwks: { cooldownMs: 60_000 } });
    const before = idp.requestCount('certs');
    const claims = idp.accessTokenClaims('mediator.wang');
    for (const kid of ['made-up-1', 'made-up-2', 'made-up-3']) {
      expect(await reasonOf(patient.verify(await signedByStranger(claims, kid)))).toBe('unknown signing key');
    }
    // The first attempt fetched the keys; the cooldown then held back every refetch.
    expect(idp.requestCount('certs') - before).toBe(1);
    await patient.verify(await passwordToken(idp.issuer, 'mediator.wang'));
    expect(idp.requestCount('certs') - before).toBe(1);

    // Without a cooldown every unknown kid costs a fetch: the counter above does count.
    const eager = verifierFor(idp.issuer, { jwks: { cooldownMs: 0 } });
    const eagerBefore = idp.requestCount('certs');
    for (const kid of ['made-up-4', 'made-up-5', 'made-up-6']) await reasonOf(eager.verify(await signedByStranger(claims, kid)));
    expect(idp.requestCount('certs') - eagerBefore).toBeGreaterThanOrEqual(3);
  });

  it('after a key rotation, new tokens verify (JWKS refetched) and old ones still do while their key is published', async () => {
    const rotating = await startDevIdentityProvider({ port: await freePort() });
    try {
      const verifier = verifierFor(rotating.issuer, { jwks: { cooldownMs: 0 } });
      const oldToken = await passwordToken(rotating.issuer, 'investigator.li');
      await verifier.verify(oldToken);
      const fetchesBefore = rotating.requestCount('certs');

      const newKid = await rotating.rotateKey();
      const newToken = await passwordToken(rotating.issuer, 'investigator.li');
      expect(decodeProtectedHeader(newToken).kid).toBe(newKid);
      expect(decodeProtectedHeader(oldToken).kid).not.toBe(newKid);

      expect((await verifier.verify(newToken)).roles).toEqual(['police-investigator']);
      expect(rotating.requestCount('certs')).toBe(fetchesBefore + 1);
      expect((await verifier.verify(oldToken)).username).toBe('investigator.li');
    } finally {
      await rotating.close();
    }
  });

  it('once a retired key is no longer published, its tokens are refused', async () => {
    const rotating = await startDevIdentityProvider({ port: await freePort(), retiredKeyRetentionMs: 0 });
    try {
      const oldToken = await passwordToken(rotating.issuer, 'clerk.zhao');
      await rotating.rotateKey();
      const verifier = verifierFor(rotating.issuer);
      expect(await reasonOf(verifier.verify(oldToken))).toBe('unknown signing key');
      expect((await verifier.verify(await passwordToken(rotating.issuer, 'clerk.zhao'))).username).toBe('clerk.zhao');
    } finally {
      await rotating.close();
    }
  });
});

describe('identity provider unreachable', () => {
  it('when nothing listens where the JWKS should be', async () => {
    const gone = await startDevIdentityProvider({ port: await freePort() });
    const token = await passwordToken(gone.issuer, 'mediator.wang');
    await gone.close();
    expect(await reasonOf(verifierFor(gone.issuer, { jwks: { timeoutMs: 1_000 } }).verify(token))).toBe('identity provider unreachable');
  });

  it('when the JWKS endpoint does not answer, after the timeout', async () => {
    const sockets = new Set<import('node:net').Socket>();
    const silent = http.createServer(() => {
      // never answers
    });
    silent.on('connection', (socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const issuer = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/realms/govgraph`;
    try {
      const token = await idp.signClaims({ ...idp.accessTokenClaims('mediator.wang'), iss: issuer });
      expect(await reasonOf(verifierFor(issuer, { jwks: { timeoutMs: 200 } }).verify(token))).toBe('identity provider unreachable');
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('when the JWKS endpoint answers with an error', async () => {
    const app = express();
    app.get('/realms/govgraph/protocol/openid-connect/certs', (_req, res) => {
      res.status(503).send('maintenance');
    });
    const broken = await listen(app, 0, '127.0.0.1');
    const issuer = `${broken.url}/realms/govgraph`;
    try {
      const token = await idp.signClaims({ ...idp.accessTokenClaims('mediator.wang'), iss: issuer });
      expect(await reasonOf(verifierFor(issuer).verify(token))).toBe('identity provider unreachable');
    } finally {
      await broken.close();
    }
  });
});

describe('configuration', () => {
  it.each([[['HS256']], [['none']], [[]]])('refuses algorithms %p', (algorithms) => {
    expect(() => verifierFor(idp.issuer, { algorithms })).toThrow(TypeError);
  });

  it('fetches keys from jwks.url when Keycloak is reached under another name than its issuer', async () => {
    const publicIssuer = 'http://keycloak.public.example/realms/govgraph';
    const verifier = verifierFor(publicIssuer, { jwks: { url: `${idp.issuer}/protocol/openid-connect/certs` } });
    const token = await idp.signClaims({ ...idp.accessTokenClaims('officer.qian'), iss: publicIssuer });
    expect((await verifier.verify(token)).roles).toEqual(['privacy-officer']);
  });
});

describe('the bearer token of an HTTP request', () => {
  let resource: Awaited<ReturnType<typeof listen>>;

  beforeAll(async () => {
    const verifier = verifierFor(idp.issuer);
    const app = express();
    // What the gateway does first: authenticate, or answer 401 with the reason.
    app.all('/resource', async (req, res) => {
      try {
        const identity = await authenticate(verifier, req);
        res.json({ username: identity.username });
      } catch (error) {
        if (!(error instanceof AuthenticationError)) throw error;
        res
          .status(error.status)
          .set('www-authenticate', error.wwwAuthenticate)
          .json({ errors: [{ message: error.message, extensions: { code: error.code, reason: error.reason } }] });
      }
    });
    resource = await listen(app, await freePort(), '127.0.0.1');
  });
  afterAll(() => resource.close());

  async function call(path: string, headers: Record<string, string> = {}) {
    const response = await fetch(`${resource.url}${path}`, { headers });
    return { status: response.status, challenge: response.headers.get('www-authenticate'), body: (await response.json()) as any };
  }

  it('is taken from Authorization: Bearer', async () => {
    const token = await passwordToken(idp.issuer, 'analyst.chen');
    expect(await call('/resource', { authorization: `Bearer ${token}` })).toMatchObject({ status: 200, body: { username: 'analyst.chen' } });
    expect((await call('/resource', { authorization: `bearer ${token}` })).status).toBe(200);
  });

  it('is missing without the header', async () => {
    const answer = await call('/resource');
    expect(answer.status).toBe(401);
    expect(answer.challenge).toBe('Bearer realm="govgraph"');
    expect(answer.body.errors[0].extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'no bearer token' });
  });

  it('is refused in the query string, even beside a valid header', async () => {
    const token = await passwordToken(idp.issuer, 'analyst.chen');
    const onlyQuery = await call(`/resource?access_token=${token}`);
    expect(onlyQuery.status).toBe(401);
    expect(onlyQuery.body.errors[0].extensions.reason).toBe('access token in URL refused');
    expect(onlyQuery.challenge).toContain('error="invalid_request"');
    const both = await call(`/resource?access_token=${token}`, { authorization: `Bearer ${token}` });
    expect(both.body.errors[0].extensions.reason).toBe('access token in URL refused');
  });

  it('must use the Bearer scheme and one token', async () => {
    expect((await call('/resource', { authorization: 'Basic bWVkaWF0b3Iud2FuZzpkZW1v' })).body.errors[0].extensions.reason).toBe('no bearer token');
    expect((await call('/resource', { authorization: 'Bearer ' })).body.errors[0].extensions.reason).toBe('malformed authorization header');
    expect((await call('/resource', { authorization: 'Bearer a b' })).body.errors[0].extensions.reason).toBe('malformed authorization header');
  });

  it('says what was wrong with the token, and nothing of the check', async () => {
    const answer = await call('/resource', { authorization: 'Bearer not-a-token' });
    expect(answer.status).toBe(401);
    expect(answer.challenge).toBe('Bearer realm="govgraph", error="invalid_token", error_description="token malformed"');
    expect(answer.body.errors[0].message).toBe('Authentication failed: token malformed');
    expect(JSON.stringify(answer.body)).not.toMatch(/JWS|JWT|jose|Compact/);
  });
});
