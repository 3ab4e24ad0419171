import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { ErrorRequestHandler, Request } from 'express';
import type { GraphQLError } from 'graphql';
import { httpRefusalOf, sendHttpRefusal, type HttpRefusal } from '../../subgraphs/kit/httpErrors';
import type { AuditTrail } from '../audit/auditTrail';
import { isApplicationToken } from '../agreements/callerKind';
import { authenticate, type Identity, type TokenVerifier } from '../identity';
import { loggerFor } from '@govgraph/observability';

/** A refusal a route raises itself (e.g. a method it does not answer), to be audited and answered as given. */
export class RouteRefusal extends Error {
  constructor(readonly refusal: HttpRefusal) {
    super(refusal.message);
  }
}

/**
 * /graphql's refusals at the door, before Apollo Server sees the request: a method it does not answer, a
 * body that is not JSON, too large, or in an encoding not accepted. They are audited like every other outcome — the caller named
 * when the request carries a valid token (verifying one is cheap: the realm's keys are cached) — and
 * answer JSON with the record's id. No record, no answer: AUDIT_UNAVAILABLE (503).
 */
export function auditedRefusals(verifier: TokenVerifier, trail: AuditTrail): ErrorRequestHandler {
  return async (error, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const startedAt = performance.now();
    const refusal = error instanceof RouteRefusal ? error.refusal : httpRefusalOf(error);
    if (refusal.status >= 500) loggerFor('gateway').error({ err: error }, 'internal error before the operation');
    const identity = await callerOf(verifier, req);
    try {
      const auditRecordId = await trail.commit({
        id: randomUUID(),
        time: new Date(),
        requestId: req.header('x-request-id')?.slice(0, 128) || randomUUID(),
        identity,
        ...(identity && isApplicationToken(identity) ? { application: identity.clientId ?? '(no azp)' } : {}),
        ...(req.header('x-purpose') ? { attemptedPurpose: req.header('x-purpose') } : {}),
        errorCodes: [refusal.code],
        hasData: false,
        latencyMs: performance.now() - startedAt,
        responseBytes: 0,
      });
      sendHttpRefusal(res, refusal, { auditRecordId });
    } catch (auditError) {
      // The trail's own refusal (AUDIT_UNAVAILABLE, or back-pressure), with its status and headers.
      const { message, extensions } = auditError as GraphQLError;
      const http = extensions?.http as { status?: number; headers?: Map<string, string> } | undefined;
      for (const [name, value] of http?.headers ?? []) res.set(name, value);
      sendHttpRefusal(res, { status: http?.status ?? 503, code: String(extensions?.code ?? 'AUDIT_UNAVAILABLE'), message });
    }
  };
}

async function callerOf(verifier: TokenVerifier, req: Request): Promise<Identity | undefined> {
  if (!req.header('authorization')) return undefined;
  try {
    return await authenticate(verifier, { headers: req.headers, url: req.originalUrl });
  } catch {
    return undefined; // an invalid token names nobody; the record says the caller is unknown
  }
}
