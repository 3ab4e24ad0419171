import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { GraphQLError, ValidationContext, ValidationRule } from 'graphql';
import { limitError, type LimitErrorCode } from './limitErrors';
import type { OperationLimits } from './operationLimits';

/**
 * Depth, aliases and directives, counted by graphql-armor's validation rules with fragments expanded and
 * introspection not exempt. Armor reports a refusal as a bare "Syntax Error: … limit of N exceeded, found M";
 * each becomes its own code with the limit and the measured value. Armor's token limit, cost limit and
 * suggestion masking are off: graphql-js counts tokens while parsing, gateway/limits/costRule.ts estimates
 * cost with list sizes, and gateway/formatError.ts removes every suggestion (armor's misses enum values).
 */
export function armorRules(limits: Pick<OperationLimits, 'maxDepth' | 'maxAliases' | 'maxDirectives'>): ValidationRule[] {
  const refuse = (code: LimitErrorCode, what: string, limit: number) => (context: ValidationContext | null, error: GraphQLError) => {
    const found = /found (\d+)/.exec(error.message)?.[1];
    const measured = found === undefined ? undefined : Number(found);
    context?.reportError(
      limitError(code, `The operation ${what.replace('%', String(measured ?? 'too many'))}; at most ${limit} are allowed.`, {
        limit,
        ...(measured !== undefined ? { measured } : {}),
      }),
    );
  };
  const { validationRules } = new ApolloArmor({
    blockFieldSuggestion: { enabled: false },
    maxTokens: { enabled: false },
    costLimit: { enabled: false },
    maxDepth: {
      n: limits.maxDepth,
      ignoreIntrospection: false,
      flattenFragments: true,
      propagateOnRejection: false,
      onReject: [refuse('QUERY_TOO_DEEP', 'nests % levels deep', limits.maxDepth)],
    },
    maxAliases: {
      n: limits.maxAliases,
      propagateOnRejection: false,
      onReject: [refuse('TOO_MANY_ALIASES', 'uses % aliases', limits.maxAliases)],
    },
    maxDirectives: {
      n: limits.maxDirectives,
      propagateOnRejection: false,
      onReject: [refuse('TOO_MANY_DIRECTIVES', 'uses % directives', limits.maxDirectives)],
    },
  }).protect();
  return validationRules as ValidationRule[];
}
