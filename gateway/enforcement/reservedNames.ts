import { GraphQLError, type ASTVisitor, type NameNode, type ValidationContext, type ValidationRule } from 'graphql';
import { SUBJECT_MARKER, TYPENAME_MARKER } from './answerMarkers';

/**
 * Names a client document may not use, because the gateway gives them meaning in the answer:
 * - anything starting with `_govgraph` (case-insensitive): the markers the gateway adds to an operation
 *   (answerMarkers.ts: `_govgraphType`, `_govgraphSubject`) and any it adds later. A client alias of
 *   `_govgraphSubject` would otherwise decide which data subject the audit records;
 * - an alias starting with `__` on another field (`__typename: name`): the gateway reads `__typename`
 *   where it tells concrete types apart.
 * Checked on aliases, fields, operations, fragments and variables, so no fragment or variable hides one.
 */
export const RESERVED_PREFIX = '_govgraph';
export const GATEWAY_MARKERS: readonly string[] = Object.freeze([SUBJECT_MARKER, TYPENAME_MARKER]);

const reserved = (name: string) => name.toLowerCase().startsWith(RESERVED_PREFIX.toLowerCase());

export const reservedNamesRule: ValidationRule = (context: ValidationContext): ASTVisitor => {
  const refuse = (what: string, node: NameNode) =>
    context.reportError(
      new GraphQLError(`The ${what} "${node.value}" is reserved: names starting with ${RESERVED_PREFIX} are the gateway's own.`, {
        nodes: node,
        extensions: { code: 'RESERVED_NAME', name: node.value.slice(0, 64) },
      }),
    );
  return {
    OperationDefinition(node) {
      if (node.name && reserved(node.name.value)) refuse('operation name', node.name);
    },
    FragmentDefinition(node) {
      if (reserved(node.name.value)) refuse('fragment name', node.name);
    },
    VariableDefinition(node) {
      if (reserved(node.variable.name.value)) refuse('variable name', node.variable.name);
    },
    Field(node) {
      if (node.alias && reserved(node.alias.value)) refuse('alias', node.alias);
      else if (node.alias && node.alias.value.startsWith('__') && node.alias.value !== node.name.value) refuse('alias', node.alias);
      if (reserved(node.name.value)) refuse('field', node.name);
    },
  };
};
