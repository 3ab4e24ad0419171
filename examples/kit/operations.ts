import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Kind, parse, print, visit, type DefinitionNode, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';

/** One named operation of an application's operations file, as the gateway knows it once agreed. */
export interface AgreedDocument {
  name: string;
  /** The exact text its agreement holds: the operation, then the fragments it uses, printed by graphql-js. */
  text: string;
  /** `sha256:<hex>` of `text`: what the application sends instead of the text. */
  documentId: string;
}

/**
 * Reads an operations file and gives each named operation its own document, the way a sharing request
 * stores it (README, "Data-sharing agreements"): the operation first, then the fragments it uses
 * (transitively, in file order), printed by graphql-js `print`. The SHA-256 of that text is the id the
 * application sends; any other text — even the same query with an alias or a fragment moved — is
 * another document, which no agreement covers.
 */
export function readOperations(file: string): Map<string, AgreedDocument> {
  const source = readFileSync(file, 'utf8');
  return splitOperations(parse(source));
}

export function splitOperations(document: DocumentNode): Map<string, AgreedDocument> {
  const fragmentList = document.definitions.filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION);
  const fragments = new Map(fragmentList.map((fragment) => [fragment.name.value, fragment]));
  const operations = new Map<string, AgreedDocument>();
  for (const operation of document.definitions.filter((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION)) {
    if (!operation.name) throw new Error('every operation of an operations file needs a name: the agreement names it');
    const used = usedFragments(operation, fragments);
    const text = print({ kind: Kind.DOCUMENT, definitions: [operation, ...fragmentList.filter((fragment) => used.has(fragment.name.value))] });
    operations.set(operation.name.value, { name: operation.name.value, text, documentId: `sha256:${createHash('sha256').update(text, 'utf8').digest('hex')}` });
  }
  return operations;
}

function usedFragments(root: DefinitionNode, fragments: ReadonlyMap<string, FragmentDefinitionNode>): Set<string> {
  const used = new Set<string>();
  const pending: DefinitionNode[] = [root];
  while (pending.length > 0) {
    visit(pending.pop()!, {
      FragmentSpread(node) {
        const fragment = fragments.get(node.name.value);
        if (fragment && !used.has(node.name.value)) {
          used.add(node.name.value);
          pending.push(fragment);
        }
      },
    });
  }
  return used;
}
