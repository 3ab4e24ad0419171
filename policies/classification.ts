import { Kind, parse, type ConstDirectiveNode, type DocumentNode, type FieldDefinitionNode } from 'graphql';

/** `Type.field` → the kind its owning agency classified it as, e.g. `Person.phone` → `PHONE`. */
export type Classification = ReadonlyMap<string, string>;

/** `Type.field` → why its owning agency declared it holds no personal data (`@notPersonal(reason:)`). */
export type NotPersonalMarks = ReadonlyMap<string, string>;

/**
 * Reads the `@sensitive(kind: …)` classification from the supergraph SDL. It must be the supergraph:
 * the gateway's API schema drops composed directives. (A subgraph's SDL reads the same way.)
 */
export function readClassification(sdl: string | DocumentNode): Classification {
  return readFieldDirective(sdl, 'sensitive', 'kind');
}

/** Reads the `@notPersonal(reason: …)` marks, from a supergraph or a subgraph SDL. */
export function readNotPersonal(sdl: string | DocumentNode): NotPersonalMarks {
  return readFieldDirective(sdl, 'notPersonal', 'reason');
}

/** `Type.field` → the string argument `argument` of directive `@name` on that field, for every field that has it. */
function readFieldDirective(sdl: string | DocumentNode, name: string, argument: string): Map<string, string> {
  const marks = new Map<string, string>();
  for (const { coordinate, field } of fieldDefinitions(typeof sdl === 'string' ? parse(sdl) : sdl)) {
    const value = stringArgument(field.directives ?? [], name, argument);
    if (value !== undefined) marks.set(coordinate, value);
  }
  return marks;
}

/** Every field an SDL defines on object and interface types (extensions included), with its `Type.field`. */
export function* fieldDefinitions(document: DocumentNode): Generator<{ coordinate: string; field: FieldDefinitionNode }> {
  for (const definition of document.definitions) {
    if (
      definition.kind !== Kind.OBJECT_TYPE_DEFINITION &&
      definition.kind !== Kind.OBJECT_TYPE_EXTENSION &&
      definition.kind !== Kind.INTERFACE_TYPE_DEFINITION &&
      definition.kind !== Kind.INTERFACE_TYPE_EXTENSION
    ) {
      continue;
    }
    for (const field of definition.fields ?? []) yield { coordinate: `${definition.name.value}.${field.name.value}`, field };
  }
}

function stringArgument(directives: readonly ConstDirectiveNode[], name: string, argument: string): string | undefined {
  const directive = directives.find((candidate) => candidate.name.value === name);
  const value = directive?.arguments?.find((arg) => arg.name.value === argument)?.value;
  return value?.kind === Kind.STRING ? value.value : undefined;
}
