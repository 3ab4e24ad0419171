import {
  isAbstractType,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type FieldNode,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';

/**
 * The response key under which the gateway asks for `__typename` where a selection's type is abstract
 * (a union or interface): masking needs the concrete type to pick `Person.name` or `Enterprise.name`,
 * and the client may not have asked for it. The marker is removed before the answer leaves.
 */
export const TYPENAME_MARKER = '_govgraphType';

const marker: FieldNode = {
  kind: Kind.FIELD,
  alias: { kind: Kind.NAME, value: TYPENAME_MARKER },
  name: { kind: Kind.NAME, value: '__typename' },
};

/** The document with the marker added to every selection set of an abstract type; the same document when there is none. */
export function withTypenameMarkers(schema: GraphQLSchema, document: DocumentNode): DocumentNode {
  const typeInfo = new TypeInfo(schema);
  return visit(
    document,
    visitWithTypeInfo(typeInfo, {
      SelectionSet: {
        leave(selectionSet: SelectionSetNode) {
          const type = typeInfo.getParentType();
          if (!type || !isAbstractType(type)) return undefined;
          return { ...selectionSet, selections: [...selectionSet.selections, marker] };
        },
      },
    }),
  );
}
