import type { GraphQLFormattedError } from 'graphql';
import { withoutSuggestions } from './enforcement/withoutSuggestions';
import { isGatewayErrorCode } from './errors';
import { isLimitErrorCode } from './limits/limitErrors';
import { loggerFor } from '@govgraph/observability';

/**
 * What a client may see of an error. Errors that carry a code a client can act on keep their
 * message; an agency that did not answer becomes SUBGRAPH_UNAVAILABLE naming only the agency;
 * everything else is INTERNAL_SERVER_ERROR. Never a stack, SQL text or an internal URL.
 */
const CLIENT_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

export function formatGatewayError(error: GraphQLFormattedError): GraphQLFormattedError {
  const formatted = { ...error, message: withoutSuggestions(error.message) };
  const extensions = formatted.extensions ?? {};
  const code = typeof extensions.code === 'string' ? extensions.code : undefined;
  const service = typeof extensions.serviceName === 'string' ? extensions.serviceName : undefined;
  const base = { locations: formatted.locations, path: formatted.path };

  if (!service && (isGatewayErrorCode(code) || isLimitErrorCode(code))) {
    // Raised by the gateway itself with details meant for the client (fields and reasons, known purposes, limits).
    const { stacktrace: _stacktrace, http: _http, ...details } = extensions;
    return { ...base, message: formatted.message, extensions: details };
  }
  if (code && CLIENT_CODES.has(code)) {
    return { ...base, message: formatted.message, extensions: { code, ...(service ? { service } : {}) } };
  }
  if (service) {
    // The subgraph kit already reduced its own internal errors to INTERNAL_SERVER_ERROR; a fetch
    // failure or timeout reaches us with the agency's URL in the message, which stays here.
    const unreachable = code === undefined || code === 'INTERNAL_SERVER_ERROR' && /request to|fetch|timeout|abort|ECONN/i.test(formatted.message);
    if (unreachable) {
      loggerFor('gateway').error({ subgraph: service, error: formatted.message }, 'subgraph unavailable');
      return {
        ...base,
        message: `The ${service} service is unavailable; its part of the answer is missing`,
        extensions: { code: 'SUBGRAPH_UNAVAILABLE', service },
      };
    }
    // `circuit: "open"`: the gateway did not ask the agency at all (gateway/circuitBreaker.ts).
    const circuit = extensions.circuit === 'open' ? { circuit: 'open' } : {};
    // SUBGRAPH_ANSWER_TOO_LARGE: the gateway's own limit, which the client needs to size its operation.
    const limit = code === 'SUBGRAPH_ANSWER_TOO_LARGE' && typeof extensions.limit === 'number' ? { limit: extensions.limit } : {};
    return { ...base, message: formatted.message, extensions: { code: code ?? 'INTERNAL_SERVER_ERROR', service, ...circuit, ...limit } };
  }
  loggerFor('gateway').error({ error: formatted.message }, 'internal error');
  return { ...base, message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}
