import { createLocalJWKSet, decodeJwt, jwtVerify, type JSONWebKeySet } from 'jose';
import { startDevIdentityProvider, type RunningDevIdentityProvider } from '../../identity/devIdentityProvider';
import { GOVGRAPH_REALM, type RealmDefinition } from '../../identity/realm';
import { fetchClientCredentialsToken, fetchPasswordToken } from '../../identity/tokenClient';
import { freePort } from '../../runtime/freePort';
import { authorizationUrl, pkcePair, signIn } from './browserLogin';

/**
 * The client-credentials grant of the development identity provider over real HTTP, as Keycloak answers
 * it: confidential clients authenticate with client_secret_basic or client_secret_post, for every grant;
 * what is refused, and the service-account token's claims.
 */
let idp: RunningDevIdentityProvider;

/** A realm with one confidential client that has no service account, which the govgraph realm lacks. */
const realmWithoutServiceAccount: RealmDefinition = {
  ...GOVGRAPH_REALM,
  clients: [
    ...GOVGRAPH_REALM.clients,
    {
      clientId: 'portal-backend',
      name: 'portal backend',
      description: 'a confidential browser-login client without service accounts',
      kind: 'confidential',
      secret: 's3cret',
      clientCredentials: false,
      directAccessGrants: false,
      standardFlow: true,
      pkceMethod: 'S256',
      redirectUris: ['http://localhost:4000/*'],
      webOrigins: ['http://localhost:4000'],
      issuesTokens: true,
    },
  ],
};

beforeAll(async () => {
  idp = await startDevIdentityProvider({ port: await freePort(), host: '127.0.0.1', realm: realmWithoutServiceAccount });
});
afterAll(() => idp.close());

interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, any>;
}

function basic(clientId: string, secret: string): string {
  return `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`;
}

async function token(form: Record<string, string>, authorization?: string): Promise<Answer> {
  const response = await fetch(`${idp.issuer}/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(authorization ? { authorization } : {}) },
    body: new URLSearchParams(form).toString(),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, any> };
}

async function jwks(): Promise<JSONWebKeySet> {
  return (await (await fetch(`${idp.issuer}/protocol/openid-connect/certs`)).json()) as JSONWebKeySet;
}

const CC = { grant_type: 'client_credentials' };
const antiFraud = GOVGRAPH_REALM.clients.find((client) => client.clientId === 'app-anti-fraud')!;

describe('discovery', () => {
  it('advertises the client-credentials grant and the two secret methods', async () => {
    const body = (await (await fetch(`${idp.issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(body.grant_types_supported).toEqual(expect.arrayContaining(['client_credentials', 'authorization_code', 'password']));
    expect(body.token_endpoint_auth_methods_supported).toEqual(expect.arrayContaining(['client_secret_basic', 'client_secret_post']));
  });
});

describe('a service-account token, by client_secret_basic or client_secret_post', () => {
  it('answers like Keycloak: a Bearer token for the gateway, no refresh token, no session', async () => {
    const answer = await token(CC, basic('app-anti-fraud', 'demo'));
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.body).toMatchObject({ token_type: 'Bearer', expires_in: 300, refresh_expires_in: 0, scope: 'profile email' });
    for (const absent of ['refresh_token', 'id_token', 'session_state']) expect(answer.body).not.toHaveProperty(absent);

    const { payload } = await jwtVerify(answer.body.access_token, createLocalJWKSet(await jwks()), { algorithms: ['RS256'], audience: 'govgraph-gateway' });
    expect(payload).toMatchObject({
      iss: idp.issuer,
      sub: antiFraud.serviceAccount!.id,
      aud: ['govgraph-gateway'],
      azp: 'app-anti-fraud',
      client_id: 'app-anti-fraud',
      typ: 'Bearer',
      preferred_username: 'service-account-app-anti-fraud',
      realm_access: { roles: ['police-investigator'] },
      agency: 'police',
      district: '330100',
      email_verified: false,
    });
    expect(payload.exp! - payload.iat!).toBe(300);
    for (const absent of ['sid', 'name', 'email', 'given_name']) expect(payload).not.toHaveProperty(absent);
  });

  it('gives the same subject by client_secret_post, and a fresh token id each time', async () => {
    const byPost = await token({ ...CC, client_id: 'app-anti-fraud', client_secret: 'demo' });
    const byBasic = await token(CC, basic('app-anti-fraud', 'demo'));
    expect(byPost.status).toBe(200);
    const [post, basicClaims] = [decodeJwt(byPost.body.access_token), decodeJwt(byBasic.body.access_token)];
    expect(post.sub).toBe(basicClaims.sub);
    expect(post.jti).not.toBe(basicClaims.jti);
  });

  it('accepts the client id repeated in the form with Basic, as Keycloak does', async () => {
    const answer = await token({ ...CC, client_id: 'app-anti-fraud' }, basic('app-anti-fraud', 'demo'));
    expect(answer.status).toBe(200);
  });

  it.each([
    ['app-dispute-cockpit', ['mediator'], 'petitions', '330100'],
    ['app-risk-card', ['risk-analyst'], 'procuratorate', '331004'],
    ['app-precursor', ['market-inspector'], 'market', '330800'],
    ['app-litigation-source', ['court-clerk'], 'court', '330400'],
  ])('%s gets its service account’s roles, agency and district', async (clientId, roles, agency, district) => {
    const claims = decodeJwt(await fetchClientCredentialsToken({ issuer: idp.issuer, clientId, clientSecret: 'demo' }));
    expect(claims).toMatchObject({ azp: clientId, preferred_username: `service-account-${clientId}`, realm_access: { roles }, agency, district });
  });

  it.each(['police', 'court', 'petitions', 'market', 'bank', 'mediation'])('%s-publisher: role schema-publisher, agency the subgraph, no district', async (agency) => {
    const claims = decodeJwt(await fetchClientCredentialsToken({ issuer: idp.issuer, clientId: `${agency}-publisher`, clientSecret: 'demo' }));
    expect(claims).toMatchObject({ azp: `${agency}-publisher`, realm_access: { roles: ['schema-publisher'] }, agency, aud: ['govgraph-gateway'] });
    expect(claims).not.toHaveProperty('district');
  });

  it('adds an ID token for the client when openid is asked for', async () => {
    const answer = await token({ ...CC, scope: 'openid' }, basic('app-precursor', 'demo'));
    expect(answer.status).toBe(200);
    expect(decodeJwt(answer.body.id_token)).toMatchObject({ aud: 'app-precursor', typ: 'ID', azp: 'app-precursor', sub: decodeJwt(answer.body.access_token).sub });
  });
});

describe('refusals, shaped like Keycloak’s', () => {
  it.each<[string, Record<string, string>, string | undefined, number, string, string]>([
    ['a wrong secret (basic)', CC, basic('app-anti-fraud', 'wrong'), 401, 'invalid_client', 'Invalid client or Invalid client credentials'],
    ['a wrong secret (post)', { ...CC, client_id: 'app-anti-fraud', client_secret: 'wrong' }, undefined, 401, 'invalid_client', 'Invalid client or Invalid client credentials'],
    ['another client’s secret', { ...CC, client_id: 'portal-backend', client_secret: 'demo' }, undefined, 401, 'invalid_client', 'Invalid client or Invalid client credentials'],
    ['a secret that only starts right', { ...CC, client_id: 'app-anti-fraud', client_secret: 'demo ' }, undefined, 401, 'invalid_client', 'Invalid client or Invalid client credentials'],
    ['no secret', { ...CC, client_id: 'app-anti-fraud' }, undefined, 401, 'invalid_client', 'Client secret not provided in request'],
    ['an empty secret (basic)', CC, basic('app-anti-fraud', ''), 401, 'invalid_client', 'Client secret not provided in request'],
    ['an unknown client', { ...CC, client_id: 'app-evil', client_secret: 'demo' }, undefined, 401, 'invalid_client', 'Invalid client or Invalid client credentials'],
    ['an unknown client (basic)', CC, basic('app-evil', 'demo'), 401, 'invalid_client', 'Invalid client or Invalid client credentials'],
    ['no client at all', CC, undefined, 401, 'invalid_client', 'Invalid client or Invalid client credentials'],
    ['a Basic header that is not id:secret', CC, 'Basic bm90LWEtcGFpcg==', 401, 'invalid_client', 'Invalid client or Invalid client credentials'],
    ['a public client', { ...CC, client_id: 'govgraph-console' }, undefined, 401, 'unauthorized_client', 'Public client not allowed to retrieve service account'],
    ['a public client with a made-up secret', { ...CC, client_id: 'govgraph-cli', client_secret: 'demo' }, undefined, 401, 'unauthorized_client', 'Public client not allowed to retrieve service account'],
    ['a confidential client without service accounts', { ...CC, client_id: 'portal-backend', client_secret: 's3cret' }, undefined, 401, 'unauthorized_client', 'Client not enabled to retrieve service account'],
    ['the bearer-only gateway', { ...CC, client_id: 'govgraph-gateway', client_secret: 'demo' }, undefined, 400, 'invalid_client', 'Bearer-only not allowed'],
    ['two authentication methods at once', { ...CC, client_secret: 'demo' }, basic('app-anti-fraud', 'demo'), 400, 'invalid_request', 'Client authenticated by more than one method'],
    ['a form client_id naming another client than Basic', { ...CC, client_id: 'app-risk-card' }, basic('app-anti-fraud', 'demo'), 400, 'invalid_request', 'Parameter client_id does not match the authenticated client'],
    ['an unknown scope', { ...CC, scope: 'openid admin' }, basic('app-anti-fraud', 'demo'), 400, 'invalid_scope', 'Invalid scopes: openid admin'],
  ])('%s', async (_case, form, authorization, status, error, description) => {
    const answer = await token(form, authorization);
    expect(answer.status).toBe(status);
    expect(answer.body).toEqual({ error, error_description: description });
  });

  it('takes no secret from a repeated parameter: the second value is not tried', async () => {
    const response = await fetch(`${idp.issuer}/protocol/openid-connect/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&client_id=app-anti-fraud&client_secret=wrong&client_secret=demo',
    });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: string }).error).toBe('invalid_client');
  });

  it('authenticates a confidential client for the password grant too, before refusing the grant', async () => {
    const user = { grant_type: 'password', username: 'mediator.wang', password: 'demo' };
    expect((await token({ ...user, client_id: 'app-dispute-cockpit' })).body.error).toBe('invalid_client');
    expect((await token(user, basic('app-dispute-cockpit', 'demo'))).body).toEqual({
      error: 'unauthorized_client',
      error_description: 'Client not allowed for direct access grants',
    });
  });
});

describe('the authorization-code flow of an application: the official signs in to it', () => {
  const redirect = 'http://localhost:4000/apps/dispute-cockpit';
  async function codeFor(username: string) {
    const pkce = pkcePair();
    const request = {
      response_type: 'code',
      client_id: 'app-dispute-cockpit',
      redirect_uri: redirect,
      scope: 'openid',
      state: 'state-1',
      code_challenge: pkce.challenge,
      code_challenge_method: 'S256',
    };
    const { code } = await signIn(idp.issuer, request, username);
    return { code, form: { grant_type: 'authorization_code', code, redirect_uri: redirect, code_verifier: pkce.verifier } };
  }

  it('issues a token whose subject is the person and whose azp is the application, once the app authenticates', async () => {
    const { form } = await codeFor('mediator.wang');
    const answer = await token(form, basic('app-dispute-cockpit', 'demo'));
    expect(answer.status).toBe(200);
    const wang = GOVGRAPH_REALM.users.find((user) => user.username === 'mediator.wang')!;
    expect(decodeJwt(answer.body.access_token)).toMatchObject({
      sub: wang.id,
      azp: 'app-dispute-cockpit',
      preferred_username: 'mediator.wang',
      realm_access: { roles: ['mediator'] },
      agency: 'petitions',
      district: '330110',
      aud: ['govgraph-gateway'],
    });
    expect(decodeJwt(answer.body.id_token).aud).toBe('app-dispute-cockpit');
  });

  it('refuses the code to anyone without the application’s secret', async () => {
    const { form } = await codeFor('mediator.wang');
    expect(await token({ ...form, client_id: 'app-dispute-cockpit' })).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    expect(await token(form, basic('app-dispute-cockpit', 'wrong'))).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    // Presented by the public console, the code is refused (and spent, as Keycloak spends it).
    expect(await token({ ...form, client_id: 'govgraph-console' })).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('redeems the code with the secret after a failed unauthenticated attempt', async () => {
    const { form } = await codeFor('grid.wu');
    expect((await token({ ...form, client_id: 'app-dispute-cockpit', client_secret: 'nope' })).status).toBe(401);
    const answer = await token({ ...form, client_id: 'app-dispute-cockpit', client_secret: 'demo' });
    expect(answer.status).toBe(200);
    expect(decodeJwt(answer.body.access_token)).toMatchObject({ preferred_username: 'grid.wu', azp: 'app-dispute-cockpit' });
  });

  it('will not start a browser login for a publisher (client credentials only)', async () => {
    const pkce = pkcePair();
    const response = await fetch(
      authorizationUrl(idp.issuer, {
        response_type: 'code',
        client_id: 'police-publisher',
        redirect_uri: 'http://localhost:4000/x',
        code_challenge: pkce.challenge,
        code_challenge_method: 'S256',
      }),
      { redirect: 'manual' },
    );
    expect(response.status).toBe(400);
  });
});

describe('identity/tokenClient', () => {
  it('fetches a client-credentials token and a password token', async () => {
    const app = decodeJwt(await fetchClientCredentialsToken({ issuer: idp.issuer, clientId: 'market-publisher', clientSecret: 'demo' }));
    expect(app.preferred_username).toBe('service-account-market-publisher');
    const person = decodeJwt(await fetchPasswordToken({ issuer: idp.issuer, clientId: 'govgraph-cli', username: 'steward.market', password: 'demo' }));
    expect(person).toMatchObject({ preferred_username: 'steward.market', realm_access: { roles: ['data-steward'] }, agency: 'market' });
  });

  it('throws the provider’s error_description on refusal', async () => {
    await expect(fetchClientCredentialsToken({ issuer: idp.issuer, clientId: 'market-publisher', clientSecret: 'wrong' })).rejects.toThrow(
      /market-publisher: Invalid client or Invalid client credentials/,
    );
    await expect(fetchPasswordToken({ issuer: idp.issuer, clientId: 'govgraph-cli', username: 'steward.market', password: 'x' })).rejects.toThrow(
      /Invalid user credentials/,
    );
  });

  it('says which issuer it could not reach', async () => {
    const issuer = `http://127.0.0.1:${await freePort()}/realms/govgraph`;
    await expect(fetchClientCredentialsToken({ issuer, clientId: 'x', clientSecret: 'y' })).rejects.toThrow(/cannot be reached.*OIDC_ISSUER/);
  });

  it('encodes secrets with reserved characters as RFC 6749 says', async () => {
    const realm: RealmDefinition = {
      ...GOVGRAPH_REALM,
      clients: GOVGRAPH_REALM.clients.map((client) => (client.clientId === 'bank-publisher' ? { ...client, secret: 'a:b c+d%é' } : client)),
    };
    const other = await startDevIdentityProvider({ port: await freePort(), realm });
    try {
      const claims = decodeJwt(await fetchClientCredentialsToken({ issuer: other.issuer, clientId: 'bank-publisher', clientSecret: 'a:b c+d%é' }));
      expect(claims.azp).toBe('bank-publisher');
    } finally {
      await other.close();
    }
  });
});
