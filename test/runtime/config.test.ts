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

  it('names a missing production secret and how to make one', () => {
    expect(() => required(undefined, 'PSEUDONYM_KEY', 'e.g. `openssl rand -hex 32`')).toThrow(
      /PSEUDONYM_KEY: required \(e\.g\. `openssl rand -hex 32`\)/,
    );
    expect(required('x'.repeat(40), 'PSEUDONYM_KEY', '')).toBe('x'.repeat(40));
  });
});
