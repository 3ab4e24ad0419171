import {
  isAbstractType,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';

/**
 * Every field an operation can reach, as the object-type coordinates execution could resolve it at, each
 * with the places it is selected — known before anything executes. Aliases, fragments and inline fragments
 * are seen through; `@skip`/`@include` are not read (a variable decides them, so a field under one counts
 * as selected, as the gateway counts it). A field selected on an interface or union member counts for each
 * object type that could answer it: an `_entities` item is of whatever type its representation names, so
 * the walk cannot rely on the representations to narrow it. Meta fields (`__typename`, introspection) are
 * left out: they reveal the schema, not anyone's data.
 * The selection of a field `stopAt` says is refused is not walked: execution would never reach it.
 */
export function selectedFields(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  stopAt: (coordinate: string) => boolean = () => false,
): Map<string, FieldNode[]> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const selected = new Map<string, FieldNode[]>();
  /** Records the field at `coordinate`; true when its selection is not to be walked. */
  const select = (coordinate: string, node: FieldNode): boolean => {
    const nodes = selected.get(coordinate);
    if (nodes) nodes.push(node);
    else selected.set(coordinate, [node]);
    return stopAt(coordinate);
  };
  // Each reachable fragment is walked once, under its own type condition: linear in the document however
  // often (or however deeply) it is spread.
  const visited = new Set<string>();
  const pending: (OperationDefinitionNode | FragmentDefinitionNode)[] = [operation];
  const typeInfo = new TypeInfo(schema);
  const visitor = visitWithTypeInfo(typeInfo, {
    Field(field) {
      const parent = typeInfo.getParentType();
      const name = field.name.value;
      if (!parent || name.startsWith('__') || parent.name.startsWith('__')) return;
      let stop = false;
      if (!isAbstractType(parent)) stop = select(`${parent.name}.${name}`, field);
      else {
        for (const type of schema.getPossibleTypes(parent)) {
          if (type.getFields()[name] && select(`${type.name}.${name}`, field)) stop = true;
        }
      }
      return stop ? false : undefined;
    },
    FragmentSpread(spread) {
      const name = spread.name.value;
      const fragment = fragments.get(name);
      if (fragment && !visited.has(name)) {
        visited.add(name);
        pending.push(fragment);
      }
    },
  });
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) visit(node, visitor);
  return selected;
}
