import { Kind, type SelectionSetNode, type ValidationContext, type ValidationRule } from 'graphql';
import { limitError } from './limitErrors';

/**
 * Fields at the root of each operation, fragments (named and inline) expanded: each root field is a fetch
 * plan of its own, and aliases alone would let one operation ask for the same lookup a thousand times.
 */
export function rootFieldsRule(maxRootFields: number): ValidationRule {
  return (context: ValidationContext) => ({
    OperationDefinition(operation) {
      const count = countRootFields(context, operation.selectionSet, new Set());
      if (count > maxRootFields) {
        context.reportError(
          limitError('TOO_MANY_ROOT_FIELDS', `The operation asks ${count} root fields; at most ${maxRootFields} are allowed.`, {
            limit: maxRootFields,
            measured: count,
          }),
        );
      }
    },
  });
}

function countRootFields(context: ValidationContext, selectionSet: SelectionSetNode, spreading: Set<string>): number {
  let count = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) count += 1;
    else if (selection.kind === Kind.INLINE_FRAGMENT) count += countRootFields(context, selection.selectionSet, spreading);
    else {
      const name = selection.name.value;
      const fragment = context.getFragment(name);
      // A cycle is the spec rules' to report; here it just stops counting.
      if (!fragment || spreading.has(name)) continue;
      spreading.add(name);
      count += countRootFields(context, fragment.selectionSet, spreading);
      spreading.delete(name);
    }
  }
  return count;
}
