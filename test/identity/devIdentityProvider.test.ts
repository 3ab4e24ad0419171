import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { startDevIdentityProvider, type RunningDevIdentityProvider } from '../../identity/devIdentityProvider';
import { GOVGRAPH_REALM } from '../../identity/realm';
import { freePort } from '../../runtime/freePort';
import { requestToken } from './tokenEndpoint';

let idp: RunningDevIdentityProvider;

beforeAll(async () => {
  idp = await startDevIdentityProvider({ port: await freePort(), host: '127.0.0.1' });
});
afterAll(() => idp.close());

async function getJson(url: string) {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

const mediatorGrant = { grant_type: 'password', client_id: 'govgraph-cli', username: 'mediator.wang', password: 'demo' };

describe('discovery and keys, at Keycloak’s paths', () => {
  it('serves the OpenID configuration under /realms/govgraph', async () => {
    expect(idp.issuer).toBe(`${idp.url}/realms/govgraph`);
    const { status, body } = await getJson(`${idp.issuer}/.well-known/openid-configuration`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      issuer: idp.issuer,
      token_endpoint: `${idp.issuer}/protocol/openid-connect/token`,
      jwks_uri: `${idp.issuer}/protocol/openid-connect/certs`,
      authorization_endpoint: `${idp.issuer}/protocol/openid-connect/auth`,
      id_token_signing_alg_values_supported: ['RS256'],
    });
  });

  it('publishes public RS256 signing keys with a kid, and nothing private', async () => {
    const { status, body } = await getJson(`${idp.issuer}/protocol/openid-connect/certs`);
    expect(status).toBe(200);
    expect(body.keys).toHaveLength(1);
    const [key] = body.keys;
    expect(key).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(typeof key.kid).toBe('string');
    for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(key).not.toHaveProperty(secret);
  });

  it('names the issuer after issuerBaseUrl, as Keycloak does behind its public hostname', async () => {
    const port = await freePort();
    const named = await startDevIdentityProvider({ port, issuerBaseUrl: `http://localhost:${port}` });
    try {
      expect(named.issuer).toBe(`http://localhost:${port}/realms/govgraph`);
      const token = await requestToken(named.issuer, mediatorGrant);
      expect(decodeJwt(token.body.access_token).iss).toBe(named.issuer);
    } finally {
      await named.close();
    }
  });
});

describe('password grant on govgraph-cli', () => {
  it('answers like Keycloak, with an RS256 access token the JWKS verifies', async () => {
    const answer = await requestToken(idp.issuer, mediatorGrant);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.body).toMatchObject({ token_type: 'Bearer', expires_in: 300, scope: 'profile email' });
    expect(answer.body).not.toHaveProperty('id_token');

    const token = answer.body.access_token as string;
    const header = decodeProtectedHeader(token);
    expect(header).toMatchObject({ alg: 'RS256', typ: 'JWT' });
    const jwks = (await getJson(`${idp.issuer}/protocol/openid-connect/certs`)).body as JSONWebKeySet;
    expect(jwks.keys.map((key) => key.kid)).toContain(header.kid);
    const { payload } = await jwtVerify(token, createLocalJWKSet(jwks), { algorithms: ['RS256'] });

    const wang = GOVGRAPH_REALM.users.find((user) => user.username === 'mediator.wang')!;
    expect(payload).toMatchObject({
      iss: idp.issuer,
      sub: wang.id,
      aud: ['govgraph-gateway'],
      azp: 'govgraph-cli',
      typ: 'Bearer',
      scope: 'profile email',
      realm_access: { roles: ['mediator'] },
      preferred_username: 'mediator.wang',
      name: '王芳',
      agency: 'petitions',
      district: '330110',
    });
    expect(payload.exp! - payload.iat!).toBe(300);
    expect(typeof payload.jti).toBe('string');
  });

  it('gives every demo user their roles, agency and district, and a stable subject', async () => {
    for (const user of GOVGRAPH_REALM.users) {
      const first = await requestToken(idp.issuer, { ...mediatorGrant, username: user.username });
      const second = await requestToken(idp.issuer, { ...mediatorGrant, username: user.username });
      const claims = decodeJwt(first.body.access_token);
      expect(claims).toMatchObject({
        sub: user.id,
        preferred_username: user.username,
        realm_access: { roles: [...user.roles] },
        agency: user.agency,
        district: user.district,
      });
      expect(decodeJwt(second.body.access_token).sub).toBe(claims.sub);
      expect(decodeJwt(second.body.access_token).jti).not.toBe(claims.jti);
    }
  });

  it('adds an ID token for the client (not for the gateway) when openid is asked for', async () => {
    const answer = await requestToken(idp.issuer, { ...mediatorGrant, scope: 'openid' });
    expect(answer.status).toBe(200);
    expect(answer.body.scope).toBe('openid profile email');
    const idToken = decodeJwt(answer.body.id_token);
    expect(idToken).toMatchObject({ aud: 'govgraph-cli', typ: 'ID', azp: 'govgraph-cli', preferred_username: 'mediator.wang' });
    expect(decodeJwt(answer.body.access_token).scope).toBe('openid profile email');
  });

  it('accepts the username in any case, as Keycloak does', async () => {
    const answer = await requestToken(idp.issuer, { ...mediatorGrant, username: 'Mediator.Wang' });
    expect(answer.status).toBe(200);
    expect(decodeJwt(answer.body.access_token).preferred_username).toBe('mediator.wang');
  });
});

describe('token endpoint errors, shaped like Keycloak’s', () => {
  it.each([
    ['a wrong password', { ...mediatorGrant, password: 'wrong' }, 401, 'invalid_grant', 'Invalid user credentials'],
    ['an unknown user', { ...mediatorGrant, username: 'nobody' }, 401, 'invalid_grant', 'Invalid user credentials'],
    ['no password', { grant_type: 'password', client_id: 'govgraph-cli', username: 'mediator.wang' }, 401, 'invalid_grant', 'Invalid user credentials'],
    ['an unknown client', { ...mediatorGrant, client_id: 'evil-cli' }, 401, 'invalid_client', 'Invalid client or Invalid client credentials'],
    ['no client', { grant_type: 'password', username: 'mediator.wang', password: 'demo' }, 401, 'invalid_client', 'Invalid client or Invalid client credentials'],
    ['a client without direct grants', { ...mediatorGrant, client_id: 'govgraph-console' }, 400, 'unauthorized_client', 'Client not allowed for direct access grants'],
    ['the bearer-only gateway client', { ...mediatorGrant, client_id: 'govgraph-gateway' }, 400, 'invalid_client', 'Bearer-only not allowed'],
    ['an unsupported grant', { ...mediatorGrant, grant_type: 'urn:ietf:params:oauth:grant-type:device_code' }, 400, 'unsupported_grant_type', 'Unsupported grant_type'],
    ['client credentials for the public CLI', { grant_type: 'client_credentials', client_id: 'govgraph-cli' }, 401, 'unauthorized_client', 'Public client not allowed to retrieve service account'],
    ['no grant type', { client_id: 'govgraph-cli', username: 'mediator.wang', password: 'demo' }, 400, 'invalid_request', 'Missing form parameter: grant_type'],
    ['an unknown scope', { ...mediatorGrant, scope: 'openid admin' }, 400, 'invalid_scope', 'Invalid scopes: openid admin'],
  ])('%s', async (_case, form, status, error, description) => {
    const answer = await requestToken(idp.issuer, form as Record<string, string>);
    expect(answer.status).toBe(status);
    expect(answer.body).toEqual({ error, error_description: description });
  });

  it('refuses a JSON body: the token endpoint takes a form', async () => {
    const response = await fetch(`${idp.issuer}/protocol/openid-connect/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(mediatorGrant),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'invalid_request', error_description: 'Missing form parameter: grant_type' });
  });
});

describe('production guard', () => {
  it('refuses to start under NODE_ENV=production', async () => {
    const before = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await expect(startDevIdentityProvider({ port: 0 })).rejects.toThrow(/NODE_ENV=production/);
    } finally {
      process.env.NODE_ENV = before;
    }
  });
});
