import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type Router } from 'express';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { AuditTrail } from '../../gateway/audit/auditTrail';
import { authenticate, isAuthenticationError, type TokenVerifier } from '../../gateway/identity';
import { auditedMethods } from '../../gateway/http/auditedMethods';
import { auditedRefusals } from '../../gateway/http/auditedRefusals';
import type { Registry } from '../registry';
import { REGISTRY_ERROR_CODES, RegistryError } from '../registryErrors';
import { servedSupergraphRecord, type SupergraphRecord } from '../registryStore';
import { registryAuditPlugin } from './registryAuditPlugin';
import { registryResolvers, type RegistryContext } from './registryResolvers';

const TYPE_DEFS = readFileSync(path.join(__dirname, 'registrySchema.graphql'), 'utf8');

/** A publish carries a whole SDL: room for it, and no more. */
const MAX_BODY = '1mb';

/** Codes the registry API answers with (README "Schema registry"), beside Apollo's own request errors. */
const CLIENT_CODES = new Set<string>([
  ...Object.keys(REGISTRY_ERROR_CODES),
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'AUDIT_UNAVAILABLE',
  'AUDIT_OVERLOADED',
]);

/** The caller's X-Request-Id when it is a plain token, as the gateway keeps it; otherwise a fresh one. */
const REQUEST_ID = /^[\x21-\x7e]{1,128}$/;

/** PostgreSQL unreachable or going away (SQLSTATE classes 08 and 57P, and the socket errors). */
function isUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && (/^(08|57P)/.test(code) || /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EHOSTUNREACH)$/.test(code));
}

function graphqlErrorOf(error: RegistryError): GraphQLError {
  const status = REGISTRY_ERROR_CODES[error.code];
  // 401, 403 and 503 say so in the status too; a refusal of the input itself is a GraphQL answer (200).
  const http = status === 401 || status === 403 || status === 503 ? { http: { status } } : {};
  return new GraphQLError(error.message, { extensions: { code: error.code, ...http } });
}

/**
 * What a client may see of an error: the registry's refusals and Apollo's request errors keep their
 * message; a lost database is REGISTRY_UNAVAILABLE; anything else INTERNAL_SERVER_ERROR, logged here.
 */
export function formatRegistryError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? error.originalError ?? error : error;
  const base = { locations: formatted.locations, path: formatted.path };
  if (original instanceof RegistryError) return { ...base, message: original.message, extensions: { code: original.code } };
  const code = typeof formatted.extensions?.code === 'string' ? formatted.extensions.code : undefined;
  if (code === 'UNAUTHENTICATED' && typeof formatted.extensions?.reason === 'string') {
    return { ...base, message: formatted.message, extensions: { code, reason: formatted.extensions.reason } };
  }
  if (code && CLIENT_CODES.has(code)) return { ...base, message: formatted.message, extensions: { code } };
  if (isUnavailable(original)) return { ...base, message: 'The schema registry is unavailable; try again shortly.', extensions: { code: 'REGISTRY_UNAVAILABLE' } };
  console.error(`[registry] ${(original as Error | undefined)?.stack ?? String(original)}`);
  return { ...base, message: 'Internal error in the schema registry.', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

/** Every resolver's RegistryError becomes a GraphQLError carrying its code and (for 401/403/503) status. */
function withRegistryErrors<T extends Record<string, Record<string, (...args: any[]) => Promise<unknown>>>>(resolvers: T): T {
  const wrapped: Record<string, Record<string, (...args: any[]) => Promise<unknown>>> = {};
  for (const [type, fields] of Object.entries(resolvers)) {
    wrapped[type] = {};
    for (const [name, resolve] of Object.entries(fields)) {
      wrapped[type]![name] = async (...args: unknown[]) => {
        try {
          return await resolve(...args);
        } catch (error) {
          if (error instanceof RegistryError) throw graphqlErrorOf(error);
          if (isUnavailable(error)) throw graphqlErrorOf(new RegistryError('REGISTRY_UNAVAILABLE', 'The schema registry is unavailable; try again shortly.'));
          throw error;
        }
      };
    }
  }
  return wrapped as T;
}

export interface RegistryRouterOptions {
  registry: Registry;
  verifier: TokenVerifier;
  /** The gateway's audit trail: every registry operation is recorded before its answer leaves. */
  trail: AuditTrail;
}

export interface RegistryRouter {
  /** Mount at `/registry/graphql`. */
  router: Router;
  stop(): Promise<void>;
}

/**
 * POST /registry/graphql (and GET for queries): the registry's GraphQL API behind a Bearer token verified
 * like the gateway's own (same issuer, audience, keys). No X-Purpose: it is about schemas, not people.
 */
export async function createRegistryRouter(options: RegistryRouterOptions): Promise<RegistryRouter> {
  const apollo = new ApolloServer<RegistryContext>({
    typeDefs: TYPE_DEFS,
    resolvers: withRegistryErrors(registryResolvers),
    formatError: formatRegistryError,
    includeStacktraceInErrorResponses: false,
    stopOnTerminationSignals: false,
    plugins: [registryAuditPlugin(options.trail), ApolloServerPluginLandingPageDisabled()],
  });
  await apollo.start();
  const router = express.Router();
  router.use(
    // A method /graphql does not answer is refused and on record, as the gateway's own /graphql (auditedRefusals below).
    auditedMethods(),
    express.json({ limit: MAX_BODY }),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const receivedAt = new Date();
        const startedAt = performance.now();
        const sent = req.header('x-request-id');
        const requestId = sent !== undefined && REQUEST_ID.test(sent) ? sent : randomUUID();
        let identity;
        try {
          identity = await authenticate(options.verifier, { headers: req.headers, url: req.originalUrl });
        } catch (error) {
          if (!isAuthenticationError(error)) throw error;
          // Refused before any operation runs: its record is written here, as the gateway's door does.
          const body = (req.body ?? {}) as { query?: unknown; variables?: unknown };
          await options.trail.commit({
            id: randomUUID(),
            time: receivedAt,
            requestId,
            ...(typeof body.query === 'string' ? { rawQuery: body.query } : {}),
            variables: typeof body.variables === 'object' && body.variables !== null && !Array.isArray(body.variables) ? (body.variables as Record<string, unknown>) : null,
            errorCodes: ['UNAUTHENTICATED'],
            hasData: false,
            latencyMs: performance.now() - startedAt,
            responseBytes: 0,
          });
          throw new GraphQLError(`Authentication failed: ${error.reason}`, {
            extensions: { code: 'UNAUTHENTICATED', reason: error.reason, http: { status: 401, headers: new HeaderMap([['www-authenticate', error.wwwAuthenticate]]) } },
          });
        }
        let served: Promise<SupergraphRecord | undefined> | undefined;
        return {
          identity,
          receivedAt,
          startedAt,
          requestId,
          registry: options.registry,
          served: () => (served ??= servedSupergraphRecord(options.registry.db)),
        };
      },
    }),
  );
  // Every other answer is JSON and audited too: a method refused, a body refused at the door, anything unexpected.
  router.use(auditedRefusals(options.verifier, options.trail));
  return { router, stop: () => apollo.stop() };
}
