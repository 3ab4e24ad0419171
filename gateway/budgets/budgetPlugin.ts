import type { ApolloServerPlugin } from '@apollo/server';
import { outcomeOf } from '../audit/auditRecord';
import type { GatewayContext } from '../context';
import { policyGraphOf } from '../pipeline/servedGraphPlugin';
import type { BudgetKeeper } from './budgetKeeper';

/**
 * The budgets' two hooks in Apollo's pipeline: identifier lookups once the operation is decided (step 6 of
 * the request flow, before any agency is asked), and every refused operation noted towards the refusal
 * budget as its answer leaves. Listed after the enforcement plugin: Apollo runs both `didResolveOperation`
 * hooks together, and the enforcement plugin has set the policy before this one reads it; an operation it
 * refuses (a denied field) is not charged lookups it will never make.
 */
export function budgetPlugin(keeper: BudgetKeeper): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, document, operation, request }) {
          if (!operation || !contextValue.policy || contextValue.policy.denied.length > 0) return;
          await keeper.checkLookups(contextValue, policyGraphOf(contextValue), document, operation, request.variables);
        },
        async willSendResponse({ contextValue, response }) {
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          const codes = (result.errors ?? []).map((error) => String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR'));
          const hasData = result.data !== undefined && result.data !== null;
          if (outcomeOf(hasData, codes) === 'refused') await keeper.noteRefusal(contextValue, codes);
        },
      };
    },
  };
}
