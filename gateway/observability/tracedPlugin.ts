import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { inSpan, tracerFor, tracingOn } from '@govgraph/observability';
import { activeRequestSpan } from '../../subgraphs/kit/requestSpan';
import type { GatewayContext } from '../context';

/**
 * A pipeline step's plugin with a span around each of its request hooks (`govgraph.decide`,
 * `govgraph.case`, …), children of the request's span. Tracing off, the plugin is returned as it is: the
 * wrapper costs nothing then. Hooks that return listeners (executionDidStart's field hooks) are kept as they are.
 */
const SPANNED_HOOKS = ['didResolveSource', 'didResolveOperation', 'responseForOperation', 'willSendResponse', 'didEncounterErrors'] as const;

export function tracedPlugin(step: string, plugin: ApolloServerPlugin<GatewayContext>): ApolloServerPlugin<GatewayContext> {
  if (!tracingOn() || !plugin.requestDidStart) return plugin;
  const start = plugin.requestDidStart.bind(plugin);
  return {
    ...plugin,
    async requestDidStart(requestContext) {
      const listener = await start(requestContext);
      if (!listener) return listener;
      const wrapped: GraphQLRequestListener<GatewayContext> = { ...listener };
      for (const hook of SPANNED_HOOKS) {
        const original = listener[hook] as ((...args: unknown[]) => Promise<unknown>) | undefined;
        if (!original) continue;
        (wrapped as Record<string, unknown>)[hook] = (...args: unknown[]) =>
          inSpan('gateway', `govgraph.${step}`, { 'govgraph.hook': hook }, () => original.apply(listener, args));
      }
      return wrapped;
    },
  };
}

/**
 * Spans for the phases no plugin of ours hooks: parsing and validation (where the operation limits are
 * checked) and execution (planning, the subgraph fetches and masking are its children). Off: no hooks.
 */
export function pipelineSpansPlugin(): ApolloServerPlugin<GatewayContext> {
  if (!tracingOn()) return {};
  const phase = (name: string, attributes: Record<string, string> = {}) => {
    const span = tracerFor('gateway').startSpan(name, { attributes });
    return async () => {
      span.end();
    };
  };
  return {
    async requestDidStart() {
      return {
        async parsingDidStart() {
          return phase('govgraph.parse');
        },
        async validationDidStart() {
          return phase('govgraph.limits');
        },
        async executionDidStart({ queryHash, operationName }) {
          const request = activeRequestSpan();
          // The document's hash and the operation's name are the operation, not anyone's data.
          request?.setAttributes({ 'graphql.document.hash': queryHash, ...(operationName ? { 'graphql.operation.name': operationName } : {}) });
          const end = phase('govgraph.execute');
          return { executionDidEnd: end };
        },
      };
    },
  };
}
