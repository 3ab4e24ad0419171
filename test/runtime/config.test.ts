import { DEFAULT_OPERATION_LIMITS } from '../../gateway/limits/operationLimits';
import { ConfigError, loadConfig, required } from '../../runtime/config';

describe('configuration', () => {
  it('has working defaults for npm start', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: undefined,
      host: '127.0.0.1',
      databaseUrl: undefined,
      databasePrefix: 'govgraph',
      embeddedPostgres: { port: 54329, directory: '.data/postgres' },
      seedPersons: 10_000,
      oidc: { issuer: 'http://localhost:8080/realms/govgraph', audience: 'govgraph-gateway', clients: undefined },
      devIdentityProviderPort: 8080,
    });
    expect(config.audit.chainId).toMatch(/^[A-Za-z0-9._-]{1,64}$/);
  });

  it('reads per-agency and audit URLs, client lists, and strips a trailing slash from the issuer', () => {
    const config = loadConfig({
      BANK_URL: 'http://bank:4005/graphql',
      AUDIT_URL: 'http://audit:4006/graphql',
      POLICE_DATABASE_URL: 'postgres://police-db/police',
      OIDC_ISSUER: 'https://sso.example.gov.cn/realms/govgraph/',
      OIDC_CLIENTS: 'govgraph-cli, govgraph-console',
    });
    expect(config.subgraphUrls).toEqual({ bank: 'http://bank:4005/graphql', audit: 'http://audit:4006/graphql' });
    expect(config.agencyDatabaseUrls).toEqual({ police: 'postgres://police-db/police' });
    expect(config.oidc).toMatchObject({ issuer: 'https://sso.example.gov.cn/realms/govgraph', clients: ['govgraph-cli', 'govgraph-console'] });
  });

  it('reads the agreements database URL, unset by default (then <prefix>_agreements on DATABASE_URL), and refuses one that is not postgres://', () => {
    expect(loadConfig({}).agreementsDatabaseUrl).toBeUndefined();
    expect(loadConfig({ AGREEMENTS_DATABASE_URL: 'postgres://agreements-db/govgraph_agreements' }).agreementsDatabaseUrl).toBe('postgres://agreements-db/govgraph_agreements');
    expect(() => loadConfig({ AGREEMENTS_DATABASE_URL: 'http://agreements' })).toThrow(/^ {2}AGREEMENTS_DATABASE_URL: must be a postgres:\/\/ URL/m);
  });

  it('refuses bad values with one line per variable saying what it expects', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', PSEUDONYM_KEY: 'short', AUDIT_CHAIN_ID: 'has space' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(/^ {2}PORT: /m);
    expect(message).toMatch(/^ {2}DATABASE_URL: must be a postgres:\/\/ URL/m);
    expect(message).toMatch(/^ {2}PSEUDONYM_KEY: must be at least 32 characters/m);
    expect(message).toMatch(/^ {2}AUDIT_CHAIN_ID: must be 1–64 letters/m);
    expect(message).toContain('See "Configuration" in README.md.');
  });

  it('reads the schema registry settings: its database and the window of recorded operations', () => {
    expect(loadConfig({}).registry).toEqual({ databaseUrl: undefined, operationsWindowDays: 30 });
    expect(loadConfig({ REGISTRY_DATABASE_URL: 'postgres://gw@db/govgraph_registry', REGISTRY_OPERATIONS_WINDOW_DAYS: '7' }).registry).toEqual({
      databaseUrl: 'postgres://gw@db/govgraph_registry',
      operationsWindowDays: 7,
    });
    expect(() => loadConfig({ REGISTRY_OPERATIONS_WINDOW_DAYS: '0' })).toThrow(/^ {2}REGISTRY_OPERATIONS_WINDOW_DAYS: must be at least 1/m);
    expect(() => loadConfig({ REGISTRY_OPERATIONS_WINDOW_DAYS: 'a month' })).toThrow(/^ {2}REGISTRY_OPERATIONS_WINDOW_DAYS: /m);
    expect(() => loadConfig({ REGISTRY_DATABASE_URL: 'http://db' })).toThrow(/^ {2}REGISTRY_DATABASE_URL: must be a postgres:\/\/ URL/m);
  });

  it('reads the operation limits, defaulting each one', () => {
    expect(loadConfig({}).limits).toEqual(DEFAULT_OPERATION_LIMITS);
    expect(loadConfig({ GRAPHQL_MAX_DEPTH: '8', REQUEST_TIMEOUT_MS: '5000', GRAPHQL_MAX_COST: '2000' }).limits).toEqual({
      ...DEFAULT_OPERATION_LIMITS,
      maxDepth: 8,
      requestTimeoutMs: 5_000,
      maxCost: 2_000,
    });
  });

  it('refuses a limit that is not a whole number in range, naming its default', () => {
    expect(() => loadConfig({ GRAPHQL_MAX_DEPTH: 'deep' })).toThrow(/^ {2}GRAPHQL_MAX_DEPTH: must be a whole number \(default 20\)$/m);
    expect(() => loadConfig({ GRAPHQL_MAX_COST: '0' })).toThrow(/^ {2}GRAPHQL_MAX_COST: must be at least 1 \(default 100000\)$/m);
    expect(() => loadConfig({ REQUEST_TIMEOUT_MS: '2.5' })).toThrow(/^ {2}REQUEST_TIMEOUT_MS: must be a whole number/m);
  });

  it("bounds what the gateway reads of an agency's answer: 20 MB by default, SUBGRAPH_MAX_RESPONSE_BYTES from 1,000", () => {
    expect(loadConfig({}).subgraphMaxResponseBytes).toBe(20_000_000);
    expect(loadConfig({ SUBGRAPH_MAX_RESPONSE_BYTES: '1000000' }).subgraphMaxResponseBytes).toBe(1_000_000);
    expect(() => loadConfig({ SUBGRAPH_MAX_RESPONSE_BYTES: '20MB' })).toThrow(/^ {2}SUBGRAPH_MAX_RESPONSE_BYTES: must be a whole number \(default 20000000\)$/m);
    expect(() => loadConfig({ SUBGRAPH_MAX_RESPONSE_BYTES: '10' })).toThrow(/^ {2}SUBGRAPH_MAX_RESPONSE_BYTES: must be at least 1000 \(default 20000000\)$/m);
  });

  it('reads the circuit-breaker thresholds and the child heap limit, refusing values that cannot work', () => {
    expect(loadConfig({})).toMatchObject({
      subgraphBreaker: { errorPercent: 50, minRequests: 10, windowMs: 10_000, resetMs: 5_000 },
      childHeapMb: 1_024,
    });
    expect(
      loadConfig({ SUBGRAPH_BREAKER_ERROR_PERCENT: '25', SUBGRAPH_BREAKER_MIN_REQUESTS: '3', SUBGRAPH_BREAKER_RESET_MS: '500', CHILD_HEAP_MB: '256' }),
    ).toMatchObject({ subgraphBreaker: { errorPercent: 25, minRequests: 3, resetMs: 500 }, childHeapMb: 256 });
    let message = '';
    try {
      loadConfig({ SUBGRAPH_BREAKER_ERROR_PERCENT: '150', SUBGRAPH_BREAKER_MIN_REQUESTS: '0', SUBGRAPH_BREAKER_WINDOW_MS: 'soon', CHILD_HEAP_MB: '8' });
    } catch (caught) {
      message = (caught as Error).message;
    }
    for (const variable of ['SUBGRAPH_BREAKER_ERROR_PERCENT', 'SUBGRAPH_BREAKER_MIN_REQUESTS', 'SUBGRAPH_BREAKER_WINDOW_MS']) {
      expect(message).toMatch(new RegExp(`^ {2}${variable}: `, 'm'));
    }
    expect(message).toMatch(/^ {2}CHILD_HEAP_MB: must be at least 64/m);
  });

  it('keeps case verifications 10 s by default; CASE_VERIFICATION_TTL_SECONDS a whole number from 0 to 300', () => {
    expect(loadConfig({}).caseVerificationTtlSeconds).toBe(10);
    expect(loadConfig({ CASE_VERIFICATION_TTL_SECONDS: '0' }).caseVerificationTtlSeconds).toBe(0);
    for (const [value, expected] of [
      ['soon', /CASE_VERIFICATION_TTL_SECONDS: /],
      ['1.5', /CASE_VERIFICATION_TTL_SECONDS: must be a whole number/],
      ['-1', /CASE_VERIFICATION_TTL_SECONDS: must be at least 0/],
      ['3600', /CASE_VERIFICATION_TTL_SECONDS: must be at most 300/],
    ] as const) {
      expect(() => loadConfig({ CASE_VERIFICATION_TTL_SECONDS: value })).toThrow(expected);
    }
  });

  it('bounds the audit queue: 10,000 records by default, AUDIT_QUEUE_LIMIT a whole number from 8 to 1,000,000', () => {
    expect(loadConfig({}).audit.queueLimit).toBe(10_000);
    expect(loadConfig({ AUDIT_QUEUE_LIMIT: '64' }).audit.queueLimit).toBe(64);
    for (const [value, expected] of [
      ['many', /AUDIT_QUEUE_LIMIT: /],
      ['2.5', /AUDIT_QUEUE_LIMIT: must be a whole number/],
      ['4', /AUDIT_QUEUE_LIMIT: must be at least 8/],
      ['1e9', /AUDIT_QUEUE_LIMIT: must be at most 1000000/],
    ] as const) {
      expect(() => loadConfig({ AUDIT_QUEUE_LIMIT: value })).toThrow(expected);
    }
  });

  it('validates the observability settings: METRICS_TOKEN, LOG_LEVEL, OTEL_*', () => {
    expect(loadConfig({}).metricsToken).toBeUndefined();
    expect(loadConfig({}).logLevel).toBe('info');
    expect(loadConfig({ METRICS_TOKEN: 'm'.repeat(32), LOG_LEVEL: 'debug' })).toMatchObject({ metricsToken: 'm'.repeat(32), logLevel: 'debug' });
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN: must be at least 16 characters/);
    expect(() => loadConfig({ LOG_LEVEL: 'verbose' })).toThrow(/LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent/);
    expect(() => loadConfig({ OTEL_TRACES_EXPORTER: 'jaeger' })).toThrow(/OTEL_TRACES_EXPORTER: must be otlp, console or none/);
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT: /);
  });

  it('keeps ad-hoc queries for personal tokens by default; GATEWAY_AD_HOC_QUERIES is allow or deny', () => {
    expect(loadConfig({}).adHocQueries).toBe('allow');
    expect(loadConfig({ GATEWAY_AD_HOC_QUERIES: 'deny' }).adHocQueries).toBe('deny');
    for (const value of ['off', 'DENY', 'false']) {
      expect(() => loadConfig({ GATEWAY_AD_HOC_QUERIES: value })).toThrow(/GATEWAY_AD_HOC_QUERIES: must be allow \(personal tokens keep ad-hoc queries\) or deny/);
    }
  });

  it('names a missing production secret and how to make one', () => {
    expect(() => required(undefined, 'PSEUDONYM_KEY', 'e.g. `openssl rand -hex 32`')).toThrow(
      /PSEUDONYM_KEY: required \(e\.g\. `openssl rand -hex 32`\)/,
    );
    expect(required('x'.repeat(40), 'PSEUDONYM_KEY', '')).toBe('x'.repeat(40));
  });
});
