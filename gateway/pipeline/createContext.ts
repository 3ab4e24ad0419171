import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { HeaderMap } from '@apollo/server';
import type { Request, Response } from 'express';
import { GraphQLError } from 'graphql';
import { checkPurposeAccess, type Purpose } from '../../policies';
import type { AdmissionGate } from '../admission/admissionGate';
import type { OperationFacts } from '../audit/auditRecord';
import type { AuditTrail } from '../audit/auditTrail';
import type { GatewayContext } from '../context';
import { gatewayError } from '../errors';
import { authenticate, isAuthenticationError, type Identity, type TokenVerifier } from '../identity';
import type { BudgetKeeper } from '../budgets/budgetKeeper';
import { agreementStep, type AdHocQueries } from '../agreements/agreementStep';
import type { DirectorySnapshot } from '../agreements/directorySnapshot';
import { trustedDocumentOf } from '../agreements/trustedDocuments';
import { isApplicationToken } from '../agreements/callerKind';
import { refusedDocument } from '../agreements/refusedDocument';
import { breakGlassOf } from './breakGlassHeader';
import { badRequestBody, isRecord } from './requestBodyShape';
import { loggerFor } from '@govgraph/observability';

/** What step 3 reads: the agreements in force, and whether personal tokens may send ad-hoc queries. */
export interface AgreementEnforcement {
  snapshot(): DirectorySnapshot | undefined;
  adHocQueries: AdHocQueries;
}

/**
 * The door, then steps 1 to 3 of the request flow, before the query is even parsed: is the audit log
 * keeping up (else AUDIT_OVERLOADED, 503 with Retry-After, nothing executed), who is asking (a verified
 * Keycloak token) and under which purpose (X-Purpose, X-Case-Ref, X-Break-Glass), may it run this
 * operation (an application token: only an agreed operation in force, gateway/agreements), and has this user
 * spent the purpose's budgets (gateway/budgets). Each fails the whole request, and the refusal is
 * audited like any other outcome.
 */
export function createContextFunction(verifier: TokenVerifier, trail: AuditTrail, admission: AdmissionGate, agreements: AgreementEnforcement, budgets?: BudgetKeeper) {
  return async ({ req, res }: { req: Request; res: Response }): Promise<GatewayContext> => {
    const receivedAt = new Date();
    const startedAt = performance.now();
    const requestId = requestIdOf(req.header('x-request-id'));
    const body = (req.body ?? {}) as { query?: unknown; variables?: unknown; operationName?: unknown };
    /** The application and agreement a refusal here is about, once step 3 knows them. */
    let named: { application?: string; agreementId?: string } = {};
    /** An application's document refused at step 3, parsed for its record (gateway/agreements/refusedDocument.ts). */
    let parsed: ReturnType<typeof refusedDocument>;
    /** What is known of a request refused here, for its audit record. */
    const refused = (code: string, identity: Identity | undefined, purpose: Purpose | undefined): OperationFacts => ({
      ...named,
      id: randomUUID(),
      time: receivedAt,
      requestId,
      sentRequestId: req.header('x-request-id'),
      identity,
      purpose,
      ...(!purpose && req.header('x-purpose') ? { attemptedPurpose: req.header('x-purpose') } : {}),
      ...(parsed ? parsed : typeof body.query === 'string' ? { rawQuery: body.query } : {}),
      variables: isRecord(body.variables) ? body.variables : null,
      errorCodes: [code],
      hasData: false,
      latencyMs: performance.now() - startedAt,
      responseBytes: 0,
    });
    if (!trail.admitting()) {
      // Refused before anything runs; the caller is named in the record when the token says who it is.
      const caller = await authenticateRequest(verifier, req).catch(() => undefined);
      throw trail.overloaded(refused('AUDIT_OVERLOADED', caller, undefined));
    }
    // A slot among the operations in flight, held until the response has gone (gateway/admission).
    if (!(await admission.admit(new Promise((resolve) => res.once('close', resolve))))) {
      const caller = await authenticateRequest(verifier, req).catch(() => undefined);
      const auditRecordId = await trail.commit(refused('GATEWAY_OVERLOADED', caller, undefined));
      const error = gatewayError(
        'GATEWAY_OVERLOADED',
        'The gateway is at capacity: the request was refused before anything ran. Retry after the seconds in Retry-After.',
        { retryAfterSeconds: 1, auditRecordId },
        new HeaderMap([['retry-after', '1']]),
      );
      throw error;
    }
    let identity: Identity | undefined;
    let purpose: Purpose | undefined;
    try {
      identity = await authenticateRequest(verifier, req);
      // Every record of an application's request names it, whichever step refuses it.
      if (isApplicationToken(identity)) named = { application: identity.clientId ?? '(no azp)' };
      const check = checkPurposeAccess({
        purpose: req.header('x-purpose'),
        caseRef: req.header('x-case-ref'),
        roles: identity.roles,
      });
      if (!check.ok) {
        const { ok: _ok, code, message, ...details } = check;
        throw gatewayError(code, message, details);
      }
      purpose = check.purpose;
      // Step 3, before the body's shape: a document named by an id no agreement has leaves an empty body behind.
      const step = agreementStep({
        method: req.method,
        caller: identity,
        purpose: purpose.name,
        query: body.query,
        operationName: body.operationName,
        variables: body.variables,
        trusted: trustedDocumentOf(req),
        breakGlass: req.header('x-break-glass') !== undefined,
        snapshot: agreements.snapshot(),
        adHocQueries: agreements.adHocQueries,
        now: new Date(),
      });
      if (!step.ok) {
        if (step.agreementId) named = { ...named, agreementId: step.agreementId };
        // A GET's body is not what Apollo would have run: its record keeps only the hash of that text.
        if (step.application && req.method === 'POST') parsed = refusedDocument(body.query, body.operationName);
        throw gatewayError(step.code, step.message, step.details);
      }
      if (step.binding) named = { application: step.binding.application, agreementId: step.binding.agreementId };
      // Apollo refuses these before any request hook, so they would leave no record: refused here instead.
      const malformed = req.method === 'POST' ? badRequestBody(req.body) : undefined;
      if (malformed) throw gatewayError('BAD_REQUEST', malformed);
      const breakGlass = breakGlassOf(req.header('x-break-glass'));
      const context: GatewayContext = {
        requestId,
        receivedAt,
        startedAt,
        identity,
        purpose,
        caseRef: check.caseRef,
        access: {
          user: identity.subject,
          username: identity.username,
          roles: identity.roles,
          ...(identity.agency ? { agency: identity.agency } : {}),
          ...(identity.district ? { district: identity.district } : {}),
          purpose: purpose.name,
          ...(check.caseRef ? { caseRef: check.caseRef } : {}),
          requestId,
        },
        ...(step.binding ? { agreement: step.binding } : {}),
        touched: new Set(),
        subjects: [],
        ...(breakGlass ? { breakGlass } : {}),
      };
      await budgets?.atTheDoor(context);
      return context;
    } catch (error) {
      if (!(error instanceof GraphQLError)) {
        // A fault of ours (the verifier, the purpose check): still on record, then the client's 500.
        loggerFor('gateway').error({ requestId, error: (error as Error).message }, 'request failed before it was parsed');
        const auditRecordId = await trail.commit(refused('INTERNAL_SERVER_ERROR', identity, purpose));
        throw new GraphQLError('Internal server error', { extensions: { code: 'INTERNAL_SERVER_ERROR', auditRecordId, http: { status: 500 } } });
      }
      const auditRecordId = await trail.commit(refused(String(error.extensions.code), identity, purpose));
      throw new GraphQLError(error.message, { extensions: { ...error.extensions, auditRecordId } });
    }
  };
}

/** A token for correlation, 1–128 printable ASCII characters; anything else: an id of the gateway's own. */
const REQUEST_ID = /^[\x21-\x7e]{1,128}$/;

/**
 * The caller's X-Request-Id is kept for correlation when it is a plain token (it is echoed in
 * extensions.privacy and recorded); an unusable one (too long, control characters, non-ASCII bytes)
 * is replaced by a fresh UUID rather than recorded half.
 */
function requestIdOf(header: string | undefined): string {
  return header !== undefined && REQUEST_ID.test(header) ? header : randomUUID();
}

async function authenticateRequest(verifier: TokenVerifier, req: Request): Promise<Identity> {
  try {
    return await authenticate(verifier, { headers: req.headers, url: req.originalUrl });
  } catch (error) {
    if (!isAuthenticationError(error)) throw error;
    if (error.cause) loggerFor('gateway').warn({ reason: error.reason, error: (error.cause as Error).message }, 'authentication failed');
    throw new GraphQLError(`Authentication failed: ${error.reason}`, {
      extensions: {
        code: 'UNAUTHENTICATED',
        reason: error.reason,
        http: { status: 401, headers: new HeaderMap([['www-authenticate', error.wwwAuthenticate]]) },
      },
    });
  }
}
