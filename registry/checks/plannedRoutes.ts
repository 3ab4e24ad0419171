import { parse } from 'graphql';
import { LRUCache } from 'lru-cache';
import { operationRoutes, type OperationRoutes } from '../../agreements/operationAgencies';

/** What an agreed operation's plan asks each agency for; undefined when it cannot be planned over that graph. */
export type Routes = ReadonlyMap<string, readonly string[]>;
export type RoutesOf = (operation: { documentHash: string; document: string; operationName: string }) => Routes | undefined;

interface PlannedGraph {
  routes: OperationRoutes | undefined;
  plans: LRUCache<string, { routes: Routes | undefined }>;
}

/** Plans kept per supergraph: the agreed documents are few (one per agreed operation). */
const MAX_PLANS = 5_000;

/**
 * Planning depends only on (supergraph, document): one planner per supergraph text and one plan per
 * document on it. Two graphs are kept — the served one, planned again on every check, and the last
 * candidate (a CI checking before it publishes asks for the same one twice).
 */
const graphs = new LRUCache<string, PlannedGraph>({ max: 2 });

export function plannedRoutes(supergraphSdl: string): RoutesOf {
  let graph = graphs.get(supergraphSdl);
  if (!graph) {
    let routes: OperationRoutes | undefined;
    try {
      routes = operationRoutes(supergraphSdl);
    } catch {
      routes = undefined; // a supergraph the planner cannot build: nothing is planned over it
    }
    graph = { routes, plans: new LRUCache({ max: MAX_PLANS }) };
    graphs.set(supergraphSdl, graph);
  }
  const planned = graph;
  return (operation) => {
    const key = `${operation.documentHash}\u0000${operation.operationName}`;
    const cached = planned.plans.get(key);
    if (cached) return cached.routes;
    let routes: Routes | undefined;
    try {
      routes = planned.routes?.(parse(operation.document), operation.operationName);
    } catch {
      routes = undefined; // the operation check reports a document the graph no longer validates
    }
    planned.plans.set(key, { routes });
    return routes;
  };
}
