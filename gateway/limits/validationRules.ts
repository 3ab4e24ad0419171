import type { ValidationRule } from 'graphql';
import { armorRules } from './armorRules';
import { costRule } from './costRule';
import type { OperationLimits } from './operationLimits';
import { rootFieldsRule } from './rootFieldsRule';

/**
 * The limits checked while Apollo Server validates a document, before the enforcement plugin decides its
 * fields (didResolveOperation) and long before the gateway plans it. Apollo runs these after the spec
 * rules and its own recursive-selection limit (`maxRecursiveSelections`), so they only see valid documents
 * whose fragments cannot explode. The token limit is the parser's (`parseOptions.maxTokens`).
 */
export function operationLimitRules(limits: OperationLimits): ValidationRule[] {
  return [rootFieldsRule(limits.maxRootFields), ...armorRules(limits), costRule(limits)];
}
