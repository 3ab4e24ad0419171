import { Kind, valueFromASTUntyped, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode, type ValueNode } from 'graphql';
import { subjectKey, type CaseFile } from './caseFile';

/**
 * Where an operation under a case-bound purpose may start (issue 9, item 2): from the case's own subjects
 * and records, looked up by their keys. Root field → its key argument and what the key names. Every other
 * root field — searches (`incidents`, `petitions`, `cases`, `enterprises`, …), lookups of anything else,
 * `_entities` — is refused: a case-bound purpose reaches the rest from the case, not by searching for it.
 */
export const CASE_ROOT_LOOKUPS: Readonly<Record<string, { argument: string; names: string }>> = Object.freeze({
  person: { argument: 'idNumber', names: 'Person' },
  enterprise: { argument: 'creditCode', names: 'Enterprise' },
  account: { argument: 'accountNumber', names: 'Account' },
  dispute: { argument: 'id', names: 'Dispute' },
  fraudCase: { argument: 'id', names: 'FraudCase' },
  petition: { argument: 'id', names: 'Petition' },
  incident: { argument: 'id', names: 'Incident' },
});

/**
 * A key argument as the `ID` scalar reads it: a string as it is, an integer literal by its digits (not
 * through a float: 330110197803150018 is beyond 2^53), an integer variable as its decimal string.
 * Anything else is no key.
 */
function idValue(node: ValueNode, variables: Readonly<Record<string, unknown>>): string | undefined {
  if (node.kind === Kind.INT || node.kind === Kind.STRING) return node.value;
  if (node.kind !== Kind.VARIABLE) return undefined;
  const value = variables[node.name.value];
  if (typeof value === 'string') return value;
  return typeof value === 'number' && Number.isInteger(value) ? String(value) : undefined;
}

/** Introspection and `__typename` reach no one. */
const META_FIELDS = new Set(['__typename', '__schema', '__type']);

export interface ScopeViolation {
  /** The response path of the root field (its alias, if it has one). */
  path: string;
  message: string;
}

/**
 * The root fields of the operation that leave the case, however they are written: aliases, fragments and
 * inline fragments on the root type, literals or variables (with their defaults) as keys.
 */
export function rootLookupsOutsideScope(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>>,
  file: CaseFile,
): ScopeViolation[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const values: Record<string, unknown> = {};
  for (const definition of operation.variableDefinitions ?? []) {
    if (definition.defaultValue) values[definition.variable.name.value] = valueFromASTUntyped(definition.defaultValue);
  }
  Object.assign(values, variables);
  const violations: ScopeViolation[] = [];
  const seen = new Set<string>();
  const walk = (selectionSet: SelectionSetNode) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet);
        continue;
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        // A fragment spread twice is walked once; validation already refused cycles.
        if (fragment && !seen.has(fragment.name.value)) {
          seen.add(fragment.name.value);
          walk(fragment.selectionSet);
        }
        continue;
      }
      const name = selection.name.value;
      if (META_FIELDS.has(name)) continue;
      const path = selection.alias?.value ?? name;
      const lookup = CASE_ROOT_LOOKUPS[name];
      if (!lookup) {
        violations.push({ path, message: `${path}: ${name} is not a lookup of the case's subjects or records` });
        continue;
      }
      const argument = selection.arguments?.find((candidate) => candidate.name.value === lookup.argument);
      const key = argument ? idValue(argument.value, values) : undefined;
      const inCase = key !== undefined && (file.subjects.has(subjectKey(lookup.names, key)) || file.records.has(subjectKey(lookup.names, key)));
      if (!inCase) violations.push({ path, message: `${path}: this ${lookup.names} is not part of the ${file.kind} ${file.id}` });
    }
  };
  walk(operation.selectionSet);
  return violations;
}
