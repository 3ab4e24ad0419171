import {
  getNamedType,
  isAbstractType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/**
 * Every field an operation can reach, as the object-type coordinates execution could resolve it at, each
 * with the places it is selected — known before anything executes. Aliases, fragments and inline fragments
 * are seen through; `@skip`/`@include` are not read (a variable decides them, so a field under one counts
 * as selected, as the gateway counts it). The walk carries the object types a selection could be answered
 * by: a field on an interface or union member counts for each of them that the enclosing selection allows,
 * and an `_entities` item may be of any entity type (its representation names one), so every `... on T`
 * beneath it counts. Meta fields (`__typename`, introspection) are left out: they reveal the schema, not
 * anyone's data. The selection of a field `stopAt` says is refused is not walked: execution would never
 * reach it.
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
  const objectTypes = (type: GraphQLNamedType | undefined | null): readonly GraphQLObjectType[] =>
    !type ? [] : isAbstractType(type) ? schema.getPossibleTypes(type) : isObjectType(type) ? [type] : [];
  const within = (types: readonly GraphQLObjectType[], condition: string | undefined) => {
    if (condition === undefined) return types;
    const allowed = new Set(objectTypes(schema.getType(condition)));
    return types.filter((type) => allowed.has(type));
  };
  // A fragment is walked once per set of types it is spread under: linear in the document however often
  // (or however deeply) it is spread, where walking every spread would be exponential.
  const walked = new Set<string>();

  const walk = (selectionSet: SelectionSetNode, types: readonly GraphQLObjectType[]): void => {
    if (types.length === 0) return;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet, within(types, selection.typeCondition?.name.value));
      } else if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        if (!fragment) continue;
        const under = within(types, fragment.typeCondition.name.value);
        const key = `${fragment.name.value}:${under.map((type) => type.name).join(',')}`;
        if (walked.has(key)) continue;
        walked.add(key);
        walk(fragment.selectionSet, under);
      } else {
        const name = selection.name.value;
        if (name.startsWith('__')) continue;
        const children = new Set<GraphQLObjectType>();
        let stop = false;
        for (const type of types) {
          const field = type.getFields()[name];
          if (!field) continue;
          if (select(`${type.name}.${name}`, selection)) stop = true;
          for (const child of objectTypes(getNamedType(field.type))) children.add(child);
        }
        if (!stop && selection.selectionSet) walk(selection.selectionSet, [...children]);
      }
    }
  };
  walk(operation.selectionSet, objectTypes(schema.getRootType(operation.operation)));
  return selected;
}
