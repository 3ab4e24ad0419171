import {
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';

/** One field the operation selects, wherever it is selected (aliases, fragments and inline fragments resolved). */
export interface FieldUse {
  /** `Type.field`, e.g. `Person.phone`. */
  coordinate: string;
  type: string;
  field: string;
}

/** The operation a request runs, with the fragments it can reach. */
export function selectedOperation(document: DocumentNode, operationName?: string | null): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  );
  if (operationName) return operations.find((operation) => operation.name?.value === operationName);
  return operations.length === 1 ? operations[0] : undefined;
}

/**
 * Every field coordinate the operation can reach, each once. Fragments are followed from the operation
 * (an unused fragment selects nothing), so a field hidden in a fragment or behind an alias is still seen.
 * Meta fields (`__typename`, introspection) are left out: they reveal the schema, not anyone's data.
 */
export function collectFieldUses(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): FieldUse[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const uses = new Map<string, FieldUse>();
  const visited = new Set<string>();
  const pending: (OperationDefinitionNode | FragmentDefinitionNode)[] = [operation];
  while (pending.length > 0) {
    const node = pending.pop()!;
    const typeInfo = new TypeInfo(schema);
    visit(
      node,
      visitWithTypeInfo(typeInfo, {
        Field(field) {
          const parent = typeInfo.getParentType();
          const name = field.name.value;
          if (!parent || name.startsWith('__') || parent.name.startsWith('__')) return;
          const coordinate = `${parent.name}.${name}`;
          if (!uses.has(coordinate)) uses.set(coordinate, { coordinate, type: parent.name, field: name });
        },
        FragmentSpread(spread) {
          const name = spread.name.value;
          const fragment = fragments.get(name);
          if (fragment && !visited.has(name)) {
            visited.add(name);
            pending.push(fragment);
          }
        },
      }),
    );
  }
  return [...uses.values()];
}

/** The names of the fields an operation selects at its root, through fragments and inline fragments. */
export function rootFieldNames(document: DocumentNode, operation: OperationDefinitionNode): Set<string> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const names = new Set<string>();
  const seen = new Set<string>();
  const walk = (selections: OperationDefinitionNode['selectionSet']['selections']) => {
    for (const selection of selections) {
      if (selection.kind === Kind.FIELD) names.add(selection.name.value);
      else if (selection.kind === Kind.INLINE_FRAGMENT) walk(selection.selectionSet.selections);
      else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) walk(fragment.selectionSet.selections);
      }
    }
  };
  walk(operation.selectionSet.selections);
  return names;
}

/** Whether the operation asks only about the schema (`__schema`, `__type`, `__typename` at its root). */
export function isIntrospectionOnly(document: DocumentNode, operation: OperationDefinitionNode): boolean {
  return [...rootFieldNames(document, operation)].every((name) => name.startsWith('__'));
}
