import { hostname } from 'node:os';
import { z } from 'zod';
import { DEFAULT_OPERATION_LIMITS, type OperationLimits } from '../gateway/limits/operationLimits';
import { DEFAULT_MAX_QUEUE } from '../audit/writer';
import { DEFAULT_ADMISSION, type AdmissionSettings } from '../gateway/admission/admissionGate';
import { DEFAULT_CASE_VERIFICATION_TTL_SECONDS } from '../gateway/cases/verificationCache';
import { DEFAULT_SUBGRAPH_MAX_RESPONSE_BYTES } from '../gateway/subgraphFetcher';
import { AGENCIES, type Agency, type SubgraphName } from '../subgraphs/agencies';
import { LOG_LEVELS, type LogLevel } from '@govgraph/observability';

/**
 * Every environment variable govgraph reads, validated once at start-up. A bad value stops the
 * process with a message naming the variable and what it expects (see README, Configuration).
 */
const port = z.coerce.number().int().min(0).max(65535);
const postgresUrl = z
  .string()
  .refine((value) => /^postgres(ql)?:\/\//.test(value), 'must be a postgres:// URL, e.g. postgres://postgres@127.0.0.1:5432/postgres');
const httpUrl = z.string().url().refine((value) => /^https?:\/\//.test(value), 'must be an http(s):// URL');

/** A limit: a whole number in [min, max], with the default in the message so the fix is obvious. */
const limit = (fallback: number, min: number, max: number) =>
  z.coerce
    .number({ error: `must be a whole number (default ${fallback})` })
    .int(`must be a whole number (default ${fallback})`)
    .min(min, `must be at least ${min} (default ${fallback})`)
    .max(max, `must be at most ${max} (default ${fallback})`)
    .default(fallback);

/** The gateway's operation limits (gateway/limits/operationLimits.ts), by variable. */
const limitVariables = {
  GRAPHQL_MAX_DEPTH: limit(DEFAULT_OPERATION_LIMITS.maxDepth, 1, 1_000),
  GRAPHQL_MAX_ALIASES: limit(DEFAULT_OPERATION_LIMITS.maxAliases, 0, 10_000),
  GRAPHQL_MAX_ROOT_FIELDS: limit(DEFAULT_OPERATION_LIMITS.maxRootFields, 1, 10_000),
  GRAPHQL_MAX_DIRECTIVES: limit(DEFAULT_OPERATION_LIMITS.maxDirectives, 0, 10_000),
  GRAPHQL_MAX_TOKENS: limit(DEFAULT_OPERATION_LIMITS.maxTokens, 100, 1_000_000),
  GRAPHQL_MAX_SELECTIONS: limit(DEFAULT_OPERATION_LIMITS.maxSelections, 10, 10_000_000),
  GRAPHQL_MAX_COST: limit(DEFAULT_OPERATION_LIMITS.maxCost, 1, 1_000_000_000),
  GRAPHQL_DEFAULT_LIST_SIZE: limit(DEFAULT_OPERATION_LIMITS.defaultListSize, 1, 10_000),
  GRAPHQL_MAX_RESPONSE_BYTES: limit(DEFAULT_OPERATION_LIMITS.maxResponseBytes, 1_000, 1_000_000_000),
  REQUEST_TIMEOUT_MS: limit(DEFAULT_OPERATION_LIMITS.requestTimeoutMs, 100, 600_000),
};

const agencyVariables = Object.fromEntries(
  AGENCIES.flatMap((agency) => [
    [`${agency.toUpperCase()}_DATABASE_URL`, postgresUrl.optional()],
    [`${agency.toUpperCase()}_URL`, httpUrl.optional()],
  ]),
);

const environmentSchema = z.object({
  PORT: port.optional(),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: postgresUrl.optional(),
  DATABASE_PREFIX: z
    .string()
    .regex(/^[a-z][a-z0-9_]*$/, 'must be lower-case letters, digits and _ (it prefixes database names)')
    .default('govgraph'),
  EMBEDDED_PG_PORT: port.default(54329),
  EMBEDDED_PG_DIR: z.string().min(1).default('.data/postgres'),
  SEED_PERSONS: z.coerce.number().int().min(0).default(10_000),
  SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  SUBGRAPH_MAX_RESPONSE_BYTES: limit(DEFAULT_SUBGRAPH_MAX_RESPONSE_BYTES, 1_000, 1_000_000_000),
  // Seconds, not minutes: a case closed at its agency must stop being served soon (0 verifies every request).
  CASE_VERIFICATION_TTL_SECONDS: z.coerce
    .number()
    .int('must be a whole number of seconds')
    .min(0, 'must be at least 0 (0 verifies the case reference on every request)')
    .max(300, 'must be at most 300: a case closed at its agency must stop being served within minutes')
    .default(DEFAULT_CASE_VERIFICATION_TTL_SECONDS),
  SUBGRAPH_BREAKER_ERROR_PERCENT: z.coerce.number().int().min(1).max(100).default(50),
  SUBGRAPH_BREAKER_MIN_REQUESTS: z.coerce.number().int().min(1).default(10),
  SUBGRAPH_BREAKER_WINDOW_MS: z.coerce.number().int().min(100).default(10_000),
  SUBGRAPH_BREAKER_RESET_MS: z.coerce.number().int().min(100).default(5_000),
  CHILD_HEAP_MB: z.coerce.number().int().min(64, 'must be at least 64 (MB)').default(1_024),
  GATEWAY_MAX_IN_FLIGHT: z.coerce.number().int('must be a whole number of operations').min(1).max(10_000).default(DEFAULT_ADMISSION.maxInFlight),
  GATEWAY_MAX_QUEUED: z.coerce.number().int('must be a whole number of requests').min(0).max(1_000_000).default(DEFAULT_ADMISSION.maxQueued),
  GATEWAY_QUEUE_TIMEOUT_MS: z.coerce.number().int('must be a whole number of milliseconds').min(1).max(600_000).default(DEFAULT_ADMISSION.queueTimeoutMs),
  // Whether personal tokens (the CLI, the console) may still send queries no agreement covers (gateway/agreements).
  GATEWAY_AD_HOC_QUERIES: z
    .enum(['allow', 'deny'], { error: 'must be allow (personal tokens keep ad-hoc queries) or deny (only agreed operations run)' })
    .default('allow'),
  OIDC_ISSUER: httpUrl.default('http://localhost:8080/realms/govgraph'),
  OIDC_AUDIENCE: z.string().min(1).default('govgraph-gateway'),
  OIDC_JWKS_URL: httpUrl.optional(),
  OIDC_CLIENTS: z.string().optional(),
  PSEUDONYM_KEY: z.string().min(32, 'must be at least 32 characters of secret (e.g. `openssl rand -hex 32`)').optional(),
  ACCESS_CONTEXT_PRIVATE_KEY: z.string().min(1).optional(),
  ACCESS_CONTEXT_PUBLIC_KEYS: z.string().min(1).optional(),
  DEV_IDP_PORT: port.default(8080),
  AUDIT_DATABASE_URL: postgresUrl.optional(),
  AUDIT_WITNESS_URL: postgresUrl.optional(),
  BUDGET_DATABASE_URL: postgresUrl.optional(),
  REGISTRY_DATABASE_URL: postgresUrl.optional(),
  REGISTRY_OPERATIONS_WINDOW_DAYS: z.coerce
    .number()
    .int('must be a whole number of days')
    .min(1, 'must be at least 1 (day of recorded operations a schema change is checked against)')
    .max(3_650, 'must be at most 3650 (ten years)')
    .default(30),
  AGREEMENTS_DATABASE_URL: postgresUrl.optional(),
  AUDIT_URL: httpUrl.optional(),
  AUDIT_CHAIN_ID: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be 1–64 letters, digits, dot, dash or underscore (one chain per gateway instance)')
    .optional(),
  AUDIT_SUBJECT_KEY: z.string().min(32, 'must be at least 32 characters of secret (e.g. `openssl rand -hex 32`)').optional(),
  AUDIT_CHECKPOINT_KEY: z.string().min(1).optional(),
  AUDIT_PUBLIC_KEYS: z.string().min(1).optional(),
  ...limitVariables,
  AUDIT_QUEUE_LIMIT: z.coerce
    .number()
    .int('must be a whole number of records')
    .min(8, 'must be at least 8 (records waiting for their commit)')
    .max(1_000_000, 'must be at most 1000000 (each waiting record is held in memory)')
    .default(DEFAULT_MAX_QUEUE),
  // Observability (README "Operations you can see"): who may read /metrics, how much is logged, where traces go.
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters of secret (e.g. `openssl rand -hex 32`): scrapers send it as a bearer token').optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')} (default info)` }).default('info'),
  OTEL_TRACES_EXPORTER: z.enum(['otlp', 'console', 'none'], { error: 'must be otlp, console or none (only traces are exported)' }).optional(),
  OTEL_EXPORTER_OTLP_ENDPOINT: httpUrl.optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: httpUrl.optional(),
  ...agencyVariables,
});

export type Environment = z.infer<typeof environmentSchema>;

export interface Config {
  /** Gateway port (PORT), default 4000; a subgraph run alone uses PORT or its default. */
  port: number | undefined;
  host: string;
  /** A PostgreSQL server; without it `npm start` runs an embedded one. */
  databaseUrl: string | undefined;
  databasePrefix: string;
  embeddedPostgres: { port: number; directory: string };
  seedPersons: number;
  subgraphTimeoutMs: number;
  /** The largest answer the gateway reads from one agency fetch. */
  subgraphMaxResponseBytes: number;
  /** How long a case reference's verification is kept, per user and purpose (gateway/cases). */
  caseVerificationTtlSeconds: number;
  /** What one operation may ask for, and how long it may take (gateway/limits). */
  limits: OperationLimits;
  /** The circuit breaker in front of each subgraph (gateway/circuitBreaker.ts). */
  subgraphBreaker: SubgraphBreakerSettings;
  /** Heap limit (MB) of each process `npm start` runs: one request exhausting it costs that process only. */
  childHeapMb: number;
  /** Operations in flight and waiting at the gateway's door (gateway/admission). */
  admission: AdmissionSettings;
  /** The extraction budgets' shared count; default `<prefix>_budgets` on the DATABASE_URL server. */
  budgetDatabaseUrl: string | undefined;
  registry: {
    /** The schema registry; default `<prefix>_registry` on the DATABASE_URL server. */
    databaseUrl: string | undefined;
    /** Days of recorded operations (audit log) a proposed schema is checked against. */
    operationsWindowDays: number;
  };
  /** GATEWAY_AD_HOC_QUERIES: whether personal tokens may send queries no agreement covers. */
  adHocQueries: 'allow' | 'deny';
  /** The data-sharing agreements (agreements/); default `<prefix>_agreements` on the DATABASE_URL server. */
  agreementsDatabaseUrl: string | undefined;
  /** Full database URL per agency, when an agency's database lives apart (production). */
  agencyDatabaseUrls: Partial<Record<Agency, string>>;
  /** Subgraph URL per subgraph (the agencies and the audit review), overriding the supergraph's. */
  subgraphUrls: Partial<Record<SubgraphName, string>>;
  oidc: { issuer: string; audience: string; jwksUrl: string | undefined; clients: string[] | undefined };
  /** Secret behind pseudonym masks; `npm start` uses a development one when unset. */
  pseudonymKey: string | undefined;
  /** The gateway's PKCS#8 PEM for signing access contexts; `npm start` generates a pair when unset. */
  accessContextPrivateKey: string | undefined;
  /** The gateway's public key(s) a subgraph accepts: a JWKS or PEM blocks. */
  accessContextPublicKeys: string | undefined;
  /** Port of the development identity provider `npm start` runs. */
  devIdentityProviderPort: number;
  audit: {
    /** The audit database; default `<prefix>_audit` on the DATABASE_URL server. */
    databaseUrl: string | undefined;
    /** The checkpoint witness's database; default `<prefix>_audit_witness` on the DATABASE_URL server. */
    witnessUrl: string | undefined;
    /** This gateway instance's chain; default the host name. */
    chainId: string;
    /** Secret behind the subject pseudonyms the review API searches by; a development one in `npm start`. */
    subjectKey: string | undefined;
    /** Private key (JWK or PKCS#8 PEM) signing chain-head checkpoints; `npm start` keeps one in .data. */
    checkpointKey: string | undefined;
    /** Public key(s) `npm run audit:verify` checks checkpoints with. */
    publicKeys: string | undefined;
    /** Most records waiting for their commit; new requests are refused (AUDIT_OVERLOADED) before it is reached. */
    queueLimit: number;
  };
  /** METRICS_TOKEN: /metrics asks scrapers for it as a bearer token; unset, /metrics answers loopback callers only. */
  metricsToken: string | undefined;
  /** LOG_LEVEL, read by packages/observability/logger.ts; validated here so a typo stops the process with a message. */
  logLevel: LogLevel;
}

export interface SubgraphBreakerSettings {
  /** Open when at least this share (%) of the window's calls failed… */
  errorPercent: number;
  /** …and the window holds at least this many calls. */
  minRequests: number;
  /** The rolling window the share is counted over. */
  windowMs: number;
  /** Open this long, then let one probe through (half-open); it closes on success. */
  resetMs: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = environmentSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`).join('\n');
    throw new ConfigError(`Invalid configuration:\n${problems}\nSee "Configuration" in README.md.`);
  }
  const values = parsed.data as Environment & Record<string, string | undefined>;
  const perAgency = (suffix: string) =>
    Object.fromEntries(
      AGENCIES.flatMap((agency) => {
        const value = values[`${agency.toUpperCase()}_${suffix}`];
        return value ? [[agency, value]] : [];
      }),
    ) as Partial<Record<Agency, string>>;
  return {
    port: values.PORT,
    host: values.HOST,
    databaseUrl: values.DATABASE_URL,
    databasePrefix: values.DATABASE_PREFIX,
    embeddedPostgres: { port: values.EMBEDDED_PG_PORT, directory: values.EMBEDDED_PG_DIR },
    seedPersons: values.SEED_PERSONS,
    subgraphTimeoutMs: values.SUBGRAPH_TIMEOUT_MS,
    subgraphMaxResponseBytes: values.SUBGRAPH_MAX_RESPONSE_BYTES,
    caseVerificationTtlSeconds: values.CASE_VERIFICATION_TTL_SECONDS,
    limits: {
      maxDepth: values.GRAPHQL_MAX_DEPTH,
      maxAliases: values.GRAPHQL_MAX_ALIASES,
      maxRootFields: values.GRAPHQL_MAX_ROOT_FIELDS,
      maxDirectives: values.GRAPHQL_MAX_DIRECTIVES,
      maxTokens: values.GRAPHQL_MAX_TOKENS,
      maxSelections: values.GRAPHQL_MAX_SELECTIONS,
      maxCost: values.GRAPHQL_MAX_COST,
      defaultListSize: values.GRAPHQL_DEFAULT_LIST_SIZE,
      maxResponseBytes: values.GRAPHQL_MAX_RESPONSE_BYTES,
      requestTimeoutMs: values.REQUEST_TIMEOUT_MS,
    },
    subgraphBreaker: {
      errorPercent: values.SUBGRAPH_BREAKER_ERROR_PERCENT,
      minRequests: values.SUBGRAPH_BREAKER_MIN_REQUESTS,
      windowMs: values.SUBGRAPH_BREAKER_WINDOW_MS,
      resetMs: values.SUBGRAPH_BREAKER_RESET_MS,
    },
    childHeapMb: values.CHILD_HEAP_MB,
    admission: { maxInFlight: values.GATEWAY_MAX_IN_FLIGHT, maxQueued: values.GATEWAY_MAX_QUEUED, queueTimeoutMs: values.GATEWAY_QUEUE_TIMEOUT_MS },
    budgetDatabaseUrl: values.BUDGET_DATABASE_URL,
    registry: { databaseUrl: values.REGISTRY_DATABASE_URL, operationsWindowDays: values.REGISTRY_OPERATIONS_WINDOW_DAYS },
    agreementsDatabaseUrl: values.AGREEMENTS_DATABASE_URL,
    adHocQueries: values.GATEWAY_AD_HOC_QUERIES,
    agencyDatabaseUrls: perAgency('DATABASE_URL'),
    subgraphUrls: { ...perAgency('URL'), ...(values.AUDIT_URL ? { audit: values.AUDIT_URL } : {}) },
    oidc: {
      issuer: values.OIDC_ISSUER.replace(/\/+$/, ''),
      audience: values.OIDC_AUDIENCE,
      jwksUrl: values.OIDC_JWKS_URL,
      clients: values.OIDC_CLIENTS?.split(',').map((client) => client.trim()).filter(Boolean),
    },
    pseudonymKey: values.PSEUDONYM_KEY,
    accessContextPrivateKey: values.ACCESS_CONTEXT_PRIVATE_KEY,
    accessContextPublicKeys: values.ACCESS_CONTEXT_PUBLIC_KEYS,
    devIdentityProviderPort: values.DEV_IDP_PORT,
    audit: {
      databaseUrl: values.AUDIT_DATABASE_URL,
      witnessUrl: values.AUDIT_WITNESS_URL,
      chainId: values.AUDIT_CHAIN_ID ?? hostname().replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 64),
      subjectKey: values.AUDIT_SUBJECT_KEY,
      checkpointKey: values.AUDIT_CHECKPOINT_KEY,
      publicKeys: values.AUDIT_PUBLIC_KEYS,
      queueLimit: values.AUDIT_QUEUE_LIMIT,
    },
    metricsToken: values.METRICS_TOKEN,
    logLevel: values.LOG_LEVEL,
  };
}

/** A value production must configure; `npm start` supplies development ones instead. */
export function required<Value>(value: Value | undefined, variable: string, hint: string): Value {
  if (value === undefined) throw new ConfigError(`Invalid configuration:\n  ${variable}: required (${hint})\nSee "Configuration" in README.md.`);
  return value;
}
