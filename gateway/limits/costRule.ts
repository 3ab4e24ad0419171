import { Kind, visit, type DocumentNode, type OperationDefinitionNode, type ValidationContext, type ValidationRule } from 'graphql';
import { getComplexity } from 'graphql-query-complexity';
import { limitError } from './limitErrors';
import { listSizeEstimator } from './listSizes';
import type { OperationLimits } from './operationLimits';
import { placeholderVariables } from './placeholderVariables';

/**
 * The estimated size of the answer (graphql-query-complexity with list sizes multiplied,
 * gateway/limits/listSizes.ts): the nesting attack — person → cases → parties → party → cases … — grows
 * about four-fold a level, and is refused here, before a plan is made. Runs after the spec rules (Apollo's
 * later validation rules), so the document is known to be valid; an estimate that cannot be made refuses.
 */
export function costRule(limits: Pick<OperationLimits, 'maxCost' | 'defaultListSize'>): ValidationRule {
  const estimators = [listSizeEstimator(limits.defaultListSize)];
  return (context: ValidationContext) => ({
    Document: {
      leave(document) {
        const schema = context.getSchema();
        // @include/@skip are decided by variables: the estimate counts both branches.
        const counted = withoutConditions(document);
        for (const operation of counted.definitions.filter((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION)) {
          let cost: number;
          try {
            cost = getComplexity({
              schema,
              query: counted,
              estimators,
              variables: placeholderVariables(schema, operation),
              ...(operation.name ? { operationName: operation.name.value } : {}),
            });
          } catch {
            cost = Number.POSITIVE_INFINITY;
          }
          if (!(cost <= limits.maxCost)) {
            const measured = Number.isFinite(cost) ? Math.round(cost) : undefined;
            context.reportError(
              limitError(
                'QUERY_TOO_COSTLY',
                measured === undefined
                  ? `The operation's cost cannot be estimated within the limit of ${limits.maxCost}.`
                  : `The operation's estimated cost is ${measured}; at most ${limits.maxCost} is allowed. Ask smaller pages or fewer nested lists.`,
                { limit: limits.maxCost, ...(measured !== undefined ? { measured } : {}) },
              ),
            );
          }
        }
      },
    },
  });
}

function withoutConditions(document: DocumentNode): DocumentNode {
  return visit(document, {
    Directive: (node) => (node.name.value === 'include' || node.name.value === 'skip' ? null : undefined),
  });
}
