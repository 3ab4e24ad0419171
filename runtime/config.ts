import { z } from 'zod';
import { AGENCIES, type Agency } from '../subgraphs/agencies';

/**
 * Every environment variable govgraph reads, validated once at start-up. A bad value stops the
 * process with a message naming the variable and what it expects (see README, Configuration).
 */
const port = z.coerce.number().int().min(0).max(65535);
const postgresUrl = z
  .string()
  .refine((value) => /^postgres(ql)?:\/\//.test(value), 'must be a postgres:// URL, e.g. postgres://postgres@127.0.0.1:5432/postgres');
const httpUrl = z.string().url().refine((value) => /^https?:\/\//.test(value), 'must be an http(s):// URL');

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
  /** Full database URL per agency, when an agency's database lives apart (production). */
  agencyDatabaseUrls: Partial<Record<Agency, string>>;
  /** Subgraph URL per agency, overriding the supergraph's. */
  subgraphUrls: Partial<Record<Agency, string>>;
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
    agencyDatabaseUrls: perAgency('DATABASE_URL'),
    subgraphUrls: perAgency('URL'),
  };
}
