import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { LRUCache } from 'lru-cache';
import type { GatewayContext } from '../context';
import { decideOperation, type OperationPolicy } from '../enforcement/operationPolicy';
import { gatewayError } from '../errors';
import type { PolicyGraph } from '../policyGraph';
import { policyGraphOf } from './servedGraphPlugin';

/**
 * Step 3, at validation time (after parsing, before planning): every field of the operation is decided
 * for the caller's purpose; one denied field refuses the whole operation and no agency is asked.
 * Decisions are pure, so they are cached per (graph, purpose, operation, document); roles only gate the
 * purpose (step 2) and do not change what it sees. The graph is the request's pinned one: a hot-reloaded
 * supergraph gets a cache of its own, and the old one goes with its graph.
 */
export function enforcementPlugin(): ApolloServerPlugin<GatewayContext> {
  const caches = new WeakMap<PolicyGraph, LRUCache<string, OperationPolicy>>();
  const policiesOf = (graph: PolicyGraph) => {
    let policies = caches.get(graph);
    if (!policies) {
      policies = new LRUCache<string, OperationPolicy>({ max: 5_000 });
      caches.set(graph, policies);
    }
    return policies;
  };
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, document, operation, queryHash, operationName }) {
          if (!operation) {
            throw new GraphQLError('The request names no operation the document defines', {
              extensions: { code: 'OPERATION_RESOLUTION_FAILURE', http: { status: 400 } },
            });
          }
          const graph = policyGraphOf(contextValue);
          const policies = policiesOf(graph);
          const key = `${contextValue.purpose.name}\n${operationName ?? ''}\n${queryHash}`;
          let policy = policies.get(key);
          if (!policy) {
            policy = decideOperation(graph, contextValue.purpose, document, operation);
            policies.set(key, policy);
          }
          contextValue.policy = policy;
          if (policy.denied.length > 0) {
            const coordinates = policy.denied.map((decision) => decision.coordinate);
            throw gatewayError(
              'FORBIDDEN_FIELDS',
              `Purpose "${contextValue.purpose.name}" does not permit ${coordinates.join(', ')}. Remove these fields or state a purpose that permits them.`,
              { fields: policy.denied.map(({ coordinate, reason }) => ({ coordinate, reason })) },
            );
          }
        },
      };
    },
  };
}
