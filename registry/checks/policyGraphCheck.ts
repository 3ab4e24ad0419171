import { buildPolicyGraph, type PolicyGraph } from '../../gateway/policyGraph';
import type { Finding } from './report';
import type { GraphQLSchema } from 'graphql';

/**
 * The gateway's own start-up check on the candidate supergraph: the classification's kinds are known and
 * the policies fit the graph. A candidate that fails it would stop a gateway, so it is never served.
 */
export function checkPolicyGraph(apiSchema: GraphQLSchema, supergraphSdl: string): { graph?: PolicyGraph; findings: Finding[] } {
  try {
    return { graph: buildPolicyGraph(apiSchema, supergraphSdl), findings: [] };
  } catch (error) {
    return {
      findings: [
        {
          check: 'policy-graph',
          severity: 'blocking',
          message: `The gateway could not serve this supergraph: ${(error as Error).message}`,
          fix: 'Use a sensitive kind the policies know (ID_NUMBER, PERSON_NAME, PHONE, ADDRESS, BIRTH_DATE, BANK_ACCOUNT, MONEY_AMOUNT, FREE_TEXT, CRIMINAL), or ask the policy owners to extend the policies first.',
          coordinate: null,
        },
      ],
    };
  }
}
