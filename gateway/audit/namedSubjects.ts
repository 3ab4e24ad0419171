import { Kind, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode, type ValueNode } from 'graphql';
import type { AuditSubjectType } from '../../audit/subjectPseudonym';

/**
 * The data subjects an operation *named*: the identifiers its root fields look subjects up by
 * (`person(idNumber:)`, `enterprise(creditCode:)`, `account(accountNumber:)`, and a subject access report's
 * `idNumber`), from literals and variables, through aliases and fragments. An operation refused before any
 * agency answered returned no subjects; what it named is how the person's access report still finds it.
 */

/** A root-field argument of this name is a lookup of that subject by its key (the graph's @key fields). */
const IDENTIFIER_ARGUMENTS: Readonly<Record<string, AuditSubjectType>> = Object.freeze({
  idNumber: 'Person',
  creditCode: 'Enterprise',
  accountNumber: 'Account',
});

export interface NamedSubject {
  type: AuditSubjectType;
  /** As the subject's records hold it: trimmed, a resident ID's check character upper-case. */
  identifier: string;
}

/** At most this many per operation: the record stays bounded whatever the document holds (limits bound it earlier). */
const MAX_NAMED = 1_000;

export function namedSubjects(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | null | undefined,
): NamedSubject[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const found = new Map<string, NamedSubject>();
  const add = (type: AuditSubjectType, raw: unknown) => {
    const identifier = identifierText(raw, type);
    if (identifier !== undefined && found.size < MAX_NAMED) found.set(`${type}:${identifier}`, { type, identifier });
  };
  const visited = new Set<string>();
  // Root fields only: a lookup is a root field's argument; nested arguments (first, filter) are not lookups.
  const walk = (selectionSet: SelectionSetNode) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) walk(selection.selectionSet);
      else if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        // A fragment spread twice (or spreading itself, which validation refuses) is walked once.
        if (fragment && !visited.has(name)) {
          visited.add(name);
          walk(fragment.selectionSet);
        }
      } else {
        for (const argument of selection.arguments ?? []) {
          const type = IDENTIFIER_ARGUMENTS[argument.name.value];
          if (type) for (const value of valuesOf(argument.value, variables ?? {})) add(type, value);
        }
      }
    }
  };
  walk(operation.selectionSet);
  return [...found.values()];
}

/** The values an argument carries: a literal, a variable's value, or each element of a list of them. */
function valuesOf(node: ValueNode, variables: Record<string, unknown>): unknown[] {
  switch (node.kind) {
    case Kind.STRING:
    case Kind.INT:
      // An ID may be written as an integer literal: its digits are the node's text, never a lossy number.
      return [node.value];
    case Kind.VARIABLE: {
      const value = Object.hasOwn(variables, node.name.value) ? variables[node.name.value] : undefined;
      return Array.isArray(value) ? value : [value];
    }
    case Kind.LIST:
      return node.values.flatMap((value) => valuesOf(value, variables));
    default:
      return [];
  }
}

/** A usable identifier, or undefined: strings, and integers JSON parsing kept exact; nothing else names anyone. */
function identifierText(raw: unknown, type: AuditSubjectType): string | undefined {
  const text = typeof raw === 'string' ? raw.trim() : typeof raw === 'number' && Number.isSafeInteger(raw) ? String(raw) : undefined;
  if (text === undefined || text.length === 0 || text.length > 64) return undefined;
  return type === 'Person' ? text.toUpperCase() : text;
}
