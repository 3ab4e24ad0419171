import { GraphQLError, type ValidationContext, type ValidationRule } from 'graphql';

/**
 * The graph is read-only: it has no mutation or subscription type. graphql-js 16 does not check that an
 * operation's root type exists (the query planner then fails, as an internal error); this rule refuses
 * such an operation while it is validated, as the client's mistake.
 */
export const readOnlyGraphRule: ValidationRule = (context: ValidationContext) => ({
  OperationDefinition(operation) {
    if (context.getSchema().getRootType(operation.operation)) return;
    context.reportError(
      new GraphQLError(`This graph is read-only: it answers queries, not ${operation.operation}s.`, { nodes: [operation] }),
    );
  },
});
