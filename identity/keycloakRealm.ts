import path from 'node:path';
import {
  AGENCY_CODES,
  GOVGRAPH_REALM,
  productionRealm,
  realmProblems,
  serviceAccountUsername,
  type AttributeClaim,
  type DemoUser,
  type RealmClient,
  type RealmDefinition,
} from './realm';

/**
 * The Keycloak realm-import file (a RealmRepresentation, as `kc.sh import` and `start-dev --import-realm`
 * read it) built from realm.ts. `npm run realm` writes two: deploy/keycloak/development/ (the demo
 * users, the CLI's password grant) and deploy/keycloak/production/ (neither). One per directory:
 * Keycloak imports every file of the directory it is given, and both name the realm govgraph.
 *
 * Choices that make a real Keycloak issue the same tokens as the development provider:
 * - `fullScopeAllowed: false` plus scope mappings for the govgraph roles: `realm_access.roles` carries
 *   only these roles (not offline_access, uma_authorization, default-roles-govgraph) and `aud` only
 *   the gateway (not `account`).
 * - A declarative user profile declaring `agency` and `district`: since Keycloak 24 an attribute the
 *   profile does not declare is dropped, and the mappers would have nothing to map. Only an
 *   administrator may edit them — a user who could edit `district` could widen their own jurisdiction.
 * - Users get an e-mail address, a first name and no required actions: otherwise Keycloak answers the
 *   password grant with "Account is not fully set up".
 * - The whole Chinese name goes in firstName and lastName stays empty: Keycloak composes `name` as
 *   "first last", which would turn 王芳 into "芳 王".
 * - Users keep fixed ids, so `sub` in audit records is stable across re-imports.
 * - A confidential client is `publicClient: false` with `clientAuthenticatorType: client-secret`; its
 *   `secret` is written in the development import only — without one, Keycloak generates it on import.
 *   Its service account is a user of its own in `users` (`serviceAccountClientId`), with fixed id, realm
 *   roles and the agency/district attributes the client's mappers put in the token; being bound to the
 *   client, it is imported in production too. The client lists Keycloak's default client scopes plus
 *   `service_account` (client_id, clientHost, clientAddress), as Keycloak 26 exports such a client: an
 *   import that brings its own service-account user does not assign that scope by itself.
 */

export interface ProtocolMapperRepresentation {
  name: string;
  protocol: 'openid-connect';
  protocolMapper: string;
  consentRequired: boolean;
  config: Record<string, string>;
}

export interface ClientRepresentation {
  clientId: string;
  name: string;
  description: string;
  enabled: boolean;
  protocol: 'openid-connect';
  publicClient: boolean;
  bearerOnly: boolean;
  /** Confidential clients: how they authenticate; `secret` in the development import only. */
  clientAuthenticatorType?: 'client-secret';
  secret?: string;
  standardFlowEnabled: boolean;
  implicitFlowEnabled: boolean;
  directAccessGrantsEnabled: boolean;
  serviceAccountsEnabled: boolean;
  fullScopeAllowed: boolean;
  redirectUris: string[];
  webOrigins: string[];
  attributes: Record<string, string>;
  protocolMappers: ProtocolMapperRepresentation[];
  defaultClientScopes?: string[];
}

export interface UserRepresentation {
  id: string;
  username: string;
  enabled: boolean;
  email: string;
  emailVerified: boolean;
  firstName: string;
  attributes: Record<string, string[]>;
  credentials: { type: 'password'; value: string; temporary: boolean }[];
  realmRoles: string[];
  requiredActions: string[];
}

/** The user Keycloak keeps for a client's client-credentials tokens; it has no password and no profile. */
export interface ServiceAccountUserRepresentation {
  id: string;
  username: string;
  enabled: boolean;
  serviceAccountClientId: string;
  attributes: Record<string, string[]>;
  realmRoles: string[];
}

export interface RealmRepresentation {
  realm: string;
  displayName: string;
  enabled: boolean;
  sslRequired: 'external' | 'none' | 'all';
  registrationAllowed: boolean;
  resetPasswordAllowed: boolean;
  editUsernameAllowed: boolean;
  bruteForceProtected: boolean;
  accessTokenLifespan: number;
  defaultSignatureAlgorithm: 'RS256';
  internationalizationEnabled: boolean;
  supportedLocales: string[];
  defaultLocale: string;
  roles: { realm: { name: string; description: string }[] };
  clients: ClientRepresentation[];
  scopeMappings: { client: string; roles: string[] }[];
  components: Record<string, { providerId: string; subComponents: Record<string, never>; config: Record<string, string[]> }[]>;
  users: (UserRepresentation | ServiceAccountUserRepresentation)[];
}

export const USER_PROFILE_PROVIDER = 'org.keycloak.userprofile.UserProfileProvider';
export const USER_PROFILE_CONFIG_KEY = 'kc.user.profile.config';

function attributeMapper(mapping: AttributeClaim): ProtocolMapperRepresentation {
  return {
    name: mapping.claim,
    protocol: 'openid-connect',
    protocolMapper: 'oidc-usermodel-attribute-mapper',
    consentRequired: false,
    config: {
      'user.attribute': mapping.attribute,
      'claim.name': mapping.claim,
      'jsonType.label': 'String',
      multivalued: 'false',
      'aggregate.attrs': 'false',
      'access.token.claim': 'true',
      'id.token.claim': 'true',
      'userinfo.token.claim': 'true',
      'introspection.token.claim': 'true',
    },
  };
}

function audienceMapper(audience: string): ProtocolMapperRepresentation {
  return {
    name: `audience ${audience}`,
    protocol: 'openid-connect',
    protocolMapper: 'oidc-audience-mapper',
    consentRequired: false,
    config: {
      'included.client.audience': audience,
      'access.token.claim': 'true',
      // An ID token is for the client that asked, never for the gateway.
      'id.token.claim': 'false',
      'introspection.token.claim': 'true',
    },
  };
}

/** Keycloak 26's default client scopes of a realm, plus the one for client-credentials claims. */
export const SERVICE_ACCOUNT_CLIENT_SCOPES = ['web-origins', 'acr', 'profile', 'roles', 'basic', 'email', 'service_account'];

function clientRepresentation(client: RealmClient, realm: RealmDefinition): ClientRepresentation {
  const attributes: Record<string, string> = {};
  if (client.pkceMethod) attributes['pkce.code.challenge.method'] = client.pkceMethod;
  if (client.standardFlow) attributes['post.logout.redirect.uris'] = client.redirectUris.join('##');
  if (client.clientCredentials) attributes['client_credentials.use_refresh_token'] = 'false';
  const confidential = client.kind === 'confidential';
  return {
    clientId: client.clientId,
    name: client.name,
    description: client.description,
    enabled: true,
    protocol: 'openid-connect',
    publicClient: client.kind === 'public',
    bearerOnly: client.kind === 'bearer-only',
    ...(confidential ? { clientAuthenticatorType: 'client-secret' as const } : {}),
    ...(confidential && client.secret !== undefined ? { secret: client.secret } : {}),
    standardFlowEnabled: client.standardFlow,
    implicitFlowEnabled: false,
    directAccessGrantsEnabled: client.directAccessGrants,
    serviceAccountsEnabled: client.clientCredentials,
    fullScopeAllowed: false,
    redirectUris: [...client.redirectUris],
    webOrigins: [...client.webOrigins],
    attributes,
    protocolMappers: client.issuesTokens
      ? [...realm.attributeClaims.map(attributeMapper), audienceMapper(realm.gatewayAudience)]
      : [],
    ...(client.clientCredentials ? { defaultClientScopes: [...SERVICE_ACCOUNT_CLIENT_SCOPES] } : {}),
  };
}

function serviceAccountUserRepresentation(client: RealmClient): ServiceAccountUserRepresentation[] {
  const account = client.serviceAccount;
  if (!account) return [];
  return [
    {
      id: account.id,
      username: serviceAccountUsername(client.clientId),
      enabled: true,
      serviceAccountClientId: client.clientId,
      attributes: { agency: [account.agency], ...(account.district !== undefined ? { district: [account.district] } : {}) },
      realmRoles: [...account.roles],
    },
  ];
}

function userRepresentation(user: DemoUser): UserRepresentation {
  return {
    id: user.id,
    username: user.username,
    enabled: true,
    email: user.email,
    emailVerified: true,
    firstName: user.displayName,
    attributes: { agency: [user.agency], district: [user.district] },
    credentials: [{ type: 'password', value: user.password, temporary: false }],
    realmRoles: [...user.roles],
    requiredActions: [],
  };
}

const ADMIN_AND_USER_VIEW = { view: ['admin', 'user'], edit: ['admin'] };

/** Keycloak's default profile, with lastName optional and the two govgraph attributes declared. */
function userProfileConfig(): string {
  const config = {
    attributes: [
      {
        name: 'username',
        displayName: '${username}',
        validations: { length: { min: 3, max: 255 }, 'username-prohibited-characters': {}, 'up-username-not-idn-homograph': {} },
        permissions: { view: ['admin', 'user'], edit: ['admin', 'user'] },
        multivalued: false,
      },
      {
        name: 'email',
        displayName: '${email}',
        validations: { email: {}, length: { max: 255 } },
        required: { roles: ['user'] },
        permissions: { view: ['admin', 'user'], edit: ['admin', 'user'] },
        multivalued: false,
      },
      {
        name: 'firstName',
        displayName: '${firstName}',
        validations: { length: { max: 255 }, 'person-name-prohibited-characters': {} },
        required: { roles: ['user'] },
        permissions: { view: ['admin', 'user'], edit: ['admin', 'user'] },
        multivalued: false,
      },
      {
        name: 'lastName',
        displayName: '${lastName}',
        validations: { length: { max: 255 }, 'person-name-prohibited-characters': {} },
        permissions: { view: ['admin', 'user'], edit: ['admin', 'user'] },
        multivalued: false,
      },
      {
        name: 'agency',
        displayName: 'Agency 所属单位',
        group: 'govgraph',
        validations: { options: { options: [...AGENCY_CODES] } },
        permissions: ADMIN_AND_USER_VIEW,
        multivalued: false,
      },
      {
        name: 'district',
        displayName: 'District 行政区划代码',
        group: 'govgraph',
        validations: { pattern: { pattern: '^[0-9]{6}$', 'error-message': 'a 6-digit administrative division code' } },
        permissions: ADMIN_AND_USER_VIEW,
        multivalued: false,
      },
    ],
    groups: [
      { name: 'user-metadata', displayHeader: 'User metadata', displayDescription: 'Attributes, which refer to user metadata' },
      { name: 'govgraph', displayHeader: 'govgraph', displayDescription: 'Agency and jurisdiction; set by administrators only' },
    ],
  };
  return JSON.stringify(config);
}

export function buildKeycloakRealm(realm: RealmDefinition = GOVGRAPH_REALM): RealmRepresentation {
  const problems = realmProblems(realm);
  if (problems.length > 0) throw new Error(`identity/realm.ts: ${problems.join('; ')}`);
  const roleNames = realm.roles.map((role) => role.name);
  return {
    realm: realm.name,
    displayName: realm.displayName,
    enabled: true,
    sslRequired: 'external',
    registrationAllowed: false,
    resetPasswordAllowed: false,
    editUsernameAllowed: false,
    bruteForceProtected: true,
    accessTokenLifespan: realm.accessTokenLifespanSeconds,
    defaultSignatureAlgorithm: 'RS256',
    internationalizationEnabled: true,
    supportedLocales: ['zh-CN', 'en'],
    defaultLocale: 'zh-CN',
    roles: { realm: realm.roles.map((role) => ({ name: role.name, description: role.description })) },
    clients: realm.clients.map((client) => clientRepresentation(client, realm)),
    scopeMappings: realm.clients
      .filter((client) => client.issuesTokens)
      .map((client) => ({ client: client.clientId, roles: [...roleNames] })),
    components: {
      [USER_PROFILE_PROVIDER]: [
        { providerId: 'declarative-user-profile', subComponents: {}, config: { [USER_PROFILE_CONFIG_KEY]: [userProfileConfig()] } },
      ],
    },
    users: [...realm.users.map(userRepresentation), ...realm.clients.flatMap(serviceAccountUserRepresentation)],
  };
}

/** The file's exact text: stable key order, two-space indent, trailing newline (diff-friendly, drift-checked). */
export function keycloakRealmJson(realm: RealmDefinition = GOVGRAPH_REALM): string {
  return `${JSON.stringify(buildKeycloakRealm(realm), null, 2)}\n`;
}

export const KEYCLOAK_REALM_PATH = path.join(__dirname, '..', 'deploy', 'keycloak', 'development', 'govgraph-realm.json');
export const KEYCLOAK_PRODUCTION_REALM_PATH = path.join(__dirname, '..', 'deploy', 'keycloak', 'production', 'govgraph-realm.json');

/** Every realm file `npm run realm` writes, with its text. */
export function keycloakRealmFiles(): { path: string; text: string }[] {
  return [
    { path: KEYCLOAK_REALM_PATH, text: keycloakRealmJson(GOVGRAPH_REALM) },
    { path: KEYCLOAK_PRODUCTION_REALM_PATH, text: keycloakRealmJson(productionRealm()) },
  ];
}
