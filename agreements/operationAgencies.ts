import { operationFromDocument, Supergraph } from '@apollo/federation-internals';
import { QueryPlanner, type PlanNode, type QueryPlan, type SubscriptionNode } from '@apollo/query-planner';
import { getNamedType, isInterfaceType, isObjectType, Kind, parse, type DocumentNode, type GraphQLSchema, type SelectionSetNode } from 'graphql';

/** The agencies (subgraphs) an operation reads: the services its query plan fetches from. */
export type OperationAgencies = (document: DocumentNode, operationName: string) => string[];

/** The fields an operation's plan asks each agency (subgraph) for: service name → `Type.field` coordinates, sorted. */
export type OperationRoutes = (document: DocumentNode, operationName: string) => ReadonlyMap<string, readonly string[]>;

/**
 * Plans operations over the supergraph as the gateway does (the same @apollo/gateway planner), so the
 * agencies that approve a request are the ones whose subgraphs would be asked, entity fetches included.
 * Planning is work that depends only on the supergraph: one planner per supergraph text.
 */
export function operationAgencies(supergraphSdl: string): OperationAgencies {
  const routes = operationRoutes(supergraphSdl);
  return (document, operationName) => [...routes(document, operationName).keys()];
}

/**
 * As operationAgencies, with the fields each fetch asks for: what the registry compares between the served
 * and a candidate supergraph to name the field a schema change moves to another agency.
 */
export function operationRoutes(supergraphSdl: string): OperationRoutes {
  const supergraph = Supergraph.build(supergraphSdl);
  const apiSchema = supergraph.apiSchema();
  const schema = apiSchema.toGraphQLJSSchema();
  const planner = new QueryPlanner(supergraph);
  return (document, operationName) => {
    const operation = operationFromDocument(apiSchema, document, { operationName });
    const fetches: Fetch[] = [];
    collectFetches((planner.buildQueryPlan(operation) as QueryPlan).node, fetches);
    const byService = new Map<string, Set<string>>();
    for (const fetch of fetches) {
      const fields = byService.get(fetch.serviceName) ?? new Set<string>();
      byService.set(fetch.serviceName, fields);
      fetchedFields(schema, fetch.operation, fields);
    }
    return new Map([...byService.keys()].sort().map((service) => [service, [...byService.get(service)!].sort()]));
  };
}

interface Fetch {
  serviceName: string;
  operation: string;
}

/**
 * The coordinates one subgraph fetch selects, typed over the API schema: a root fetch from its root type,
 * an entity fetch (`_entities`) from each `... on Type` it holds. `__typename` is no field of anyone's.
 */
function fetchedFields(schema: GraphQLSchema, operationText: string, into: Set<string>): void {
  const document = parse(operationText);
  const fragments = new Map(document.definitions.flatMap((definition) => (definition.kind === Kind.FRAGMENT_DEFINITION ? [[definition.name.value, definition] as const] : [])));
  const walk = (selectionSet: SelectionSetNode | undefined, typeName: string | undefined): void => {
    for (const selection of selectionSet?.selections ?? []) {
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        walk(fragment?.selectionSet, fragment?.typeCondition.name.value);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet, selection.typeCondition?.name.value ?? typeName);
      } else if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (name === '__typename') continue;
        if (name === '_entities') {
          walk(selection.selectionSet, undefined);
          continue;
        }
        const type = typeName === undefined ? undefined : schema.getType(typeName);
        if (!type || !(isObjectType(type) || isInterfaceType(type))) continue;
        into.add(`${typeName}.${name}`);
        const field = type.getFields()[name];
        if (field) walk(selection.selectionSet, getNamedType(field.type).name);
      }
    }
  };
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    const root = definition.operation === 'query' ? schema.getQueryType() : definition.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
    walk(definition.selectionSet, root?.name);
  }
}

function collectFetches(node: PlanNode | SubscriptionNode | undefined, into: Fetch[]): void {
  if (!node) return;
  switch (node.kind) {
    case 'Fetch':
      into.push({ serviceName: node.serviceName, operation: node.operation });
      return;
    case 'Sequence':
    case 'Parallel':
      for (const child of node.nodes) collectFetches(child, into);
      return;
    case 'Flatten':
      collectFetches(node.node, into);
      return;
    case 'Condition':
      collectFetches(node.ifClause, into);
      collectFetches(node.elseClause, into);
      return;
    case 'Defer':
      collectFetches(node.primary.node, into);
      for (const deferred of node.deferred) collectFetches(deferred.node, into);
      return;
    case 'Subscription':
      collectFetches(node.primary, into);
      collectFetches(node.rest, into);
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
