import { GraphQLError, type ValidationContext, type ValidationRule } from 'graphql';

/**
 * Refuses an operation whose root type the graph does not have. graphql-js 16 does not check that an
 * operation's root type exists (the query planner then fails, as an internal error); this rule refuses
 * such an operation while it is validated, as the client's mistake.
 *
 * The graph has no subscription type, so subscriptions are always refused here. Its one mutation is the
 * audit review's `reviewAuditEvent`: validation lets a mutation through, and the purpose's decision
 * (step 3) refuses it to every purpose but audit-review, as FORBIDDEN_FIELDS — its result type is covered
 * by audit-review alone — before any agency is asked, and audited like any operation.
 */
export const readOnlyGraphRule: ValidationRule = (context: ValidationContext) => ({
  OperationDefinition(operation) {
    if (context.getSchema().getRootType(operation.operation)) return;
    context.reportError(
      new GraphQLError(`This graph does not answer ${operation.operation}s.`, { nodes: [operation] }),
    );
  },
});
