import { GraphQLError, type DocumentNode, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import { allow, and, deny, rule, shield, type IRules } from 'graphql-shield';
import type { AccessContext } from '../../identity/accessContext';
import { coordinateOf, decideField, type DenyDecision, type Purpose } from '../../policies';
import { subgraphFields, type SubgraphField } from './subgraphFields';

/**
 * graphql-shield in the subgraph: defence in depth behind the gateway. The gateway already refused any
 * operation touching a denied field; this refuses it again here, from the same policies, so an agency does
 * not rely on the gateway alone for what leaves its database. Allow and mask both pass the shield: masked
 * fields are masked as the answer leaves the agency (agencyMasks.ts), and again by the gateway.
 */

/** Purpose name → the coordinates it denies in this subgraph, with the decision saying why. */
export type DeniedFields = ReadonlyMap<string, ReadonlyMap<string, DenyDecision>>;

/** Decisions are pure, so each purpose's denials are worked out once, at start-up; a request only looks them up. */
export function deniedFieldsByPurpose(fields: readonly SubgraphField[], purposes: readonly Purpose[]): DeniedFields {
  const table = new Map<string, ReadonlyMap<string, DenyDecision>>();
  for (const purpose of purposes) {
    const denied = new Map<string, DenyDecision>();
    for (const field of fields) {
      if (field.alwaysReachable) continue;
      const decision = decideField(purpose, field.coordinate);
      if (decision.effect === 'deny') denied.set(decision.coordinate, decision);
    }
    table.set(purpose.name, denied);
  }
  return table;
}

/** The error a refused field resolves to: FORBIDDEN, naming the coordinate, the reason in the message. */
export function forbiddenField(coordinate: string, reason: string): GraphQLError {
  return new GraphQLError(reason, { extensions: { code: 'FORBIDDEN', coordinate } });
}

/** graphql-shield's rule type (its typings do not export it by name). */
type ShieldRule = ReturnType<ReturnType<typeof and>['getRules']>[number];

interface ShieldContext {
  access?: AccessContext;
}

function policyRule(coordinate: string, denied: DeniedFields) {
  // no_cache: the answer is one Map lookup; shield's cache would cost more than it saves.
  return rule(`policy(${coordinate})`, { cache: 'no_cache' })((_parent, _args, ctx: ShieldContext) => {
    const purpose = ctx.access?.purpose;
    const deniedToPurpose = purpose === undefined ? undefined : denied.get(purpose);
    // The kit admits only known purposes; should one slip through, nothing is served (fail closed).
    if (deniedToPurpose === undefined) return forbiddenField(coordinate, `No known purpose in the access context, so ${coordinate} is denied.`);
    const decision = deniedToPurpose.get(coordinate);
    return decision === undefined ? true : forbiddenField(coordinate, decision.reason);
  });
}

/**
 * The rule tree: a rule for every field of every object type, generated from the subgraph's own schema.
 * `__typename` never reaches middleware (graphql-js answers it itself), and the policies allow it anyway.
 */
export function fieldRules(fields: readonly SubgraphField[], denied: DeniedFields): IRules {
  const tree: Record<string, Record<string, ShieldRule>> = {};
  for (const field of fields) {
    const coordinate = coordinateOf(field.coordinate);
    const byField = (tree[field.coordinate.type] ??= {});
    byField[field.coordinate.field] = field.alwaysReachable ? allow : policyRule(coordinate, denied);
  }
  return tree;
}

/** The subgraph schema behind the shield: rules from `purposes`' decisions over the schema's own fields. */
export function applyFieldShield(schema: GraphQLSchema, typeDefs: DocumentNode, purposes: readonly Purpose[]): GraphQLSchema {
  const fields = subgraphFields(schema, typeDefs);
  const permissions = shield(fieldRules(fields, deniedFieldsByPurpose(fields, purposes)), {
    // A field the tree does not name (none today: the tree is generated) is refused.
    fallbackRule: deny,
    allowExternalErrors: false,
    debug: false,
    fallbackError: (thrown: unknown, _parent: unknown, _args: unknown, _ctx: unknown, info: GraphQLResolveInfo) => {
      // Shield routes a resolver's own error here too (a bad cursor, a lost database). It passes through
      // unchanged to the kit's error formatter, which keeps client errors and turns everything else into
      // INTERNAL_SERVER_ERROR; only a rule that said no (`thrown` null) becomes FORBIDDEN.
      if (thrown instanceof Error) return thrown;
      if (thrown !== null && thrown !== undefined) return new Error('a resolver threw a value that is not an Error');
      const coordinate = `${info.parentType.name}.${info.fieldName}`;
      return forbiddenField(coordinate, `${coordinate} is not permitted by this agency's field rules.`);
    },
  });
  return applyMiddleware(schema, permissions);
}
