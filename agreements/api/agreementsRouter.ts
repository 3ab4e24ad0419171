import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import express, { type Request, type Response, type Router } from 'express';
import {
  execute,
  getOperationAST,
  GraphQLError,
  Kind,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLFormattedError,
  type OperationDefinitionNode,
} from 'graphql';
import type { AuditTrail } from '../../gateway/audit/auditTrail';
import { auditedRefusals, RouteRefusal } from '../../gateway/http/auditedRefusals';
import { authenticate, isAuthenticationError, type Identity, type TokenVerifier } from '../../gateway/identity';
import { armorRules } from '../../gateway/limits/armorRules';
import type { OperationLimits } from '../../gateway/limits/operationLimits';
import type { PolicyGraph } from '../../gateway/policyGraph';
import { sendHttpRefusal } from '../../subgraphs/kit/httpErrors';
import type { AgreementStore } from '../agreementStore';
import { cachedOperationAgencies } from '../operationAgencies';
import type { Actor } from '../workflow';
import { WorkflowError } from '../workflowError';
import { workflowResolvers, type WorkflowContext } from './resolvers';
import { workflowSchema } from './workflowSchema';
import { logInternalError } from '../../subgraphs/kit/internalErrorLog';

export interface AgreementsRouterOptions {
  verifier: TokenVerifier;
  store: AgreementStore;
  /** The graph the gateway serves now (its policy graph and supergraph text); throws while none is loaded. */
  graph: () => { policyGraph: PolicyGraph; supergraphSdl: string };
  /** The gateway's audit trail: every workflow operation is recorded like every other operation. */
  trail: AuditTrail;
  /** The gateway's operation limits: a submitted operation that exceeds them is refused (submission.ts). */
  limits: OperationLimits;
}

/** Largest request body: a submission's document is at most 100 000 characters (submission.ts). */
const MAX_BODY = '512kb';
/** The workflow schema is small but cyclic (Agreement.request.agreement…): a console needs a few levels. */
const LIMITS = { maxDepth: 8, maxAliases: 30, maxDirectives: 10 };
const MAX_TOKENS = 5_000;

const STATUS_OF: Record<string, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  BAD_USER_INPUT: 400,
  BAD_REQUEST: 400,
  GRAPHQL_PARSE_FAILED: 400,
  GRAPHQL_VALIDATION_FAILED: 400,
  QUERY_TOO_DEEP: 400,
  TOO_MANY_ALIASES: 400,
  TOO_MANY_DIRECTIVES: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  AGREEMENTS_UNAVAILABLE: 503,
  INTERNAL_SERVER_ERROR: 500,
};

/**
 * The store cannot be used — unreachable, gone away, refusing the connection, out of connections, or no such
 * database (a deployment mistake): the store is unavailable, not the request wrong.
 */
function isUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && (/^(08|57P|53|28)/.test(code) || ['3D000', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH'].includes(code));
}

/** A GraphQL error as the caller sees it: the workflow's own code and message, never a stack, SQL or path. */
function formatted(error: GraphQLError): GraphQLFormattedError {
  const original = error.originalError;
  const location = { ...(error.path ? { path: error.path } : {}) };
  if (original instanceof WorkflowError) return { message: original.message, ...location, extensions: { code: original.code, ...original.details } };
  if (original === undefined || original instanceof GraphQLError) {
    // graphql-js's own: a variable of the wrong type, a missing argument.
    return { message: error.message, ...location, extensions: { code: 'BAD_USER_INPUT' } };
  }
  // graphql-js wraps a thrown value it does not recognise as an Error (one from another realm) in NonErrorThrown.
  const cause = (original as { thrownValue?: unknown }).thrownValue ?? original;
  if (isUnavailable(cause)) {
    return { message: 'The agreements store is unavailable: retry later.', ...location, extensions: { code: 'AGREEMENTS_UNAVAILABLE' } };
  }
  logInternalError('agreements', 'internal error', cause);
  return { message: 'Internal server error', ...location, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

function actorOf(identity: Identity): Actor {
  return { subject: identity.subject, username: identity.username, roles: identity.roles, agency: identity.agency, clientId: identity.clientId };
}

interface Payload {
  data?: ExecutionResult['data'];
  errors?: GraphQLFormattedError[];
}

interface Body {
  query: string;
  variables: Record<string, unknown> | undefined;
  operationName: string | undefined;
}

function bodyOf(raw: unknown): Body | string {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return 'Send a JSON object: {"query": "…", "variables": {…}}.';
  const { query, variables, operationName } = raw as Record<string, unknown>;
  if (typeof query !== 'string' || query.trim() === '') return 'query must be a string holding the GraphQL operation.';
  if (variables !== undefined && variables !== null && (typeof variables !== 'object' || Array.isArray(variables))) return 'variables must be an object.';
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') return 'operationName must be a string.';
  return { query, variables: (variables as Record<string, unknown> | null) ?? undefined, operationName: (operationName as string | null) ?? undefined };
}

/**
 * POST /agreements/graphql: the workflow API (schema.graphql) for applications, data stewards and privacy
 * officers, with a Bearer token and no X-Purpose (it reads no agency's data). Each call is audited like a
 * gateway operation (README, "Data-sharing agreements"): the caller, the workflow operation, and as its
 * matter (`caseRef`) the request or agreement it acted on; no answer leaves without its record.
 */
export function agreementsRouter(options: AgreementsRouterOptions): Router {
  const schema = workflowSchema(workflowResolvers);
  const rules = [...specifiedRules, ...armorRules(LIMITS)];
  const plannerFor = cachedOperationAgencies();
  const router = express.Router();

  router.use((req, res, next) => {
    if (req.method === 'POST') {
      next();
      return;
    }
    res.set('allow', 'POST');
    // Refused, and on record like every other call (the error handler at the end audits it).
    next(new RouteRefusal({ status: 405, code: 'METHOD_NOT_ALLOWED', message: `/agreements/graphql answers POST, not ${req.method}.` }));
  });

  router.post('/', express.json({ limit: MAX_BODY }), async (req: Request, res: Response) => {
    const startedAt = performance.now();
    const time = new Date();
    const requestId = req.header('x-request-id')?.slice(0, 128) || randomUUID();
    let identity: Identity | undefined;
    let document: DocumentNode | undefined;
    let operation: OperationDefinitionNode | undefined;
    let variables: Record<string, unknown> | undefined;
    let rawQuery: string | undefined;
    const touched: string[] = [];

    const respond = async (status: number, payload: Payload) => {
      const errors = payload.errors ?? [];
      const data = payload.data;
      const body = JSON.stringify(payload);
      try {
        const auditRecordId = await options.trail.commit({
          id: randomUUID(),
          time,
          requestId,
          ...(identity ? { identity } : {}),
          ...(document ? { document } : {}),
          ...(operation ? { operation } : {}),
          ...(rawQuery && !document ? { rawQuery } : {}),
          variables: variables ?? {},
          ...(touched.length > 0 ? { caseRef: [...new Set(touched)].join(' ').slice(0, 128) } : {}),
          errorCodes: errors.map((error) => String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR')),
          hasData: data !== undefined && data !== null && Object.values(data).some((value) => value !== null),
          latencyMs: performance.now() - startedAt,
          responseBytes: Buffer.byteLength(body),
        });
        res.status(status).set('cache-control', 'no-store').json({ ...payload, extensions: { auditRecordId } });
      } catch (auditError) {
        const { message, extensions } = auditError as GraphQLError;
        const http = extensions?.http as { status?: number; headers?: Map<string, string> } | undefined;
        for (const [name, value] of http?.headers ?? []) res.set(name, value);
        sendHttpRefusal(res, { status: http?.status ?? 503, code: String(extensions?.code ?? 'AUDIT_UNAVAILABLE'), message });
      }
    };
    const refuse = (status: number, code: string, message: string, details: Record<string, unknown> = {}) =>
      respond(status, { errors: [{ message, extensions: { code, ...details } }] });

    try {
      try {
        identity = await authenticate(options.verifier, { headers: req.headers, url: req.originalUrl });
      } catch (error) {
        // As /graphql answers it: the reason a client may see, and the RFC 6750 challenge.
        const reason = isAuthenticationError(error) ? error.reason : 'token invalid';
        if (isAuthenticationError(error)) res.set('www-authenticate', error.wwwAuthenticate);
        await refuse(401, 'UNAUTHENTICATED', `Send a valid access token: Authorization: Bearer <token> (${reason}).`, { reason });
        return;
      }
      const body = bodyOf(req.body);
      if (typeof body === 'string') {
        await refuse(400, 'BAD_REQUEST', body);
        return;
      }
      rawQuery = body.query;
      variables = body.variables;
      try {
        document = parse(body.query, { maxTokens: MAX_TOKENS });
      } catch (error) {
        await refuse(400, 'GRAPHQL_PARSE_FAILED', (error as GraphQLError).message);
        return;
      }
      const problems = validate(schema, document, rules);
      if (problems.length > 0) {
        await respond(400, {
          errors: problems.map((problem) => ({ message: problem.message, extensions: { code: String(problem.extensions?.code ?? 'GRAPHQL_VALIDATION_FAILED') } })),
        });
        return;
      }
      operation = getOperationAST(document, body.operationName) ?? undefined;
      if (!operation) {
        await refuse(400, 'BAD_REQUEST', 'Name the operation to run in operationName: the document holds several, or not that one.');
        return;
      }
      if (operation.operation === 'mutation' && !(operation.selectionSet.selections.length === 1 && operation.selectionSet.selections[0]!.kind === Kind.FIELD)) {
        // One act per call: two decisions in one operation would share one audit record, and a failing
        // second one (non-null) nulls the answer of a first that took effect.
        await refuse(400, 'BAD_REQUEST', 'A workflow mutation holds exactly one field (submit, decide or revoke): send each act as its own request.');
        return;
      }
      const context: WorkflowContext = {
        actor: actorOf(identity),
        store: options.store,
        now: time,
        submissionGraph: () => {
          const served = options.graph();
          return { graph: served.policyGraph, agenciesOf: plannerFor(served.supergraphSdl), limits: options.limits };
        },
        touched,
        memo: new Map(),
      };
      const result = await execute({ schema, document, variableValues: body.variables ?? null, operationName: body.operationName ?? null, contextValue: context });
      const errors = (result.errors ?? []).map(formatted);
      const hasData = result.data !== undefined && result.data !== null && Object.values(result.data).some((value) => value !== null);
      const status = errors.length > 0 && !hasData ? (STATUS_OF[String(errors[0]!.extensions?.code)] ?? 500) : 200;
      await respond(status, { ...(result.data !== undefined ? { data: result.data } : {}), ...(errors.length > 0 ? { errors } : {}) });
    } catch (error) {
      logInternalError('agreements', 'internal error', error);
      if (!res.headersSent) await refuse(500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
    }
  });

  // A body refused by the JSON parser (not JSON, too large) is audited and answered like /graphql's.
  router.use(auditedRefusals(options.verifier, options.trail));
  return router;
}
