import type { DocumentNode, OperationDefinitionNode } from 'graphql';
import { decide, decideField, type Decision, type DenyDecision, type FieldCoordinate, type MaskStrategyName, type Purpose } from '../../policies';
import type { PolicyGraph } from '../policyGraph';
import { collectFieldUses, isIntrospectionOnly, rootFieldNames } from './fieldCoordinates';

/** Step 3's result for one operation under one purpose: every field decided, before any agency is asked. */
export interface OperationPolicy {
  /** One decision per coordinate the operation reaches: what the audit record lists. */
  decisions: readonly Decision[];
  denied: readonly DenyDecision[];
  /** Coordinate → mask strategy, for the fields whose values are masked in the answer. */
  masks: ReadonlyMap<string, MaskStrategyName>;
}

/**
 * Decides every field the operation can reach. A coordinate the graph does not describe cannot happen
 * after validation; were it to, it is denied rather than guessed.
 */
export function decideOperation(
  graph: PolicyGraph,
  purpose: Purpose,
  document: DocumentNode,
  operation: OperationDefinitionNode,
): OperationPolicy {
  const fields: FieldCoordinate[] = [];
  const undescribed: DenyDecision[] = [];
  for (const use of collectFieldUses(graph.apiSchema, document, operation)) {
    const info = graph.description.types.get(use.type)?.get(use.field);
    if (info) fields.push({ type: use.type, field: use.field, ...info });
    else undescribed.push({ effect: 'deny', coordinate: use.coordinate, basis: 'enforcement-point', reason: `${use.coordinate} is not described by the policies` });
  }
  const decisions = [
    ...decide(purpose, fields),
    ...undescribed,
    ...mixedIntrospection(graph, document, operation),
    ...rootTypeOutsidePurpose(graph, purpose, document, operation),
  ];
  const masks = new Map<string, MaskStrategyName>();
  for (const decision of decisions) if (decision.effect === 'mask') masks.set(decision.coordinate, decision.strategy);
  return {
    decisions,
    denied: decisions.filter((decision): decision is DenyDecision => decision.effect === 'deny'),
    masks,
  };
}

/**
 * Introspection answers with the purpose's own view of the graph, apart from data (enforcingGateway.ts):
 * asked together with data fields it would describe the whole graph, so it is refused there.
 */
function mixedIntrospection(graph: PolicyGraph, document: DocumentNode, operation: OperationDefinitionNode): DenyDecision[] {
  if (isIntrospectionOnly(document, operation)) return [];
  return [...rootFieldNames(document, operation)]
    .filter((name) => name === '__schema' || name === '__type')
    .map((name) => ({
      effect: 'deny' as const,
      coordinate: `${graph.apiSchema.getRootType(operation.operation)?.name ?? operation.operation}.${name}`,
      basis: 'enforcement-point' as const,
      reason: 'Ask for the schema in an operation of its own: introspection answers with the purpose’s view of the graph, apart from data.',
    }));
}

/**
 * A mutation under a purpose that may use no mutation at all (every purpose but audit-review: the graph's one
 * mutation is the officers' review) is refused whatever it selects — `mutation { __typename }` included, which
 * reaches no denied field but would run against a purpose view that has no mutation type.
 */
function rootTypeOutsidePurpose(graph: PolicyGraph, purpose: Purpose, document: DocumentNode, operation: OperationDefinitionNode): DenyDecision[] {
  if (operation.operation === 'query') return [];
  const root = graph.apiSchema.getRootType(operation.operation)?.name;
  const fields = root === undefined ? undefined : graph.description.types.get(root);
  if (root === undefined || !fields) return [];
  const usable = [...fields].some(([field, info]) => decideField(purpose, { type: root, field, ...info }).effect !== 'deny');
  if (usable) return [];
  return [...rootFieldNames(document, operation)]
    .filter((name) => name.startsWith('__'))
    .map((name) => ({
      effect: 'deny' as const,
      coordinate: `${root}.${name}`,
      basis: 'enforcement-point' as const,
      reason: `Purpose "${purpose.name}" may run no ${operation.operation}: the graph is read-only to it.`,
    }));
}
