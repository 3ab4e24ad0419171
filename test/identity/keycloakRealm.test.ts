import { readFileSync } from 'node:fs';
import { decodeJwt } from 'jose';
import { startDevIdentityProvider } from '../../identity/devIdentityProvider';
import {
  KEYCLOAK_PRODUCTION_REALM_PATH,
  KEYCLOAK_REALM_PATH,
  keycloakRealmFiles,
  USER_PROFILE_CONFIG_KEY,
  USER_PROFILE_PROVIDER,
  type ClientRepresentation,
  type RealmRepresentation,
} from '../../identity/keycloakRealm';
import { GOVGRAPH_REALM } from '../../identity/realm';
import { freePort } from '../../runtime/freePort';
import { passwordToken } from './tokenEndpoint';

const committed = readFileSync(KEYCLOAK_REALM_PATH, 'utf8');
const realm = JSON.parse(committed) as RealmRepresentation;

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

  it('is the enabled realm govgraph with the eight govgraph roles, each described', () => {
    expect(realm.realm).toBe('govgraph');
    expect(realm.enabled).toBe(true);
    expect(realm.roles.realm.map((role) => role.name).sort()).toEqual(
      ['bank-compliance', 'court-clerk', 'grid-worker', 'market-inspector', 'mediator', 'police-investigator', 'privacy-officer', 'risk-analyst'],
    );
    for (const role of realm.roles.realm) expect(role.description.length).toBeGreaterThan(0);
  });

  it('has the demo users of design.md, with roles that exist, attributes and a password', () => {
    const roleNames = new Set(realm.roles.realm.map((role) => role.name));
    const users = Object.fromEntries(
      realm.users.map((user) => [user.username, [user.realmRoles.join(','), user.attributes.agency?.[0], user.attributes.district?.[0]]]),
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
    });
    for (const user of realm.users) {
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
    for (const clientId of ['govgraph-cli', 'govgraph-console']) {
      expect(client(clientId).fullScopeAllowed).toBe(false);
      const mapping = realm.scopeMappings.find((candidate) => candidate.client === clientId);
      for (const user of realm.users) for (const role of user.realmRoles) expect(mapping?.roles).toContain(role);
    }
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
  it('on subject, roles, agency and district of every user', async () => {
    const idp = await startDevIdentityProvider({ port: await freePort() });
    try {
      for (const user of realm.users) {
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

  it('has no users (nobody with the password demo) and no credentials at all', () => {
    expect(production.users).toEqual([]);
    expect(readFileSync(KEYCLOAK_PRODUCTION_REALM_PATH, 'utf8')).not.toMatch(/"credentials"|"value": "demo"/);
  });

  it('allows the password grant to no client, and leaves out the CLI whose only flow it was', () => {
    for (const candidate of production.clients) expect(candidate.directAccessGrantsEnabled).toBe(false);
    expect(production.clients.map((candidate) => candidate.clientId)).toEqual(['govgraph-gateway', 'govgraph-console']);
    expect(production.scopeMappings.map((mapping) => mapping.client)).toEqual(['govgraph-console']);
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
