import type { RequestHandler } from 'express';
import { sendHttpRefusal } from './httpErrors';

/** /graphql answers GET (queries) and POST; any other method is refused before Apollo Server sees it (gateway and agencies). */
export function graphqlMethods(): RequestHandler {
  return (req, res, next) => {
    if (req.method === 'GET' || req.method === 'POST' || req.method === 'HEAD') {
      next();
      return;
    }
    res.set('allow', 'GET, POST');
    sendHttpRefusal(res, { status: 405, code: 'METHOD_NOT_ALLOWED', message: `/graphql answers GET and POST, not ${req.method}.` });
  };
}
