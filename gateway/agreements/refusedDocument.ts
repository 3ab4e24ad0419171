import { parse, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import { DEFAULT_OPERATION_LIMITS } from '../limits/operationLimits';
import { selectedOperation } from '../enforcement/fieldCoordinates';

/**
 * The document an application sent and step 3 refused, parsed for its audit record — within the token
 * limit, so a hostile text costs no more here than at Apollo's parser. Refused before Apollo parses it,
 * the record would otherwise hold only a keyed hash of the text; parsed, it also holds the subjects the
 * operation named (`person(idNumber: …)`), so a subject access report finds an application's attempt on
 * the person. Undefined when the text does not parse (the record then keeps the hash).
 */
export function refusedDocument(query: unknown, operationName: unknown): { document: DocumentNode; operation: OperationDefinitionNode } | undefined {
  if (typeof query !== 'string' || query === '') return undefined;
  try {
    const document = parse(query, { maxTokens: DEFAULT_OPERATION_LIMITS.maxTokens, noLocation: true });
    const operation = selectedOperation(document, typeof operationName === 'string' ? operationName : undefined);
    return operation ? { document, operation } : undefined;
  } catch {
    return undefined;
  }
}
