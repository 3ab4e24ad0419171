import { Kind, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode, type ValueNode } from 'graphql';
import type { RootLookup } from '../../policies';

/** A root field's lookups by one argument, with the values themselves (for the hourly count). */
export interface RootLookupValues extends RootLookup {
  readonly values: readonly string[];
}

/**
 * The root fields of an operation with the values their arguments carry, however the operation is
 * written: aliases (each alias is one more lookup), fragments and inline fragments on the root type,
 * variables resolved from the request (or their defaults), lists flattened. A field skipped by
 * `@skip`/`@include` is still counted: its values were sent. Values are compared as sent, trimmed and
 * upper-cased (an ID's check character `x` is `X`).
 */
export function rootLookups(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  rootType: string,
  variables: Readonly<Record<string, unknown>> | undefined,
): RootLookupValues[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const defaults = new Map<string, ValueNode>();
  for (const definition of operation.variableDefinitions ?? []) if (definition.defaultValue) defaults.set(definition.variable.name.value, definition.defaultValue);
  const found = new Map<string, Set<string>>();
  const add = (field: string, argument: string, value: unknown) => {
    const key = `${field}\n${argument}`;
    let values = found.get(key);
    if (!values) found.set(key, (values = new Set()));
    for (const item of scalars(value)) values.add(item);
  };
  const resolve = (value: ValueNode): unknown => {
    switch (value.kind) {
      case Kind.VARIABLE: {
        const name = value.name.value;
        if (variables && Object.prototype.hasOwnProperty.call(variables, name)) return variables[name];
        const fallback = defaults.get(name);
        return fallback ? resolve(fallback) : undefined;
      }
      case Kind.LIST:
        return value.values.map(resolve);
      case Kind.STRING:
      case Kind.INT:
      case Kind.FLOAT:
      case Kind.ENUM:
        return value.value;
      default:
        // Objects (filters) are not identifiers; booleans and nulls look nobody up.
        return undefined;
    }
  };
  const seen = new Set<string>();
  const walk = (selectionSet: SelectionSetNode) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        for (const argument of selection.arguments ?? []) add(selection.name.value, argument.name.value, resolve(argument.value));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet);
      } else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) walk(fragment.selectionSet);
      }
    }
  };
  walk(operation.selectionSet);
  return [...found].map(([key, values]) => {
    const [field = '', argument = ''] = key.split('\n');
    return { coordinate: `${rootType}.${field}`, argument, distinctValues: values.size, values: [...values] };
  });
}

/** The strings and numbers in a resolved argument value, normalised for comparison. */
function scalars(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(scalars);
  if (typeof value === 'string' || typeof value === 'number') return [String(value).trim().toUpperCase()];
  return [];
}
