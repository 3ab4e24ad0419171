import { Kind, parse, type ConstDirectiveNode } from 'graphql';

/** `Type.field` → the kind its owning agency classified it as, e.g. `Person.phone` → `PHONE`. */
export type Classification = ReadonlyMap<string, string>;

/**
 * Reads the `@sensitive(kind: …)` classification from the supergraph SDL. It must be the supergraph:
 * the gateway's API schema drops composed directives.
 */
export function readClassification(supergraphSdl: string): Classification {
  const classification = new Map<string, string>();
  for (const definition of parse(supergraphSdl).definitions) {
    if (
      definition.kind !== Kind.OBJECT_TYPE_DEFINITION &&
      definition.kind !== Kind.OBJECT_TYPE_EXTENSION &&
      definition.kind !== Kind.INTERFACE_TYPE_DEFINITION
    ) {
      continue;
    }
    for (const field of definition.fields ?? []) {
      const kind = sensitiveKind(field.directives ?? []);
      if (kind) classification.set(`${definition.name.value}.${field.name.value}`, kind);
    }
  }
  return classification;
}

function sensitiveKind(directives: readonly ConstDirectiveNode[]): string | undefined {
  const sensitive = directives.find((directive) => directive.name.value === 'sensitive');
  const argument = sensitive?.arguments?.find((arg) => arg.name.value === 'kind');
  return argument?.value.kind === Kind.STRING ? argument.value.value : undefined;
}
