import { operationFromDocument, Supergraph } from '@apollo/federation-internals';
import { QueryPlanner, type PlanNode, type QueryPlan, type SubscriptionNode } from '@apollo/query-planner';
import type { DocumentNode } from 'graphql';

/** The agencies (subgraphs) an operation reads: the services its query plan fetches from. */
export type OperationAgencies = (document: DocumentNode, operationName: string) => string[];

/**
 * Plans operations over the supergraph as the gateway does (the same @apollo/gateway planner), so the
 * agencies that approve a request are the ones whose subgraphs would be asked, entity fetches included.
 * Planning is work that depends only on the supergraph: one planner per supergraph text.
 */
export function operationAgencies(supergraphSdl: string): OperationAgencies {
  const supergraph = Supergraph.build(supergraphSdl);
  const apiSchema = supergraph.apiSchema();
  const planner = new QueryPlanner(supergraph);
  return (document, operationName) => {
    const operation = operationFromDocument(apiSchema, document, { operationName });
    const services = new Set<string>();
    collectServices((planner.buildQueryPlan(operation) as QueryPlan).node, services);
    return [...services].sort();
  };
}

function collectServices(node: PlanNode | SubscriptionNode | undefined, into: Set<string>): void {
  if (!node) return;
  switch (node.kind) {
    case 'Fetch':
      into.add(node.serviceName);
      return;
    case 'Sequence':
    case 'Parallel':
      for (const child of node.nodes) collectServices(child, into);
      return;
    case 'Flatten':
      collectServices(node.node, into);
      return;
    case 'Condition':
      collectServices(node.ifClause, into);
      collectServices(node.elseClause, into);
      return;
    case 'Defer':
      collectServices(node.primary.node, into);
      for (const deferred of node.deferred) collectServices(deferred.node, into);
      return;
    case 'Subscription':
      collectServices(node.primary, into);
      collectServices(node.rest, into);
      return;
  }
}

/** The planner of the supergraph last asked for; a new supergraph (the registry's hot reload) builds a new one. */
export function cachedOperationAgencies(): (supergraphSdl: string) => OperationAgencies {
  let cached: { sdl: string; agencies: OperationAgencies } | undefined;
  return (sdl) => {
    if (cached?.sdl !== sdl) cached = { sdl, agencies: operationAgencies(sdl) };
    return cached.agencies;
  };
}
