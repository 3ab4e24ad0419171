import type { SensitiveKind } from './kinds';

/**
 * One field of an operation as the enforcement point describes it to the decision point: the input of
 * `decide`. Everything is plain data so the gateway (from the supergraph) and a subgraph (from its own
 * schema) can build it alike.
 */
export interface FieldCoordinate {
  /** The parent type: an object or interface type name, e.g. `Person`, or a root type such as `Query`. */
  readonly type: string;
  readonly field: string;
  /** The `@sensitive(kind: …)` classification of `type.field`, if any. */
  readonly kind?: SensitiveKind;
  /** The named return type, lists and non-null unwrapped: `Account` for `[Account!]!`. */
  readonly returnType: string;
  /** Whether the return type is an object, interface or union type (something one selects fields of). */
  readonly returnTypeIsObject: boolean;
  /** The leaf type name (String, ID, Float, Int, Boolean, or an enum/custom scalar) when the field is a leaf. */
  readonly scalar?: string;
  /** Whether a mask may write null where it writes: for a list, whether its elements are nullable. */
  readonly nullable: boolean;
}

/** The schema coordinate `Type.field`: the key of field rules, audit entries and error lists. */
export function coordinateOf(field: { readonly type: string; readonly field: string }): string {
  return `${field.type}.${field.field}`;
}

/** Splits `Type.field`; undefined when the text is not a well-formed field coordinate. */
export function parseCoordinate(coordinate: string): { type: string; field: string } | undefined {
  const match = /^([_A-Za-z][_0-9A-Za-z]*)\.([_A-Za-z][_0-9A-Za-z]*)$/.exec(coordinate);
  if (!match) return undefined;
  return { type: match[1] as string, field: match[2] as string };
}

/** Root operation types: always covered, so a purpose's entry points are decided by what they return. */
export const ROOT_TYPES: readonly string[] = Object.freeze(['Query', 'Mutation', 'Subscription']);
