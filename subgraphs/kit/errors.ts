import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';
import { logInternalError } from './internalErrorLog';

/**
 * Errors a client may see as they are: raised on purpose, with a code a client can act on.
 * Anything else (a SQL error, a bug) is logged here and leaves as a bare INTERNAL_SERVER_ERROR:
 * never SQL text, never a stack.
 */
const CLIENT_CODES = new Set(['BAD_USER_INPUT', 'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN']);

/** Extension keys a client error may keep beside its code: a refused field names its coordinate (fieldShield.ts). */
function clientExtensions(code: string, extensions: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const kept: Record<string, unknown> = { code };
  if (code === 'FORBIDDEN' && typeof extensions.coordinate === 'string') kept.coordinate = extensions.coordinate;
  return kept;
}

export function createErrorFormatter(source: string) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    const original = unwrapResolverError(error);
    const raisedOnPurpose = original instanceof GraphQLError || original === undefined;
    if (typeof code === 'string' && CLIENT_CODES.has(code) && raisedOnPurpose) {
      return {
        message: formatted.message,
        locations: formatted.locations,
        path: formatted.path,
        extensions: clientExtensions(code, formatted.extensions ?? {}),
      };
    }
    logInternalError(source, 'internal error', original, { path: formatted.path?.join('.') ?? 'request' });
    return {
      message: `Internal error in the ${source} service`,
      path: formatted.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}
