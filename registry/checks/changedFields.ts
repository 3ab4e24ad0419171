import { print, type DocumentNode, type FieldDefinitionNode } from 'graphql';
import { fieldDefinitions } from '../../policies';

/** A field the candidate SDL adds or changes compared with the served version of the same subgraph. */
export interface ChangedField {
  coordinate: string;
  change: 'added' | 'changed';
  /** The field's directives by name (e.g. sensitive, notPersonal, external). */
  directives: readonly string[];
}

type FieldMap = Map<string, { signature: string; directives: string[] }>;

/** The directives that say what a field holds. */
const PRIVACY_DIRECTIVES = new Set(['sensitive', 'notPersonal']);

/**
 * What a field holds, as classification sees it: its type and its privacy directives. Arguments,
 * descriptions and @deprecated change how it is asked for, not what it holds (the breaking-change check
 * judges those).
 */
function signatureOf(field: FieldDefinitionNode): string {
  const privacy = (field.directives ?? []).filter((directive) => PRIVACY_DIRECTIVES.has(directive.name.value)).map((directive) => print(directive));
  return `${print(field.type)} ${privacy.sort().join(' ')}`;
}

function fieldsOf(document: DocumentNode | undefined): FieldMap {
  const fields: FieldMap = new Map();
  if (!document) return fields;
  for (const { coordinate, field } of fieldDefinitions(document)) {
    fields.set(coordinate, {
      signature: signatureOf(field),
      directives: (field.directives ?? []).map((directive) => directive.name.value),
    });
  }
  return fields;
}

/**
 * The fields of object and interface types that `candidate` adds or changes (type or privacy
 * directives) against `served` (undefined: a subgraph published for the first time, every field is new).
 * Pure: a subgraph's SDL against its own previous version, so only what this agency changed is listed.
 */
export function changedFields(served: DocumentNode | undefined, candidate: DocumentNode): ChangedField[] {
  const before = fieldsOf(served);
  const changed: ChangedField[] = [];
  for (const [coordinate, field] of fieldsOf(candidate)) {
    const previous = before.get(coordinate);
    if (previous?.signature === field.signature) continue;
    changed.push({ coordinate, change: previous ? 'changed' : 'added', directives: field.directives });
  }
  return changed;
}
