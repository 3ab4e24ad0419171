/**
 * The Keycloak realm `govgraph` as data: its roles, clients, token claims and demo users.
 *
 * One description, two consumers: keycloakRealm.ts turns it into the realm-import file that the
 * Keycloak of docker-compose loads, and devIdentityProvider.ts issues tokens from it for `npm start`.
 * So a token looks the same whichever of the two issued it, and a change is made here once.
 *
 * The demo users and their password `demo` exist for development only: production imports
 * `productionRealm()`, without them and without the password grant, and administers users in Keycloak.
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
] as const;
export type RealmRoleName = (typeof REALM_ROLE_NAMES)[number];

export interface RealmRole {
  readonly name: RealmRoleName;
  readonly description: string;
}

/** Agency codes carried in the `agency` claim. */
export const AGENCY_CODES = ['petitions', 'police', 'court', 'procuratorate', 'market', 'bank', 'data-bureau'] as const;
export type AgencyCode = (typeof AGENCY_CODES)[number];

export const AGENCY_LABELS: Readonly<Record<AgencyCode, string>> = Object.freeze({
  petitions: '信访局（矛调中心）',
  police: '公安局',
  court: '人民法院',
  procuratorate: '人民检察院',
  market: '市场监督管理局',
  bank: '商业银行',
  'data-bureau': '大数据发展管理局',
});

export interface RealmClient {
  readonly clientId: string;
  readonly name: string;
  readonly description: string;
  /**
   * public: a client that cannot keep a secret (a CLI, a browser app) and gets tokens for users;
   * bearer-only: a resource server that never gets tokens, only receives them (the gateway).
   */
  readonly kind: 'public' | 'bearer-only';
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
  ],
  clients: [
    // First: the audience mapper of the clients below names it, and Keycloak imports clients in order.
    {
      clientId: GATEWAY_AUDIENCE,
      name: 'govgraph gateway',
      description: 'The GraphQL gateway: a resource server that verifies access tokens and never obtains any.',
      kind: 'bearer-only',
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
      directAccessGrants: false,
      standardFlow: true,
      pkceMethod: 'S256',
      redirectUris: ['http://localhost:4000/*'],
      webOrigins: ['http://localhost:4000'],
      issuesTokens: true,
    },
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
  ],
});

/**
 * The realm as production imports it: the same roles, clients and token claims, but no demo users and
 * no password grant — a client whose only flow is that grant (the CLI) is left out, and no other keeps
 * it. Users are then administered in Keycloak itself.
 */
export function productionRealm(realm: RealmDefinition = GOVGRAPH_REALM): RealmDefinition {
  return deepFreeze({
    ...realm,
    clients: realm.clients
      .filter((client) => !(client.directAccessGrants && !client.standardFlow && client.issuesTokens))
      .map((client) => ({ ...client, directAccessGrants: false })),
    users: [],
  });
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
