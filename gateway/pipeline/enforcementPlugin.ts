import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { LRUCache } from 'lru-cache';
import type { GatewayContext } from '../context';
import { decideOperation, type OperationPolicy } from '../enforcement/operationPolicy';
import { gatewayError } from '../errors';
import type { PolicyGraph } from '../policyGraph';

/**
 * Step 3, at validation time (after parsing, before planning): every field of the operation is decided
 * for the caller's purpose; one denied field refuses the whole operation and no agency is asked.
 * Decisions are pure, so they are cached per (purpose, operation, document); roles only gate the
 * purpose (step 2) and do not change what it sees.
 */
export function enforcementPlugin(graph: () => PolicyGraph): ApolloServerPlugin<GatewayContext> {
  const policies = new LRUCache<string, OperationPolicy>({ max: 5_000 });
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, document, operation, queryHash, operationName }) {
          if (!operation) {
            throw new GraphQLError('The request names no operation the document defines', {
              extensions: { code: 'OPERATION_RESOLUTION_FAILURE', http: { status: 400 } },
            });
          }
          const key = `${contextValue.purpose.name}\n${operationName ?? ''}\n${queryHash}`;
          let policy = policies.get(key);
          if (!policy) {
            policy = decideOperation(graph(), contextValue.purpose, document, operation);
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
