import type { NextFunction, RequestHandler, Response } from 'express';
import { sendHttpRefusal, type HttpRefusal } from './httpErrors';

/** The methods /graphql answers: GET (queries) and POST; HEAD as express answers GET. */
export const GRAPHQL_ALLOW = 'GET, POST';

/** The refusal of a method /graphql does not answer, or undefined for one it does. Pure: the gateway audits it, an agency sends it. */
export function graphqlMethodRefusal(method: string): HttpRefusal | undefined {
  if (method === 'GET' || method === 'POST' || method === 'HEAD') return undefined;
  return { status: 405, code: 'METHOD_NOT_ALLOWED', message: `/graphql answers GET and POST, not ${method}.` };
}

/** How a refused method is answered: sent at once (an agency), or handed on to an error handler that audits it (the gateway). */
export type MethodRefuser = (refusal: HttpRefusal, res: Response, next: NextFunction) => void;

const sendAtOnce: MethodRefuser = (refusal, res) => sendHttpRefusal(res, refusal);

/** Any other method is refused before Apollo Server sees it, with `Allow: GET, POST`; the gateway passes a refuser that audits (gateway/http/auditedMethods.ts). */
export function graphqlMethods(refuse: MethodRefuser = sendAtOnce): RequestHandler {
  return (req, res, next) => {
    const refusal = graphqlMethodRefusal(req.method);
    if (!refusal) {
      next();
      return;
    }
    res.set('allow', GRAPHQL_ALLOW);
    refuse(refusal, res, next);
  };
}
