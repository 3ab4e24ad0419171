import { isObjectType, Kind, parse, print, type DocumentNode, type GraphQLSchema } from 'graphql';
import { fieldCoordinateOf, isSensitiveKind, readClassification, type FieldCoordinate, type SensitiveKind } from '@govgraph/policies';

/**
 * A subgraph's own fields as the decision point's input: every field of every object type, with the
 * `@sensitive` kind its SDL gives it, and whether it must stay reachable whatever the purpose.
 */
export interface SubgraphField {
  readonly coordinate: FieldCoordinate;
  /**
   * `federation`: the gateway's plumbing (`_service`, `_entities`, `_Service.sdl`).
   * `entity-key`: a `@key` field; the gateway fetches keys to join across agencies even where the client
   * cannot see them (it masks or refuses them in the answer), so refusing keys here would break joins
   * the gateway already decided to allow.
   */
  readonly alwaysReachable?: 'federation' | 'entity-key';
}

const FEDERATION_FIELDS: ReadonlySet<string> = new Set(['Query._service', 'Query._entities', '_Service.sdl']);

/** `Type.field` → kind, from the subgraph's own SDL. An unknown kind stops the subgraph at start-up. */
export function classificationOf(typeDefs: DocumentNode): ReadonlyMap<string, SensitiveKind> {
  const classification = new Map<string, SensitiveKind>();
  for (const [coordinate, kind] of readClassification(print(typeDefs))) {
    if (!isSensitiveKind(kind)) throw new Error(`${coordinate} is classified @sensitive(kind: "${kind}"), which is not a known kind`);
    classification.set(coordinate, kind);
  }
  return classification;
}

/** The `@key(fields: …)` fields of the SDL's entity types, as `Type.field` (keys here are flat field lists). */
export function entityKeyFields(typeDefs: DocumentNode): ReadonlySet<string> {
  const keys = new Set<string>();
  for (const definition of typeDefs.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    for (const directive of definition.directives ?? []) {
      if (directive.name.value !== 'key') continue;
      const fields = directive.arguments?.find((argument) => argument.name.value === 'fields')?.value;
      if (fields?.kind !== Kind.STRING) continue;
      const [operation] = parse(`{ ${fields.value} }`).definitions;
      if (operation?.kind !== Kind.OPERATION_DEFINITION) continue;
      for (const selection of operation.selectionSet.selections) {
        if (selection.kind === Kind.FIELD) keys.add(`${definition.name.value}.${selection.name.value}`);
      }
    }
  }
  return keys;
}

/** Every field of every object type of the built subgraph schema (introspection types aside). */
export function subgraphFields(schema: GraphQLSchema, typeDefs: DocumentNode): SubgraphField[] {
  const classification = classificationOf(typeDefs);
  const keys = entityKeyFields(typeDefs);
  const fields: SubgraphField[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const name = `${type.name}.${field.name}`;
      const coordinate = fieldCoordinateOf(type, field, classification.get(name));
      const alwaysReachable = FEDERATION_FIELDS.has(name) ? 'federation' : keys.has(name) ? 'entity-key' : undefined;
      fields.push(alwaysReachable ? { coordinate, alwaysReachable } : { coordinate });
    }
  }
  return fields;
}
