import { readFileSync } from 'node:fs';
import { decodeJwt } from 'jose';
import { startDevIdentityProvider } from '../../identity/devIdentityProvider';
import {
  buildKeycloakRealm,
  KEYCLOAK_PRODUCTION_REALM_PATH,
  KEYCLOAK_REALM_PATH,
  keycloakRealmFiles,
  USER_PROFILE_CONFIG_KEY,
  USER_PROFILE_PROVIDER,
  type ClientRepresentation,
  type RealmRepresentation,
  type ServiceAccountUserRepresentation,
  type UserRepresentation,
} from '../../identity/keycloakRealm';
import { GOVGRAPH_REALM, productionRealm, realmProblems, type RealmClient, type RealmDefinition } from '../../identity/realm';
import { freePort } from '../../runtime/freePort';
import { clientToken, passwordToken } from './tokenEndpoint';

const committed = readFileSync(KEYCLOAK_REALM_PATH, 'utf8');
const realm = JSON.parse(committed) as RealmRepresentation;

const isServiceAccount = (user: RealmRepresentation['users'][number]): user is ServiceAccountUserRepresentation => 'serviceAccountClientId' in user;
/** The people of a realm file: every user but the clients' service accounts. */
const people = (file: RealmRepresentation) => file.users.filter((user): user is UserRepresentation => !isServiceAccount(user));
const serviceAccounts = (file: RealmRepresentation) => file.users.filter(isServiceAccount);

const APPLICATIONS = {
  'app-dispute-cockpit': ['mediator', 'petitions', '330100'],
  'app-anti-fraud': ['police-investigator', 'police', '330100'],
  'app-risk-card': ['risk-analyst', 'procuratorate', '331004'],
  'app-precursor': ['market-inspector', 'market', '330800'],
  'app-litigation-source': ['court-clerk', 'court', '330400'],
};
const PUBLISHERS = ['police', 'court', 'petitions', 'market', 'bank', 'mediation'].map((agency) => `${agency}-publisher`);

function client(clientId: string): ClientRepresentation {
  const found = realm.clients.find((candidate) => candidate.clientId === clientId);
  if (!found) throw new Error(`no client ${clientId} in ${KEYCLOAK_REALM_PATH}`);
  return found;
}

it.each(keycloakRealmFiles().map((file) => [file.path.replace(/.*\/deploy\//, 'deploy/'), file] as const))(
  '%s is what identity/realm.ts generates (run `npm run realm` after changing the realm)',
  (_, file) => {
    expect(readFileSync(file.path, 'utf8')).toBe(file.text);
  },
);

describe('deploy/keycloak/development/govgraph-realm.json', () => {

  it('is the enabled realm govgraph with the ten govgraph roles, each described', () => {
    expect(realm.realm).toBe('govgraph');
    expect(realm.enabled).toBe(true);
    expect(realm.roles.realm.map((role) => role.name).sort()).toEqual([
      'bank-compliance',
      'court-clerk',
      'data-steward',
      'grid-worker',
      'market-inspector',
      'mediator',
      'police-investigator',
      'privacy-officer',
      'risk-analyst',
      'schema-publisher',
    ]);
    for (const role of realm.roles.realm) expect(role.description.length).toBeGreaterThan(0);
  });

  it('has the demo users of design.md and the stewards, with roles that exist, attributes and a password', () => {
    const roleNames = new Set(realm.roles.realm.map((role) => role.name));
    const users = Object.fromEntries(
      people(realm).map((user) => [user.username, [user.realmRoles.join(','), user.attributes.agency?.[0], user.attributes.district?.[0]]]),
    );
    expect(users).toEqual({
      'mediator.wang': ['mediator', 'petitions', '330110'],
      'investigator.li': ['police-investigator', 'police', '330110'],
      'clerk.zhao': ['court-clerk', 'court', '330110'],
      'analyst.chen': ['risk-analyst', 'procuratorate', '331004'],
      'inspector.sun': ['market-inspector', 'market', '330802'],
      'compliance.zhou': ['bank-compliance', 'bank', '330100'],
      'grid.wu': ['grid-worker', 'petitions', '330502'],
      'officer.qian': ['privacy-officer', 'data-bureau', '330000'],
      'steward.police': ['data-steward', 'police', '330000'],
      'steward.court': ['data-steward', 'court', '330000'],
      'steward.petitions': ['data-steward', 'petitions', '330000'],
      'steward.market': ['data-steward', 'market', '330000'],
      'steward.bank': ['data-steward', 'bank', '330000'],
      'steward.mediation': ['data-steward', 'mediation', '330000'],
    });
    for (const user of people(realm)) {
      for (const role of user.realmRoles) expect(roleNames).toContain(role);
      expect(user).toMatchObject({ enabled: true, emailVerified: true, requiredActions: [] });
      expect(user.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(user.firstName).toMatch(/^\p{Script=Han}{2,4}$/u);
      expect(user.email).toContain('@');
      expect(user.credentials).toEqual([{ type: 'password', value: 'demo', temporary: false }]);
    }
    expect(new Set(realm.users.map((user) => user.id)).size).toBe(realm.users.length);
  });

  it('has the CLI client for the password grant and the console client with PKCE S256', () => {
    expect(client('govgraph-cli')).toMatchObject({ publicClient: true, directAccessGrantsEnabled: true, standardFlowEnabled: false, bearerOnly: false });
    expect(client('govgraph-console')).toMatchObject({
      publicClient: true,
      standardFlowEnabled: true,
      directAccessGrantsEnabled: false,
      implicitFlowEnabled: false,
      redirectUris: ['http://localhost:4000/*'],
    });
    expect(client('govgraph-console').attributes['pkce.code.challenge.method']).toBe('S256');
    expect(client('govgraph-gateway')).toMatchObject({ bearerOnly: true, publicClient: false, directAccessGrantsEnabled: false, standardFlowEnabled: false });
  });

  it.each(['govgraph-cli', 'govgraph-console'])('%s puts agency, district and the gateway audience in access tokens', (clientId) => {
    const mappers = client(clientId).protocolMappers;
    for (const attribute of ['agency', 'district']) {
      const mapper = mappers.find((candidate) => candidate.config['claim.name'] === attribute);
      expect(mapper).toMatchObject({
        protocol: 'openid-connect',
        protocolMapper: 'oidc-usermodel-attribute-mapper',
        config: { 'user.attribute': attribute, 'access.token.claim': 'true', 'jsonType.label': 'String' },
      });
    }
    const audience = mappers.find((candidate) => candidate.protocolMapper === 'oidc-audience-mapper');
    expect(audience?.config['access.token.claim']).toBe('true');
    const named = audience?.config['included.client.audience'] ?? audience?.config['included.custom.audience'];
    expect(named).toBe('govgraph-gateway');
    // A client audience must name a client imported before this one.
    if (audience?.config['included.client.audience']) {
      const order = realm.clients.map((candidate) => candidate.clientId);
      expect(order.indexOf('govgraph-gateway')).toBeGreaterThanOrEqual(0);
      expect(order.indexOf('govgraph-gateway')).toBeLessThan(order.indexOf(clientId));
    }
  });

  it('scopes each token-issuing client to the govgraph roles, so every demo user’s roles reach the token', () => {
    for (const clientId of ['govgraph-cli', 'govgraph-console', ...Object.keys(APPLICATIONS), ...PUBLISHERS]) {
      expect(client(clientId).fullScopeAllowed).toBe(false);
      const mapping = realm.scopeMappings.find((candidate) => candidate.client === clientId);
      for (const user of realm.users) for (const role of user.realmRoles) expect(mapping?.roles).toContain(role);
    }
  });

  it.each(Object.keys(APPLICATIONS))('%s is confidential with its development secret, service accounts and the browser login with PKCE', (clientId) => {
    expect(client(clientId)).toMatchObject({
      publicClient: false,
      bearerOnly: false,
      clientAuthenticatorType: 'client-secret',
      secret: 'demo',
      serviceAccountsEnabled: true,
      standardFlowEnabled: true,
      implicitFlowEnabled: false,
      directAccessGrantsEnabled: false,
      redirectUris: ['http://localhost:4000/*'],
      webOrigins: ['http://localhost:4000'],
    });
    expect(client(clientId).attributes['pkce.code.challenge.method']).toBe('S256');
    expect(client(clientId).defaultClientScopes).toEqual(expect.arrayContaining(['profile', 'roles', 'email', 'service_account']));
  });

  it.each(PUBLISHERS)('%s is confidential with client credentials only', (clientId) => {
    expect(client(clientId)).toMatchObject({
      publicClient: false,
      clientAuthenticatorType: 'client-secret',
      secret: 'demo',
      serviceAccountsEnabled: true,
      standardFlowEnabled: false,
      directAccessGrantsEnabled: false,
      redirectUris: [],
    });
  });

  it.each(['govgraph-cli', 'govgraph-console', 'govgraph-gateway'])('%s has no secret and no service account', (clientId) => {
    expect(client(clientId).serviceAccountsEnabled).toBe(false);
    expect(client(clientId)).not.toHaveProperty('secret');
  });

  it('gives each confidential client one service-account user, named as Keycloak names it, with its roles and claims', () => {
    const accounts = Object.fromEntries(
      serviceAccounts(realm).map((user) => [
        user.serviceAccountClientId,
        [user.username, user.realmRoles.join(','), user.attributes.agency?.[0], user.attributes.district?.[0]],
      ]),
    );
    expect(accounts).toEqual({
      ...Object.fromEntries(Object.entries(APPLICATIONS).map(([clientId, claims]) => [clientId, [`service-account-${clientId}`, ...claims]])),
      ...Object.fromEntries(PUBLISHERS.map((clientId) => [clientId, [`service-account-${clientId}`, 'schema-publisher', clientId.replace(/-publisher$/, ''), undefined]])),
    });
    const confidential = realm.clients.filter((candidate) => candidate.serviceAccountsEnabled).map((candidate) => candidate.clientId);
    expect(serviceAccounts(realm).map((user) => user.serviceAccountClientId).sort()).toEqual(confidential.sort());
    for (const user of serviceAccounts(realm)) {
      expect(user.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(user.enabled).toBe(true);
      expect(user).not.toHaveProperty('credentials');
    }
    expect(new Set(realm.users.map((user) => user.id)).size).toBe(realm.users.length);
  });

  it('lets the user profile accept every agency a user or service account carries', () => {
    const [provider] = realm.components[USER_PROFILE_PROVIDER] ?? [];
    const profile = JSON.parse(provider?.config[USER_PROFILE_CONFIG_KEY]?.[0] ?? '{}') as {
      attributes: { name: string; validations: { options?: { options: string[] } } }[];
    };
    const options = profile.attributes.find((attribute) => attribute.name === 'agency')?.validations.options?.options;
    expect(options).toContain('mediation');
    for (const user of realm.users) expect(options).toContain(user.attributes.agency?.[0]);
  });

  it('declares agency and district in the user profile, editable by administrators only', () => {
    const [provider] = realm.components[USER_PROFILE_PROVIDER] ?? [];
    expect(provider?.providerId).toBe('declarative-user-profile');
    const profile = JSON.parse(provider?.config[USER_PROFILE_CONFIG_KEY]?.[0] ?? '{}') as {
      attributes: { name: string; permissions: { edit: string[] }; required?: unknown }[];
    };
    const byName = new Map(profile.attributes.map((attribute) => [attribute.name, attribute]));
    for (const name of ['username', 'email', 'firstName', 'lastName']) expect(byName.has(name)).toBe(true);
    for (const name of ['agency', 'district']) expect(byName.get(name)?.permissions.edit).toEqual(['admin']);
    // lastName stays optional: the realm keeps the whole Chinese name in firstName.
    expect(byName.get('lastName')?.required).toBeUndefined();
  });
});

describe('the development provider and the realm file agree', () => {
  it('on subject, roles, agency and district of every user and service account', async () => {
    const idp = await startDevIdentityProvider({ port: await freePort() });
    try {
      for (const account of serviceAccounts(realm)) {
        const claims = decodeJwt(await clientToken(idp.issuer, account.serviceAccountClientId, client(account.serviceAccountClientId).secret!));
        expect(claims).toMatchObject({
          sub: account.id,
          azp: account.serviceAccountClientId,
          preferred_username: account.username,
          realm_access: { roles: account.realmRoles },
          agency: account.attributes.agency?.[0],
        });
        expect(claims.district).toBe(account.attributes.district?.[0]);
      }
      for (const user of people(realm)) {
        const claims = decodeJwt(await passwordToken(idp.issuer, user.username, user.credentials[0]!.value));
        expect(claims).toMatchObject({
          sub: user.id,
          name: user.firstName,
          realm_access: { roles: user.realmRoles },
          agency: user.attributes.agency?.[0],
          district: user.attributes.district?.[0],
        });
      }
      expect(realm.accessTokenLifespan).toBe(GOVGRAPH_REALM.accessTokenLifespanSeconds);
    } finally {
      await idp.close();
    }
  });
});

describe('deploy/keycloak/production/govgraph-realm.json, the realm docker-compose imports', () => {
  const production = JSON.parse(readFileSync(KEYCLOAK_PRODUCTION_REALM_PATH, 'utf8')) as RealmRepresentation;

  it('has no people (nobody with the password demo), no credentials and no client secret at all', () => {
    expect(people(production)).toEqual([]);
    expect(readFileSync(KEYCLOAK_PRODUCTION_REALM_PATH, 'utf8')).not.toMatch(/"credentials"|"value": "demo"|"secret"/);
  });

  it('keeps the confidential clients, for Keycloak to generate their secrets, and their service accounts', () => {
    const confidential = production.clients.filter((candidate) => candidate.clientAuthenticatorType === 'client-secret');
    expect(confidential.map((candidate) => candidate.clientId)).toEqual([...Object.keys(APPLICATIONS), ...PUBLISHERS]);
    for (const candidate of confidential) {
      const { secret: _secret, ...withoutSecret } = client(candidate.clientId);
      expect(candidate).toEqual(withoutSecret);
    }
    expect(serviceAccounts(production)).toEqual(serviceAccounts(realm));
  });

  it('allows the password grant to no client, and leaves out the CLI whose only flow it was', () => {
    for (const candidate of production.clients) expect(candidate.directAccessGrantsEnabled).toBe(false);
    const clientIds = production.clients.map((candidate) => candidate.clientId);
    expect(clientIds).toEqual(['govgraph-gateway', 'govgraph-console', ...Object.keys(APPLICATIONS), ...PUBLISHERS]);
    expect(production.scopeMappings.map((mapping) => mapping.client)).toEqual(clientIds.slice(1));
  });

  it('keeps what tokens need: the same roles and claims, the browser login with PKCE S256, a bearer-only gateway', () => {
    expect(production.roles).toEqual(realm.roles);
    expect(production.components).toEqual(realm.components);
    expect(production).toMatchObject({ realm: 'govgraph', enabled: true, registrationAllowed: false, bruteForceProtected: true, sslRequired: 'external' });
    expect(production.clients.find((candidate) => candidate.clientId === 'govgraph-console')).toEqual(client('govgraph-console'));
    expect(production.clients.find((candidate) => candidate.clientId === 'govgraph-gateway')).toEqual(client('govgraph-gateway'));
    expect(production.scopeMappings[0]!.roles.sort()).toEqual(realm.roles.realm.map((role) => role.name).sort());
  });
});

describe('realmProblems: what the realm must hold for tokens to make sense', () => {
  const withClient = (client: Partial<RealmClient>): RealmDefinition => ({
    ...GOVGRAPH_REALM,
    clients: [...GOVGRAPH_REALM.clients, { ...GOVGRAPH_REALM.clients[1]!, clientId: 'odd', ...client }],
  });
  const account = { id: '00000000-0000-4000-8000-000000000001', roles: ['mediator' as const], agency: 'petitions' as const };

  it('finds none in the realm and its production form', () => {
    expect(realmProblems(GOVGRAPH_REALM)).toEqual([]);
    expect(realmProblems(productionRealm())).toEqual([]);
  });

  it('refuses client credentials for a public client, without a service account, and a secret on a public client', () => {
    expect(realmProblems(withClient({ kind: 'public', clientCredentials: true, serviceAccount: account }))).toEqual([
      'client odd: only a confidential client may use client credentials',
    ]);
    expect(realmProblems(withClient({ kind: 'confidential', clientCredentials: true }))).toEqual([
      'client odd: client credentials and a service account go together',
    ]);
    expect(realmProblems(withClient({ kind: 'public', secret: 'x' }))).toEqual(['client odd: only a confidential client has a secret']);
  });

  it('refuses a person named like a service account, and a subject shared by two', () => {
    const wang = GOVGRAPH_REALM.users[0]!;
    expect(realmProblems({ ...GOVGRAPH_REALM, users: [...GOVGRAPH_REALM.users, { ...wang, id: account.id, username: 'service-account-app-anti-fraud' }] })).toEqual([
      "user service-account-app-anti-fraud: the prefix service-account- is Keycloak's",
    ]);
    const antiFraud = GOVGRAPH_REALM.clients.find((candidate) => candidate.clientId === 'app-anti-fraud')!;
    expect(realmProblems({ ...GOVGRAPH_REALM, users: [...GOVGRAPH_REALM.users, { ...wang, username: 'twin', id: antiFraud.serviceAccount!.id }] })).toEqual([
      'every user and service account needs an id of its own (sub names them in audit records)',
    ]);
  });

  it('is checked when the development provider starts and when the import is built', async () => {
    await expect(startDevIdentityProvider({ port: 0, realm: withClient({ kind: 'public', secret: 'x' }) })).rejects.toThrow(/only a confidential client has a secret/);
    expect(() => buildKeycloakRealm(withClient({ kind: 'confidential', clientCredentials: true }))).toThrow(/client credentials and a service account go together/);
  });
});
