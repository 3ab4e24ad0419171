import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, valueFromASTUntyped, type OperationDefinitionNode } from 'graphql';
import { applyMask, coordinateOf, decideField, maskAnswer, type FieldCoordinate, type MaskStrategyName, type Purpose } from '@govgraph/policies';
import type { SubgraphField } from './subgraphFields';
import { logInternalError } from './internalErrorLog';

/**
 * The agency masks what the purpose masks before it answers (defence in depth): the gateway masks the
 * client's answer again, but what leaves the agency is already masked, so a context that reached the agency
 * some other way would still read masked values. Two kinds of field pass as they are, left to the gateway:
 * - `@key` fields (and the federation plumbing): the gateway's query planner joins entities across agencies
 *   by their keys and names the answer's data subjects by them (its subject marker aliases a key), so a key
 *   must reach it in clear. What protects them here is the access context: minted by the gateway for this
 *   one planned operation, used once.
 * - `pseudonym` fields: a pseudonym is a keyed HMAC and not idempotent (masking one again gives another), and
 *   the key must stay with the gateway — an agency holding it could recompute the pseudonym of every person
 *   in its own tables and so re-identify a pseudonymised answer, which is what the mask exists to prevent.
 * Every other strategy is idempotent (masking a masked value gives it back: policies/masks), so the
 * gateway's second pass changes nothing.
 */

/** Strategies an agency leaves to the gateway (see above). */
const GATEWAY_ONLY_STRATEGIES: ReadonlySet<MaskStrategyName> = new Set(['pseudonym']);

interface AgencyMask {
  readonly strategy: MaskStrategyName;
  readonly field: FieldCoordinate;
}

/** Purpose name → coordinate → the mask the agency applies. */
export type AgencyMaskTable = ReadonlyMap<string, ReadonlyMap<string, AgencyMask>>;

/** Decisions are pure, so each purpose's masks are worked out once, at start-up; an operation only looks them up. */
export function agencyMaskTable(fields: readonly SubgraphField[], purposes: readonly Purpose[]): AgencyMaskTable {
  const table = new Map<string, ReadonlyMap<string, AgencyMask>>();
  for (const purpose of purposes) {
    const masks = new Map<string, AgencyMask>();
    for (const field of fields) {
      if (field.alwaysReachable) continue;
      const decision = decideField(purpose, field.coordinate);
      if (decision.effect === 'mask' && !GATEWAY_ONLY_STRATEGIES.has(decision.strategy)) {
        masks.set(coordinateOf(field.coordinate), { strategy: decision.strategy, field: field.coordinate });
      }
    }
    table.set(purpose.name, masks);
  }
  return table;
}

/**
 * `_entities` answers carry no `__typename` (the planner does not ask for it), yet its items are of the
 * abstract `_Entity`: item i is of the type of representation i, which the request states.
 */
function entityTypes(operation: OperationDefinitionNode, data: Record<string, unknown>, variables: Record<string, unknown>) {
  const types = new WeakMap<object, string>();
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD || selection.name.value !== '_entities') continue;
    const argument = selection.arguments?.find((candidate) => candidate.name.value === 'representations');
    const representations: unknown = argument ? valueFromASTUntyped(argument.value, variables) : undefined;
    const items = data[selection.alias?.value ?? '_entities'];
    if (!Array.isArray(representations) || !Array.isArray(items)) continue;
    items.forEach((item, index) => {
      const typename = (representations[index] as { __typename?: unknown } | undefined)?.__typename;
      if (item !== null && typeof item === 'object' && typeof typename === 'string') types.set(item, typename);
    });
  }
  return types;
}

/** The Apollo Server plugin that masks every answer of the subgraph, once, as it is sent. */
export function agencyMaskPlugin<Context extends { access: { purpose: string; caseVerification?: true } }>(agency: string, table: AgencyMaskTable): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, document, operation, schema, request, contextValue }) {
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          if (!result.data || !document || !operation) return;
          // The gateway's own case verification (signed as such, bound to its one query): it reads the case's
          // subjects to bound the operation and to mask their names in narratives; nothing of it reaches a client.
          if (contextValue.access.caseVerification === true) return;
          const masks = table.get(contextValue.access.purpose);
          try {
            // The gate admits known purposes only; should another slip through, nothing is answered (fail closed).
            if (!masks) throw new Error(`no masks for purpose ${contextValue.access.purpose}`);
            if (masks.size === 0) return;
            const types = entityTypes(operation, result.data, request.variables ?? {});
            maskAnswer({
              schema,
              document,
              operation,
              data: result.data,
              strategyFor: (coordinate) => masks.get(coordinate)?.strategy,
              typeOf: (value) => types.get(value),
              mask: (strategy, value, coordinate) => {
                const field = masks.get(coordinate)?.field;
                return applyMask(strategy, value, {
                  kind: field?.kind,
                  scalar: field?.scalar ?? 'String',
                  nullable: field?.nullable ?? false,
                  purpose: contextValue.access.purpose,
                  // Never used: pseudonym is the gateway's (an empty key makes it throw, so it fails closed).
                  pseudonymKey: '',
                });
              },
            });
          } catch (error) {
            logInternalError(agency, 'masking failed, the answer is withheld', error);
            response.body.singleResult = { errors: [{ message: `Internal error in the ${agency} service`, extensions: { code: 'INTERNAL_SERVER_ERROR' } }] };
          }
        },
      };
    },
  };
}
