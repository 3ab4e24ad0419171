import { createHash } from 'node:crypto';
import {
  Kind,
  print,
  visit,
  type DefinitionNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type OperationTypeNode,
} from 'graphql';

/**
 * One named operation of a submitted document, as an agreement holds it: a document of its own with the
 * operation first and then the fragments it uses (directly or through other fragments, in the order they
 * appear in the submitted document), printed by graphql-js `print`. That printed text is what the SHA-256
 * is of; an application sends it as is, or its hash as the document id (README, "Data-sharing agreements").
 */
export interface OperationDocument {
  name: string;
  type: OperationTypeNode;
  /** The exact text the hash is of. */
  document: string;
  /** SHA-256 lower-case hex of `document`. */
  documentHash: string;
  /** The variables the operation declares, in declaration order (without `$`). */
  variables: string[];
  /** The document parsed, for the decision view. */
  ast: DocumentNode;
  operation: OperationDefinitionNode;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The fragments `root` uses, transitively, in the order they are defined in `document`. */
function fragmentsUsedBy(root: DefinitionNode, fragments: ReadonlyMap<string, FragmentDefinitionNode>, order: readonly FragmentDefinitionNode[]): FragmentDefinitionNode[] {
  const used = new Set<string>();
  const pending: DefinitionNode[] = [root];
  while (pending.length > 0) {
    const next = pending.pop()!;
    visit(next, {
      FragmentSpread(node) {
        const name = node.name.value;
        const fragment = fragments.get(name);
        if (!used.has(name) && fragment) {
          used.add(name);
          pending.push(fragment);
        }
      },
    });
  }
  return order.filter((fragment) => used.has(fragment.name.value));
}

/**
 * Every operation of a parsed (and validated) document as a document of its own. Anonymous operations
 * have no name to agree on: the caller refuses them before (submission.ts).
 */
export function splitOperations(document: DocumentNode): OperationDocument[] {
  const fragmentList = document.definitions.filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION);
  const fragments = new Map(fragmentList.map((fragment) => [fragment.name.value, fragment]));
  return document.definitions
    .filter((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION)
    .map((operation) => {
      const ast: DocumentNode = { kind: Kind.DOCUMENT, definitions: [operation, ...fragmentsUsedBy(operation, fragments, fragmentList)] };
      const text = print(ast);
      return {
        name: operation.name?.value ?? '',
        type: operation.operation,
        document: text,
        documentHash: sha256Hex(text),
        variables: (operation.variableDefinitions ?? []).map((definition) => definition.variable.name.value),
        ast,
        operation,
      };
    });
}
