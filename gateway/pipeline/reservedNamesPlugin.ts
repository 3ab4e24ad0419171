import type { ApolloServerPlugin } from '@apollo/server';
import { validate, type DocumentNode, type GraphQLError, type GraphQLSchema } from 'graphql';
import type { GatewayContext } from '../context';
import { reservedNamesRule } from '../enforcement/reservedNames';
import { gatewayError } from '../errors';

/**
 * Runs the reserved-names validation rule (enforcement/reservedNames.ts) once the document is valid,
 * before anything is decided or planned, and refuses with its own code: Apollo would report a rule in
 * `validationRules` as GRAPHQL_VALIDATION_FAILED. The refusal is audited like any other. The rule's
 * verdict depends on the schema and the document only, and Apollo hands the same parsed document to every
 * request with the same query text (its document store): each document is checked once per schema.
 */
export function reservedNamesPlugin(): ApolloServerPlugin<GatewayContext> {
  const verdicts = new WeakMap<DocumentNode, { schema: GraphQLSchema; errors: readonly GraphQLError[] }>();
  const check = (schema: GraphQLSchema, document: DocumentNode) => {
    const known = verdicts.get(document);
    if (known?.schema === schema) return known.errors;
    const errors = validate(schema, document, [reservedNamesRule]);
    verdicts.set(document, { schema, errors });
    return errors;
  };
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, contextValue }) {
          const [first, ...more] = check(schema, document);
          if (!first) return;
          contextValue.refused = 'RESERVED_NAME';
          throw gatewayError('RESERVED_NAME', more.length > 0 ? `${first.message} (and ${more.length} more)` : first.message, {
            name: first.extensions.name,
          });
        },
      };
    },
  };
}
