import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { JSONWebKeySet } from 'jose';
import {
  ACCESS_CONTEXT_HEADER,
  AccessContextError,
  createAccessContextVerifier,
  type AccessContext,
} from '../../identity/accessContext';
import { checkPurposeAccess, rowScopeFor, type Purpose, type RowScope } from '../../policies';

/**
 * The subgraph's front door (defence in depth): an agency answers the govgraph gateway only. Every request
 * to /graphql must carry the gateway's signed access context, minted moments ago for this agency; without
 * one it is refused with 401 before its body is even parsed, so nothing reaches the database. The context's
 * purpose must be known and permitted to its roles (the same check the gateway made), else 403. What is
 * admitted is left in `res.locals` for the GraphQL context.
 */

export interface AdmittedRequest {
  readonly access: AccessContext;
  readonly rowScope: RowScope;
}

export interface AccessGateOptions {
  /** This subgraph's name: the audience the context must be minted for. */
  agency: string;
  /** The gateway's public keys, as `parseAccessContextPublicKeys` returns them. */
  publicKeys: JSONWebKeySet;
  purposes: readonly Purpose[];
}

const ADMITTED = 'govgraphAdmitted';

function refuse(res: Response, status: 401 | 403, code: 'UNAUTHENTICATED' | 'FORBIDDEN', message: string): void {
  res.status(status).json({ errors: [{ message, extensions: { code } }] });
}

export function accessGate(options: AccessGateOptions): RequestHandler {
  // Built now: a key that cannot verify anything stops the subgraph at start-up, not at the first request.
  const verifier = createAccessContextVerifier({ publicKeys: options.publicKeys, audience: options.agency });

  return async (req: Request, res: Response, next: NextFunction) => {
    let access: AccessContext;
    try {
      access = await verifier.verify(req.header(ACCESS_CONTEXT_HEADER));
    } catch (error) {
      // The reasons are fixed phrases (AccessContextFailureReason): nothing of the token is echoed.
      const reason = error instanceof AccessContextError ? error.reason : 'access context malformed';
      refuse(res, 401, 'UNAUTHENTICATED', `The ${options.agency} agency answers only the govgraph gateway: ${reason}.`);
      return;
    }
    const check = checkPurposeAccess({ purpose: access.purpose, caseRef: access.caseRef, roles: access.roles }, options.purposes);
    if (!check.ok) {
      refuse(res, 403, 'FORBIDDEN', `The access context's purpose is refused: ${check.message}`);
      return;
    }
    const admitted: AdmittedRequest = { access, rowScope: rowScopeFor(access) };
    res.locals[ADMITTED] = admitted;
    next();
  };
}

/** What the gate admitted for this request; throws if the gate did not run (a wiring error, never served). */
export function admittedRequest(res: Response): AdmittedRequest {
  const admitted = res.locals[ADMITTED] as AdmittedRequest | undefined;
  if (!admitted) throw new Error('no admitted access context: the access gate must run before /graphql');
  return admitted;
}
