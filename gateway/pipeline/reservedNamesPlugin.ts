import type { ApolloServerPlugin } from '@apollo/server';
import { validate } from 'graphql';
import type { GatewayContext } from '../context';
import { reservedNamesRule } from '../enforcement/reservedNames';
import { gatewayError } from '../errors';

/**
 * Runs the reserved-names validation rule (enforcement/reservedNames.ts) once the document is valid,
 * before anything is decided or planned, and refuses with its own code: Apollo would report a rule in
 * `validationRules` as GRAPHQL_VALIDATION_FAILED. The refusal is audited like any other.
 */
export function reservedNamesPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, contextValue }) {
          const [first, ...more] = validate(schema, document, [reservedNamesRule]);
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
