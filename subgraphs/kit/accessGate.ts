import type { IncomingMessage } from 'node:http';
import express, { type ErrorRequestHandler, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { JSONWebKeySet } from 'jose';
import {
  ACCESS_CONTEXT_HEADER,
  AccessContextError,
  createAccessContextVerifier,
  type AccessContext,
  type AccessContextFailureReason,
  type VerifiedAccessContext,
} from '@govgraph/access-context';
import { operationDigestOf } from '@govgraph/access-context';
import { checkPurposeAccess, rowScopeFor, type Purpose, type RowScope } from '@govgraph/policies';
import { createUsedContexts, type UsedContexts } from './usedContexts';

/**
 * The subgraph's front door (defence in depth): an agency answers the govgraph gateway only, and each
 * context the gateway signs answers the one fetch it was signed for. In order:
 * 1. before the body is read: the signed access context, minted moments ago for this agency (else 401),
 *    not used before (401 'access context already used'), over POST (anything else is not the operation
 *    it was signed for), its purpose known and permitted to its roles (the gateway's check, again; else 403);
 * 2. while the body is read, before it is parsed: its SHA-256 must be the context's `op` claim (else 401
 *    'access context not for this operation') — another query, other variables, another operation name,
 *    added extensions or a batch are all other bytes;
 * 3. after parsing, before Apollo: a single operation object, and the context's `jti` is claimed, once.
 * Nothing reaches the database before all three hold. What is admitted is left in `res.locals` for the
 * GraphQL context.
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
  /** The contexts already admitted; one store per process (usedContexts.ts says why that is enough). */
  usedContexts?: UsedContexts;
  /** The largest request body read. Default 1 MB. */
  bodyLimit?: string;
}

const ADMITTED = 'govgraphAdmitted';

type Refusal = { status: 400 | 401 | 403 | 413 | 503; code: string; message: string };

function refuse(res: Response, { status, code, message }: Refusal): void {
  if (status === 503) res.setHeader('Retry-After', '1');
  res.status(status).json({ errors: [{ message, extensions: { code } }] });
}

/** A body whose bytes are not what the context was signed for: raised while reading, so it is never parsed. */
class UnboundBodyError extends Error {
  override name = 'UnboundBodyError';
}

/** The access gate's handlers, to mount in this order on /graphql before Apollo (server.ts). */
export function accessGate(options: AccessGateOptions): (RequestHandler | ErrorRequestHandler)[] {
  // Built now: a key that cannot verify anything stops the subgraph at start-up, not at the first request.
  const verifier = createAccessContextVerifier({ publicKeys: options.publicKeys, audience: options.agency });
  const used = options.usedContexts ?? createUsedContexts();
  const unauthenticated = (reason: AccessContextFailureReason): Refusal => ({
    status: 401,
    code: 'UNAUTHENTICATED',
    // The reasons are fixed phrases (AccessContextFailureReason): nothing of the token is echoed.
    message: `The ${options.agency} agency answers only the govgraph gateway: ${reason}.`,
  });
  /** The verified context of a request, by its Node request: body-parser's `verify` sees only that. */
  const pending = new WeakMap<IncomingMessage, VerifiedAccessContext>();
  /** Requests whose body bytes were those the context was signed for. */
  const bound = new WeakSet<IncomingMessage>();

  const verifyContext: RequestHandler = async (req: Request, res: Response, next: NextFunction) => {
    let verified: VerifiedAccessContext;
    try {
      verified = await verifier.verifyBinding(req.header(ACCESS_CONTEXT_HEADER));
    } catch (error) {
      refuse(res, unauthenticated(error instanceof AccessContextError ? error.reason : 'access context malformed'));
      return;
    }
    if (used.has(verified.jti)) return refuse(res, unauthenticated('access context already used'));
    // The gateway POSTs a JSON body it signed the digest of; a GET (the operation in the URL), a context
    // minted without a digest, or another content type cannot be that operation.
    if (req.method !== 'POST' || verified.operation === undefined || !req.is('application/json')) {
      return refuse(res, unauthenticated('access context not for this operation'));
    }
    const { context } = verified;
    const check = checkPurposeAccess({ purpose: context.purpose, caseRef: context.caseRef, roles: context.roles }, options.purposes);
    if (!check.ok) return refuse(res, { status: 403, code: 'FORBIDDEN', message: `The access context's purpose is refused: ${check.message}` });
    pending.set(req, verified);
    next();
  };

  const readBoundBody = express.json({
    limit: options.bodyLimit ?? '1mb',
    // Runs on the raw bytes, before JSON.parse: a body the context was not signed for is never parsed.
    verify: (req, _res, buffer) => {
      if (operationDigestOf(buffer) !== pending.get(req)?.operation) throw new UnboundBodyError();
      bound.add(req);
    },
  });

  // Only reading the body can fail here: every such failure is answered as JSON, never Express's HTML page.
  const bodyRefused: ErrorRequestHandler = (error: unknown, _req, res, _next) => {
    if (error instanceof UnboundBodyError) return refuse(res, unauthenticated('access context not for this operation'));
    if ((error as { type?: unknown }).type === 'entity.too.large') {
      return refuse(res, { status: 413, code: 'BAD_REQUEST', message: 'The request body is too large.' });
    }
    refuse(res, { status: 400, code: 'BAD_REQUEST', message: 'The request body could not be read.' });
  };

  const claimOnce: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
    const verified = pending.get(req);
    const body: unknown = req.body;
    // No body was read (none sent, or not JSON), or what was read is not one operation: not what was signed.
    if (!verified || !bound.has(req) || typeof body !== 'object' || body === null || Array.isArray(body)) {
      return refuse(res, unauthenticated('access context not for this operation'));
    }
    const outcome = used.claim(verified.jti, verified.acceptedUntil - Date.now());
    if (outcome === 'already used') return refuse(res, unauthenticated('access context already used'));
    if (outcome === 'full') {
      return refuse(res, { status: 503, code: 'SERVICE_UNAVAILABLE', message: `The ${options.agency} agency is at capacity; retry shortly.` });
    }
    const admitted: AdmittedRequest = { access: verified.context, rowScope: rowScopeFor(verified.context) };
    res.locals[ADMITTED] = admitted;
    next();
  };

  return [verifyContext, readBoundBody, bodyRefused, claimOnce];
}

/** What the gate admitted for this request; throws if the gate did not run (a wiring error, never served). */
export function admittedRequest(res: Response): AdmittedRequest {
  const admitted = res.locals[ADMITTED] as AdmittedRequest | undefined;
  if (!admitted) throw new Error('no admitted access context: the access gate must run before /graphql');
  return admitted;
}
