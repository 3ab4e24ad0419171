import type { RequestHandler } from 'express';
import { graphqlMethods } from '../../subgraphs/kit/graphqlMethods';
import { RouteRefusal } from './auditedRefusals';

/**
 * The gateway's /graphql refuses the methods an agency's does (subgraphs/kit/graphqlMethods.ts), but as a
 * RouteRefusal handed on to auditedRefusals: every request to the graph leaves an audit record, a PUT
 * or DELETE too, as /agreements/graphql's 405 does.
 */
export function auditedMethods(): RequestHandler {
  return graphqlMethods((refusal, _res, next) => next(new RouteRefusal(refusal)));
}
