import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { OperationLimits } from './operationLimits';

/**
 * The refusals of gateway/limits, each with its own code (README "Errors"). A limit refusal carries the
 * limit and, where it was measured, the value found: the client learns what to shrink, nothing else.
 */
export const LIMIT_ERRORS = Object.freeze({
  QUERY_TOO_DEEP: { status: 400, fix: 'nest fewer levels' },
  TOO_MANY_ALIASES: { status: 400, fix: 'use fewer aliases' },
  TOO_MANY_ROOT_FIELDS: { status: 400, fix: 'ask fewer root fields per operation' },
  TOO_MANY_DIRECTIVES: { status: 400, fix: 'use fewer directives' },
  TOO_MANY_TOKENS: { status: 400, fix: 'send a shorter document' },
  TOO_MANY_SELECTIONS: { status: 400, fix: 'spread fewer fragments' },
  QUERY_TOO_COSTLY: { status: 400, fix: 'ask smaller pages or fewer nested lists' },
  RESPONSE_TOO_LARGE: { status: 400, fix: 'ask smaller pages or fewer fields' },
  REQUEST_TIMEOUT: { status: 504, fix: 'retry, or ask less in one operation' },
} as const);

export type LimitErrorCode = keyof typeof LIMIT_ERRORS;

export function isLimitErrorCode(code: unknown): code is LimitErrorCode {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(LIMIT_ERRORS, code);
}

export interface LimitMeasure {
  limit: number;
  /** The value found, when the check measured it (a token count stops at the limit). */
  measured?: number;
}

/** A limit refusal as a rule or the executor raises it. */
export function limitError(code: LimitErrorCode, message: string, measure: LimitMeasure): GraphQLError {
  return new GraphQLError(message, {
    extensions: {
      code,
      limit: measure.limit,
      ...(measure.measured !== undefined ? { measured: measure.measured } : {}),
      http: { status: LIMIT_ERRORS[code].status },
    },
  });
}

/**
 * Apollo Server re-labels every validation error GRAPHQL_VALIDATION_FAILED and every parse error
 * GRAPHQL_PARSE_FAILED; a limit refusal gets its own code back here, on its way to the client. Refusals of
 * Apollo's own recursive-selection rule and of graphql-js's token limit are recognised too.
 */
export function restoreLimitCode(
  formatted: GraphQLFormattedError,
  error: unknown,
  limits: Pick<OperationLimits, 'maxSelections'>,
): GraphQLFormattedError {
  const extensions = formatted.extensions ?? {};
  const original = error instanceof GraphQLError ? error.originalError : undefined;
  const originalCode = original instanceof GraphQLError ? original.extensions.code : undefined;
  if (extensions.code === 'GRAPHQL_VALIDATION_FAILED' && isLimitErrorCode(originalCode)) {
    return { ...formatted, extensions: { ...extensions, code: originalCode } };
  }
  if (extensions.validationErrorCode === 'MAX_RECURSIVE_SELECTIONS_EXCEEDED') {
    const { validationErrorCode: _code, ...rest } = extensions;
    return {
      ...formatted,
      message: 'The operation spreads its fragments into too many selections.',
      extensions: { ...rest, code: 'TOO_MANY_SELECTIONS', limit: limits.maxSelections },
    };
  }
  const tokens = extensions.code === 'GRAPHQL_PARSE_FAILED' ? /more (?:that|than) (\d+) tokens/.exec(formatted.message) : null;
  if (tokens) {
    const limit = Number(tokens[1]);
    return { ...formatted, message: `The document has more than ${limit} tokens.`, extensions: { ...extensions, code: 'TOO_MANY_TOKENS', limit } };
  }
  return formatted;
}
