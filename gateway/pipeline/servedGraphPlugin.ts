import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLSchema } from 'graphql';
import type { GatewayContext } from '../context';
import type { PolicyGraph } from '../policyGraph';

/**
 * Pins each request to the policy graph of the API schema Apollo validates it against (requestContext.schema
 * is fixed when the request starts). A supergraph switched to while the request is in flight does not change
 * what decided, charged and masked it. Listed first: every later step reads `contextValue.graph`.
 */
export function servedGraphPlugin(graphOf: (schema: GraphQLSchema) => PolicyGraph | undefined): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ schema, contextValue }) {
      const graph = graphOf(schema);
      // No graph for this schema: the steps that need one fail closed (policyGraphOf below).
      if (graph) contextValue.graph = graph;
    },
  };
}

/** The request's pinned policy graph; without one nothing is decided, so nothing is answered. */
export function policyGraphOf(context: Partial<GatewayContext>): PolicyGraph {
  if (!context.graph) throw new Error('no policy graph was pinned to this request');
  return context.graph;
}
