/**
 * The Keycloak realm `govgraph` as data: its roles, clients, token claims and demo users.
 *
 * One description, two consumers: keycloakRealm.ts turns it into the realm-import file that the
 * Keycloak of docker-compose loads, and devIdentityProvider.ts issues tokens from it for `npm start`.
 * So a token looks the same whichever of the two issued it, and a change is made here once.
 *
 * The demo users and their password `demo`, and the confidential clients' secret `demo`, exist for
 * development only: production imports `productionRealm()`, without users, secrets or the password grant;
 * Keycloak generates the clients' secrets and users are administered there.
 */

export const REALM_NAME = 'govgraph';

/** The `aud` every access token carries: the gateway accepts no token without it. */
export const GATEWAY_AUDIENCE = 'govgraph-gateway';

/** Keycloak's default access-token lifespan, kept: short tokens limit what a leaked one is worth. */
export const ACCESS_TOKEN_LIFESPAN_SECONDS = 300;

export const REALM_ROLE_NAMES = [
  'mediator',
  'grid-worker',
  'police-investigator',
  'court-clerk',
  'risk-analyst',
  'bank-compliance',
  'market-inspector',
  'privacy-officer',
  'data-steward',
  'schema-publisher',
] as const;
export type RealmRoleName = (typeof REALM_ROLE_NAMES)[number];

export interface RealmRole {
  readonly name: RealmRoleName;
  readonly description: string;
}

/** Agency codes carried in the `agency` claim. */
export const AGENCY_CODES = ['petitions', 'police', 'court', 'procuratorate', 'market', 'bank', 'data-bureau', 'mediation'] as const;
export type AgencyCode = (typeof AGENCY_CODES)[number];

export const AGENCY_LABELS: Readonly<Record<AgencyCode, string>> = Object.freeze({
  petitions: '信访局（矛调中心）',
  police: '公安局',
  court: '人民法院',
  procuratorate: '人民检察院',
  market: '市场监督管理局',
  bank: '商业银行',
  'data-bureau': '大数据发展管理局',
  mediation: '司法局（人民调解）',
});

/**
 * The user Keycloak keeps for a client that may use the client-credentials grant: the token it gets
 * names this user (`sub`, `preferred_username` service-account-<clientId>) with its roles and claims.
 */
export interface ServiceAccount {
  /** Keycloak's id of the service-account user, fixed so `sub` is the same in both providers. */
  readonly id: string;
  readonly roles: readonly RealmRoleName[];
  readonly agency: AgencyCode;
  /** Only where the application works for one division (the gateway's jurisdiction checks read it). */
  readonly district?: string;
}

export interface RealmClient {
  readonly clientId: string;
  readonly name: string;
  readonly description: string;
  /**
   * public: a client that cannot keep a secret (a CLI, a browser app) and gets tokens for users;
   * confidential: a server-side application that authenticates with its secret for every grant;
   * bearer-only: a resource server that never gets tokens, only receives them (the gateway).
   */
  readonly kind: 'public' | 'confidential' | 'bearer-only';
  /** Confidential clients, development only: productionRealm() drops it and Keycloak generates one. */
  readonly secret?: string;
  /** Client-credentials grant (Keycloak: "service accounts"); needs a confidential client and `serviceAccount`. */
  readonly clientCredentials: boolean;
  readonly serviceAccount?: ServiceAccount;
  /** Resource-owner password grant: development convenience for curl, never for a browser app. */
  readonly directAccessGrants: boolean;
  /** Authorization-code flow (the browser login). */
  readonly standardFlow: boolean;
  readonly pkceMethod?: 'S256';
  readonly redirectUris: readonly string[];
  readonly webOrigins: readonly string[];
  /** Whether tokens issued to this client carry the govgraph claims (agency, district, audience). */
  readonly issuesTokens: boolean;
}

/** A user attribute copied into a token claim of the same name. */
export interface AttributeClaim {
  readonly attribute: 'agency' | 'district';
  readonly claim: 'agency' | 'district';
}

export interface DemoUser {
  /** Keycloak's user id, fixed so `sub` is the same in the dev provider and in Keycloak (audit records name it). */
  readonly id: string;
  readonly username: string;
  /** The whole name as Chinese writes it, family name first. */
  readonly displayName: string;
  readonly email: string;
  readonly roles: readonly RealmRoleName[];
  readonly agency: AgencyCode;
  /** 6-digit administrative division code; grid workers see rows of this district only. */
  readonly district: string;
  /** Development only. */
  readonly password: string;
}

export interface RealmDefinition {
  readonly name: string;
  readonly displayName: string;
  readonly accessTokenLifespanSeconds: number;
  readonly gatewayAudience: string;
  readonly roles: readonly RealmRole[];
  readonly clients: readonly RealmClient[];
  readonly attributeClaims: readonly AttributeClaim[];
  readonly users: readonly DemoUser[];
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const member of Object.values(value)) deepFreeze(member);
    Object.freeze(value);
  }
  return value;
}

const DEMO_PASSWORD = 'demo';
/** The development secret of every confidential client (client_secret_basic or client_secret_post). */
export const DEVELOPMENT_CLIENT_SECRET = 'demo';

/** Keycloak's username for a client's service account. */
export function serviceAccountUsername(clientId: string): string {
  return `service-account-${clientId}`;
}

/** Redirect URIs and origin of the applications served beside the gateway, as for govgraph-console. */
const LOCAL_REDIRECT_URIS = ['http://localhost:4000/*'];
const LOCAL_WEB_ORIGINS = ['http://localhost:4000'];

interface ApplicationSpec {
  clientId: string;
  seedSystem: string;
  serviceAccountId: string;
  roles: RealmRoleName[];
  agency: AgencyCode;
  district: string;
}

/**
 * An application of issue 13: its own token by client credentials (what it may ask is then what its
 * agreements say), and an official's token by the authorization-code flow (`sub` the person, `azp` the app).
 */
function applicationClient(spec: ApplicationSpec): RealmClient {
  return {
    clientId: spec.clientId,
    name: spec.seedSystem,
    description: `Application ${spec.seedSystem}: client credentials for its service account, authorization code with PKCE (S256) for officials.`,
    kind: 'confidential',
    secret: DEVELOPMENT_CLIENT_SECRET,
    clientCredentials: true,
    serviceAccount: { id: spec.serviceAccountId, roles: spec.roles, agency: spec.agency, district: spec.district },
    directAccessGrants: false,
    standardFlow: true,
    pkceMethod: 'S256',
    redirectUris: LOCAL_REDIRECT_URIS,
    webOrigins: LOCAL_WEB_ORIGINS,
    issuesTokens: true,
  };
}

/** An agency's schema publisher (issue 12): client credentials only, role schema-publisher, agency = its subgraph. */
function publisherClient(agency: AgencyCode, serviceAccountId: string): RealmClient {
  return {
    clientId: `${agency}-publisher`,
    name: `${AGENCY_LABELS[agency]} schema publisher`,
    description: `Publishes the ${agency} subgraph to the schema registry (CI): client credentials only.`,
    kind: 'confidential',
    secret: DEVELOPMENT_CLIENT_SECRET,
    clientCredentials: true,
    serviceAccount: { id: serviceAccountId, roles: ['schema-publisher'], agency },
    directAccessGrants: false,
    standardFlow: false,
    redirectUris: [],
    webOrigins: [],
    issuesTokens: true,
  };
}

interface StewardSpec {
  id: string;
  agency: AgencyCode;
  displayName: string;
}

/** A data steward (数据管理员): approves data-sharing requests that read their own agency. */
function stewardUser(spec: StewardSpec): DemoUser {
  return {
    id: spec.id,
    username: `steward.${spec.agency}`,
    displayName: spec.displayName,
    email: `steward.${spec.agency}@govgraph.example`,
    roles: ['data-steward'],
    agency: spec.agency,
    district: '330000',
    password: DEMO_PASSWORD,
  };
}

export const GOVGRAPH_REALM: RealmDefinition = deepFreeze({
  name: REALM_NAME,
  displayName: 'govgraph 政务数据共享',
  accessTokenLifespanSeconds: ACCESS_TOKEN_LIFESPAN_SECONDS,
  gatewayAudience: GATEWAY_AUDIENCE,
  roles: [
    { name: 'mediator', description: '调解员：矛调中心化解矛盾纠纷、开展诉源治理 (dispute mediator)' },
    { name: 'grid-worker', description: '网格员：只见本辖区（district）的矛盾纠纷 (district-bound grid worker)' },
    { name: 'police-investigator', description: '公安侦查员：电信网络诈骗侦查、易制毒化学品监管 (police investigator)' },
    { name: 'court-clerk', description: '法院书记员：诉源治理统计 (court clerk)' },
    { name: 'risk-analyst', description: '金融风险分析员：金融风险监测 (financial-risk analyst)' },
    { name: 'bank-compliance', description: '银行合规专员：金融风险监测 (bank compliance officer)' },
    { name: 'market-inspector', description: '市场监管执法员：易制毒化学品监管 (market-supervision inspector)' },
    { name: 'privacy-officer', description: '个人信息保护负责人：审计查询记录 (privacy officer, reviews the audit trail)' },
    { name: 'data-steward', description: '数据管理员：审批涉及本单位数据的共享申请 (data steward, approves sharing requests for their agency)' },
    { name: 'schema-publisher', description: '模式发布者：发布本单位的子图 (schema publisher, publishes its agency’s subgraph)' },
  ],
  clients: [
    // First: the audience mapper of the clients below names it, and Keycloak imports clients in order.
    {
      clientId: GATEWAY_AUDIENCE,
      name: 'govgraph gateway',
      description: 'The GraphQL gateway: a resource server that verifies access tokens and never obtains any.',
      kind: 'bearer-only',
      clientCredentials: false,
      directAccessGrants: false,
      standardFlow: false,
      redirectUris: [],
      webOrigins: [],
      issuesTokens: false,
    },
    {
      clientId: 'govgraph-cli',
      name: 'govgraph command line',
      description: 'curl and scripts in development: password grant. Disable direct access grants in production.',
      kind: 'public',
      clientCredentials: false,
      directAccessGrants: true,
      standardFlow: false,
      redirectUris: [],
      webOrigins: [],
      issuesTokens: true,
    },
    {
      clientId: 'govgraph-console',
      name: 'govgraph console',
      description: 'Browser applications: authorization code flow with PKCE (S256).',
      kind: 'public',
      clientCredentials: false,
      directAccessGrants: false,
      standardFlow: true,
      pkceMethod: 'S256',
      redirectUris: ['http://localhost:4000/*'],
      webOrigins: ['http://localhost:4000'],
      issuesTokens: true,
    },
    applicationClient({
      clientId: 'app-dispute-cockpit',
      seedSystem: '瑞安 复杂矛盾纠纷“模块+专班”',
      serviceAccountId: '1a337996-ede2-44de-99b1-fc33c360b136',
      roles: ['mediator'],
      agency: 'petitions',
      // The demo's disputes and fraud cases are in 杭州 (3301xx): the seed systems run here for the walk-through.
      district: '330100',
    }),
    applicationClient({
      clientId: 'app-anti-fraud',
      seedSystem: '嘉兴 数字反诈',
      serviceAccountId: '62db6703-0c8c-4cd1-8839-c8074e99a810',
      roles: ['police-investigator'],
      agency: 'police',
      district: '330100',
    }),
    applicationClient({
      clientId: 'app-risk-card',
      seedSystem: '路桥 “融”易治 金融风险三色卡',
      serviceAccountId: '700b2bca-0daf-4e97-8d3d-daf7f0c95131',
      roles: ['risk-analyst'],
      agency: 'procuratorate',
      district: '331004',
    }),
    applicationClient({
      clientId: 'app-precursor',
      seedSystem: '衢州 易制毒化学品监管',
      serviceAccountId: 'e4c54f57-5b2e-417e-8050-bf1d91559e4f',
      roles: ['market-inspector'],
      agency: 'market',
      district: '330800',
    }),
    applicationClient({
      clientId: 'app-litigation-source',
      seedSystem: '嘉兴 诉源治理驾驶舱',
      serviceAccountId: 'c2c360a8-216c-49c8-b9ae-a8763907b8ed',
      roles: ['court-clerk'],
      agency: 'court',
      district: '330400',
    }),
    publisherClient('police', '71e6ceaf-a224-4ad7-b3d8-4e3f38fa7181'),
    publisherClient('court', '6a684210-185d-4761-9679-c834209653a3'),
    publisherClient('petitions', '26f3183c-b569-4663-b93e-8a18e78ecaef'),
    publisherClient('market', '7ecccbef-1322-40e8-84fd-b13fc5b8859e'),
    publisherClient('bank', 'f1d3409d-7505-4d81-b55a-c1c7b6b2ed8b'),
    publisherClient('mediation', '2d4ac76b-1755-4995-82c4-86d53c0e9506'),
  ],
  attributeClaims: [
    { attribute: 'agency', claim: 'agency' },
    { attribute: 'district', claim: 'district' },
  ],
  users: [
    {
      id: 'fd2f94cb-ef65-43b4-b430-0f5ab9949b93',
      username: 'mediator.wang',
      displayName: '王芳',
      email: 'mediator.wang@govgraph.example',
      roles: ['mediator'],
      agency: 'petitions',
      district: '330110',
      password: DEMO_PASSWORD,
    },
    {
      id: '6e6a3b47-a2af-45c8-b185-881540e30f9c',
      username: 'investigator.li',
      displayName: '李强',
      email: 'investigator.li@govgraph.example',
      roles: ['police-investigator'],
      agency: 'police',
      district: '330110',
      password: DEMO_PASSWORD,
    },
    {
      id: '44800d53-1509-402d-89cd-6e44241e7b99',
      username: 'clerk.zhao',
      displayName: '赵敏',
      email: 'clerk.zhao@govgraph.example',
      roles: ['court-clerk'],
      agency: 'court',
      district: '330110',
      password: DEMO_PASSWORD,
    },
    {
      id: '42d3047f-c034-4781-9780-028092e5704c',
      username: 'analyst.chen',
      displayName: '陈磊',
      email: 'analyst.chen@govgraph.example',
      roles: ['risk-analyst'],
      agency: 'procuratorate',
      district: '331004',
      password: DEMO_PASSWORD,
    },
    {
      id: 'cad0bc31-3077-47f3-8fed-47c04c01ccb2',
      username: 'inspector.sun',
      displayName: '孙丽',
      email: 'inspector.sun@govgraph.example',
      roles: ['market-inspector'],
      agency: 'market',
      district: '330802',
      password: DEMO_PASSWORD,
    },
    {
      id: 'e8c64855-89cc-4b5b-bc0b-d594242bbd33',
      username: 'compliance.zhou',
      displayName: '周洋',
      email: 'compliance.zhou@govgraph.example',
      roles: ['bank-compliance'],
      agency: 'bank',
      district: '330100',
      password: DEMO_PASSWORD,
    },
    {
      id: '1fdc1d5c-d06e-4c69-99a9-19aae98fdafd',
      username: 'grid.wu',
      displayName: '吴静',
      email: 'grid.wu@govgraph.example',
      roles: ['grid-worker'],
      agency: 'petitions',
      district: '330502',
      password: DEMO_PASSWORD,
    },
    {
      id: 'ef6fb467-62f6-4814-b559-f50c744a448e',
      username: 'officer.qian',
      displayName: '钱明',
      email: 'officer.qian@govgraph.example',
      roles: ['privacy-officer'],
      agency: 'data-bureau',
      district: '330000',
      password: DEMO_PASSWORD,
    },
    stewardUser({ id: 'dc4b0316-3c6a-405c-876a-62a4a5b1c373', agency: 'police', displayName: '郑刚' }),
    stewardUser({ id: '00344583-5421-49a6-865b-3048993e0649', agency: 'court', displayName: '冯雪' }),
    stewardUser({ id: 'bd8c09de-6013-4bc0-9144-c2aae5616708', agency: 'petitions', displayName: '许晴' }),
    stewardUser({ id: '3c83d6cb-45c1-48a8-accc-aa08e896d6a9', agency: 'market', displayName: '何勇' }),
    stewardUser({ id: '886be50d-3742-4a06-bbd6-a80344cab67e', agency: 'bank', displayName: '韩梅' }),
    stewardUser({ id: '6a1e75a6-b6bd-4120-a547-9977dec266ba', agency: 'mediation', displayName: '曹娟' }),
  ],
});

/**
 * The realm as production imports it: the same roles, clients and token claims, but no demo users, no
 * client secrets (Keycloak generates each confidential client's) and no password grant — a client whose
 * only flow is that grant (the CLI) is left out, and no other keeps it. Users are then administered in
 * Keycloak itself; the service accounts stay, since they belong to their clients.
 */
export function productionRealm(realm: RealmDefinition = GOVGRAPH_REALM): RealmDefinition {
  return deepFreeze({
    ...realm,
    clients: realm.clients
      .filter((client) => !(client.directAccessGrants && !client.standardFlow && client.issuesTokens))
      .map(({ secret: _secret, ...client }) => ({ ...client, directAccessGrants: false })),
    users: [],
  });
}

/**
 * What the realm must hold for either provider to issue sensible tokens: the development provider refuses
 * to start and `npm run realm` to write a realm with problems. One sentence each, so a test can assert them.
 */
export function realmProblems(realm: RealmDefinition): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  for (const client of realm.clients) {
    const name = `client ${client.clientId}`;
    if (client.clientCredentials && client.kind !== 'confidential') problems.push(`${name}: only a confidential client may use client credentials`);
    if (client.clientCredentials !== (client.serviceAccount !== undefined)) problems.push(`${name}: client credentials and a service account go together`);
    if (client.secret !== undefined && client.kind !== 'confidential') problems.push(`${name}: only a confidential client has a secret`);
    if (client.serviceAccount) ids.add(client.serviceAccount.id);
  }
  for (const user of realm.users) {
    ids.add(user.id);
    // The gateway tells service accounts from people by this prefix: no person may carry it.
    if (user.username.startsWith(serviceAccountUsername(''))) problems.push(`user ${user.username}: the prefix service-account- is Keycloak's`);
  }
  if (ids.size !== realm.users.length + realm.clients.filter((client) => client.serviceAccount).length) {
    problems.push('every user and service account needs an id of its own (sub names them in audit records)');
  }
  return problems;
}

/** `{base}/realms/govgraph`, Keycloak's issuer for the realm (no trailing slash). */
export function realmIssuer(baseUrl: string, realm: RealmDefinition = GOVGRAPH_REALM): string {
  return `${baseUrl.replace(/\/+$/, '')}/realms/${realm.name}`;
}

/** Keycloak's endpoint paths below the issuer. */
export const OIDC_PATHS = Object.freeze({
  configuration: '/.well-known/openid-configuration',
  certs: '/protocol/openid-connect/certs',
  token: '/protocol/openid-connect/token',
  authorization: '/protocol/openid-connect/auth',
  logout: '/protocol/openid-connect/logout',
});
