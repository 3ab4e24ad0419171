import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { logInternalError } from './internalErrorLog';

/**
 * What an HTTP server of govgraph answers when no GraphQL operation is reached: always JSON in the GraphQL
 * error shape with a documented code (README "Errors"), never express's HTML page, a stack or a path.
 */
export const HTTP_ERRORS = Object.freeze({
  BAD_REQUEST: 400,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  INTERNAL_SERVER_ERROR: 500,
} as const);

export type HttpErrorCode = keyof typeof HTTP_ERRORS;

export interface HttpRefusal {
  status: number;
  code: HttpErrorCode;
  message: string;
}

/** The refusal for an error express or its body parser raised (body-parser sets `type` and `status`). Pure. */
export function httpRefusalOf(error: unknown): HttpRefusal {
  const { type, status, limit } = (error ?? {}) as { type?: unknown; status?: unknown; limit?: unknown };
  switch (type) {
    case 'entity.parse.failed':
      return { status: 400, code: 'BAD_REQUEST', message: 'The request body is not valid JSON.' };
    case 'entity.too.large':
      return {
        status: 413,
        code: 'PAYLOAD_TOO_LARGE',
        message: `The request body is larger than ${typeof limit === 'number' ? `${limit} bytes` : 'allowed'}.`,
      };
    case 'encoding.unsupported':
      return { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'The request body uses a content encoding this server does not accept.' };
    case 'charset.unsupported':
      return { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'The request body must be UTF-8.' };
    default:
      if (typeof status === 'number' && status >= 400 && status < 500) {
        return { status, code: 'BAD_REQUEST', message: 'The request is malformed.' };
      }
      return { status: 500, code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' };
  }
}

/** `code` may also be one of the caller's own (the gateway's AUDIT_UNAVAILABLE). */
export function sendHttpRefusal(res: Response, refusal: Omit<HttpRefusal, 'code'> & { code: string }, extensions: Record<string, unknown> = {}): void {
  res
    .status(refusal.status)
    .set('cache-control', 'no-store')
    .json({ errors: [{ message: refusal.message, extensions: { code: refusal.code, ...extensions } }] });
}

/** Last route: whatever is not served is a JSON 404. */
export function jsonNotFound(): RequestHandler {
  return (_req, res) => {
    sendHttpRefusal(res, { status: 404, code: 'NOT_FOUND', message: 'Nothing is served at this path.' });
  };
}

/** Last error handler: the detail of an unexpected error goes to the operator's log, the client gets a code. */
export function jsonErrorHandler(source: string): ErrorRequestHandler {
  return (error, _req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const refusal = httpRefusalOf(error);
    if (refusal.status >= 500) logInternalError(source, 'internal error', error);
    sendHttpRefusal(res, refusal);
  };
}
