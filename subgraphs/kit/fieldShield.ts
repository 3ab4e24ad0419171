import type { ApolloServerPlugin, GraphQLResponse } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import type { DocumentNode, GraphQLError, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import { forbiddenField, refusalReason, type FieldShieldTable } from './deniedFields';
import { selectedFields } from './selectedFields';

/**
 * The field shield: defence in depth behind the gateway. The gateway already refused any operation
 * touching a denied field; the agency refuses it again, from the same policies, so it does not rely on
 * the gateway alone for what leaves its database. The decision is made once per operation, before
 * execution, from the fields the operation selects (selectedFields.ts) and the purpose's denials worked
 * out at start-up (deniedFields.ts): an operation that selects a denied field anywhere is refused whole —
 * as the gateway refuses it — and no resolver runs, so no statement reaches the database. An operation
 * that passes executes unwrapped: the check costs one walk of the document, not a promise per field.
 */

/**
 * The refusals of one operation for `purpose`: an error for each denied coordinate it selects, in the order
 * it selects them, locating every place it does — but not for fields beneath a refused one, which execution
 * would never have reached (what graphql-shield named, field by field, before). None: it may run.
 */
export function operationRefusals(
  table: FieldShieldTable,
  purpose: string | undefined,
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
): GraphQLError[] {
  const refused = (coordinate: string) => refusalReason(table, purpose, coordinate) !== undefined;
  const refusals: GraphQLError[] = [];
  for (const [coordinate, nodes] of selectedFields(schema, document, operation, refused)) {
    const reason = refusalReason(table, purpose, coordinate);
    if (reason !== undefined) refusals.push(forbiddenField(coordinate, reason, nodes));
  }
  return refusals;
}

/** The answer to a refused operation: 200 like any GraphQL error answer, no `data` (nothing executed). */
function refusal(errors: readonly GraphQLError[]): GraphQLResponse {
  return {
    http: { status: 200, headers: new HeaderMap() },
    // Built here, not by the error formatter (Apollo does not format a plugin's response): exactly what
    // errors.ts keeps of a FORBIDDEN error — message, locations, code and coordinate.
    body: { kind: 'single', singleResult: { errors: errors.map((error) => error.toJSON()) } },
  };
}

/** The Apollo Server plugin; list it first, so no other plugin answers an operation before it is checked. */
export function fieldShieldPlugin<Context extends { access: { purpose: string } }>(table: FieldShieldTable): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      let refused: GraphQLError[] | undefined;
      return {
        async didResolveOperation({ schema, document, operation, contextValue }) {
          // Apollo resolves the operation before this hook; without one there is nothing to admit.
          if (!operation) throw new Error('no operation to check');
          refused = operationRefusals(table, contextValue.access.purpose, schema, document, operation);
        },
        async responseForOperation() {
          return refused && refused.length > 0 ? refusal(refused) : null;
        },
        async executionDidStart() {
          // Unreachable while this plugin is first; should another answer first, nothing refused executes.
          if (refused === undefined || refused.length > 0) throw new Error('the field shield did not admit this operation');
        },
      };
    },
  };
}
