import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { HeaderMap } from '@apollo/server';
import type { Request } from 'express';
import { GraphQLError } from 'graphql';
import { checkPurposeAccess, type Purpose } from '../../policies';
import type { AuditTrail } from '../audit/auditTrail';
import type { GatewayContext } from '../context';
import { gatewayError } from '../errors';
import { authenticate, isAuthenticationError, type Identity, type TokenVerifier } from '../identity';

/**
 * Steps 1 and 2 of the request flow, before the query is even parsed: who is asking (a verified
 * Keycloak token) and under which purpose (X-Purpose, X-Case-Ref). Either fails the whole request,
 * and the refusal is audited like any other outcome.
 */
export function createContextFunction(verifier: TokenVerifier, trail: AuditTrail) {
  return async ({ req }: { req: Request }): Promise<GatewayContext> => {
    const receivedAt = new Date();
    const startedAt = performance.now();
    // A caller's own request id is kept for correlation, bounded: it lands in the audit record.
    const requestId = req.header('x-request-id')?.slice(0, 128) || randomUUID();
    let identity: Identity | undefined;
    let purpose: Purpose | undefined;
    try {
      identity = await authenticateRequest(verifier, req);
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
      return {
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
        touched: new Set(),
        subjects: [],
      };
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      const body = (req.body ?? {}) as { query?: unknown; variables?: unknown };
      const auditRecordId = await trail.commit({
        id: randomUUID(),
        time: receivedAt,
        requestId,
        identity,
        purpose,
        ...(!purpose && req.header('x-purpose') ? { attemptedPurpose: req.header('x-purpose') } : {}),
        ...(typeof body.query === 'string' ? { rawQuery: body.query } : {}),
        variables: isRecord(body.variables) ? body.variables : null,
        errorCodes: [String(error.extensions.code)],
        hasData: false,
        latencyMs: performance.now() - startedAt,
        responseBytes: 0,
      });
      throw new GraphQLError(error.message, { extensions: { ...error.extensions, auditRecordId } });
    }
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

async function authenticateRequest(verifier: TokenVerifier, req: Request): Promise<Identity> {
  try {
    return await authenticate(verifier, { headers: req.headers, url: req.originalUrl });
  } catch (error) {
    if (!isAuthenticationError(error)) throw error;
    if (error.cause) console.warn(`[gateway] authentication failed (${error.reason}):`, (error.cause as Error).message);
    throw new GraphQLError(`Authentication failed: ${error.reason}`, {
      extensions: {
        code: 'UNAUTHENTICATED',
        reason: error.reason,
        http: { status: 401, headers: new HeaderMap([['www-authenticate', error.wwwAuthenticate]]) },
      },
    });
  }
}
