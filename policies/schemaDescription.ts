import {
  getNamedType,
  isCompositeType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isUnionType,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';
import type { FieldCoordinate } from './coordinates';
import type { SensitiveKind } from './kinds';

/** What validation and the policy document need to know about a field. */
export interface FieldInfo {
  readonly kind?: SensitiveKind;
  /** The named return type, lists and non-null unwrapped. */
  readonly returnType: string;
  readonly returnTypeIsObject: boolean;
  /** The leaf type name when the field returns a scalar or enum. */
  readonly scalar?: string;
  /** Whether a mask may write null where it writes (for a list: its elements). */
  readonly nullable: boolean;
}

/**
 * The graph as plain data: composite types (objects, interfaces; unions with no fields) to their fields.
 * `unmatchedClassifications` lists classified coordinates the schema does not have.
 */
export interface SchemaDescription {
  readonly types: ReadonlyMap<string, ReadonlyMap<string, FieldInfo>>;
  readonly unmatchedClassifications?: readonly string[];
}

/** Whether the innermost value a field returns (a list's elements) may be null. */
function innermostNullable(type: GraphQLOutputType): boolean {
  let current: GraphQLOutputType = type;
  for (;;) {
    const nullable = !isNonNullType(current);
    const inner = isNonNullType(current) ? current.ofType : current;
    if (!isListType(inner)) return nullable;
    current = inner.ofType;
  }
}

/** A graphql-js field as the decision point's input; the gateway can build its per-operation input with it. */
export function fieldCoordinateOf(
  parentType: GraphQLCompositeType,
  field: GraphQLField<unknown, unknown>,
  kind?: SensitiveKind,
): FieldCoordinate {
  const named = getNamedType(field.type);
  return {
    type: parentType.name,
    field: field.name,
    ...(kind === undefined ? {} : { kind }),
    returnType: named.name,
    returnTypeIsObject: isCompositeType(named),
    ...(isLeafType(named) ? { scalar: named.name } : {}),
    nullable: innermostNullable(field.type),
  };
}

/**
 * Describes a graphql-js schema (the API schema of the supergraph, or a subgraph's) together with the
 * classification read from its `@sensitive` directives, keyed `Type.field`.
 */
export function describeSchema(
  schema: GraphQLSchema,
  classification: ReadonlyMap<string, SensitiveKind>,
): SchemaDescription {
  const types = new Map<string, Map<string, FieldInfo>>();
  const seen = new Set<string>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (isUnionType(type)) {
      types.set(type.name, new Map());
      continue;
    }
    if (!isObjectType(type) && !isInterfaceType(type)) continue;
    const fields = new Map<string, FieldInfo>();
    for (const field of Object.values(type.getFields())) {
      const coordinate = `${type.name}.${field.name}`;
      const kind = classification.get(coordinate);
      if (kind !== undefined) seen.add(coordinate);
      const { type: _type, field: _field, ...info } = fieldCoordinateOf(type, field, kind);
      fields.set(field.name, info);
    }
    types.set(type.name, fields);
  }
  const unmatched = [...classification.keys()].filter((coordinate) => !seen.has(coordinate));
  return { types, unmatchedClassifications: unmatched };
}
