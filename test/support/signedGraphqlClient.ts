import { ACCESS_CONTEXT_HEADER } from '@govgraph/access-context';
import type { Agency } from '../../subgraphs/agencies';
import { accessContextFor, testGatewaySigner, type TestSubject } from './accessContexts';
import type { GraphQLClient, GraphQLResponse } from './graphqlClient';

/**
 * A client that calls a subgraph as the gateway does: each request carries a freshly signed access context
 * for `subject`, minted for `agency` and bound to the exact body sent. The URL is read at call time (see graphqlClient).
 */
export function signedGraphqlClient(url: () => string, agency: Agency, subject: TestSubject): GraphQLClient {
  const graphql = async (query: string, variables: Record<string, unknown> = {}) => {
    const body = JSON.stringify({ query, variables });
    const response = await fetch(url(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', [ACCESS_CONTEXT_HEADER]: await accessContextFor(subject, agency, testGatewaySigner, body) },
      body,
    });
    return { status: response.status, text: await response.text() };
  };
  return {
    graphql,
    ask: async <Data = Record<string, any>>(query: string, variables: Record<string, unknown> = {}) =>
      JSON.parse((await graphql(query, variables)).text) as GraphQLResponse<Data>,
  };
}
