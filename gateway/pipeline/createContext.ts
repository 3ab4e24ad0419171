import { randomUUID } from 'node:crypto';
import { HeaderMap } from '@apollo/server';
import type { Request } from 'express';
import { GraphQLError } from 'graphql';
import { checkPurposeAccess } from '../../policies';
import type { GatewayContext } from '../context';
import { gatewayError } from '../errors';
import { authenticate, isAuthenticationError, type Identity, type TokenVerifier } from '../identity';

/**
 * Steps 1 and 2 of the request flow, before the query is even parsed: who is asking (a verified
 * Keycloak token) and under which purpose (X-Purpose, X-Case-Ref). Either fails the whole request.
 */
export function createContextFunction(verifier: TokenVerifier) {
  return async ({ req }: { req: Request }): Promise<GatewayContext> => {
    const requestId = req.header('x-request-id') || randomUUID();
    const identity = await authenticateRequest(verifier, req);
    const check = checkPurposeAccess({
      purpose: req.header('x-purpose'),
      caseRef: req.header('x-case-ref'),
      roles: identity.roles,
    });
    if (!check.ok) {
      const { ok: _ok, code, message, ...details } = check;
      throw gatewayError(code, message, details);
    }
    return {
      requestId,
      identity,
      purpose: check.purpose,
      caseRef: check.caseRef,
      access: {
        user: identity.subject,
        username: identity.username,
        roles: identity.roles,
        ...(identity.agency ? { agency: identity.agency } : {}),
        ...(identity.district ? { district: identity.district } : {}),
        purpose: check.purpose.name,
        ...(check.caseRef ? { caseRef: check.caseRef } : {}),
        requestId,
      },
    };
  };
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
