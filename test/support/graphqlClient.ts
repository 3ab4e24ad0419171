export interface GraphQLResponse<Data = Record<string, any>> {
  data?: Data | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

export interface GraphQLClient {
  /** The raw answer, for asserting what leaves the server (status, and text that must not leak). */
  graphql(query: string, variables?: Record<string, unknown>): Promise<{ status: number; text: string }>;
  /** The parsed answer. */
  ask<Data = Record<string, any>>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<Data>>;
}

/**
 * POSTs GraphQL to the endpoint `url()` names. The URL is read at call time, so a test file can make
 * its client at the top and start the server in `beforeAll`.
 */
export function graphqlClient(url: () => string): GraphQLClient {
  const graphql = async (query: string, variables: Record<string, unknown> = {}) => {
    const response = await fetch(url(), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, text: await response.text() };
  };
  return {
    graphql,
    ask: async <Data = Record<string, any>>(query: string, variables: Record<string, unknown> = {}) =>
      JSON.parse((await graphql(query, variables)).text) as GraphQLResponse<Data>,
  };
}

/**
 * Walks the connection at `field` from its start, `first` rows a page, and returns every node's `key` in
 * the order the pages gave them. Every page must answer without errors; at most `maxPages` are read.
 */
export async function walkConnection(
  ask: GraphQLClient['ask'],
  query: string,
  field: string,
  options: { key: string; first?: number; variables?: Record<string, unknown>; maxPages?: number },
): Promise<unknown[]> {
  const seen: unknown[] = [];
  let after: string | null = null;
  for (let page = 0; page < (options.maxPages ?? 10); page += 1) {
    const body: GraphQLResponse = await ask(query, { ...options.variables, first: options.first ?? 1, after });
    expect(body.errors).toBeUndefined();
    const connection = body.data?.[field] as { edges: { node: Record<string, unknown> }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
    seen.push(...connection.edges.map((edge) => edge.node[options.key]));
    if (!connection.pageInfo.hasNextPage) break;
    after = connection.pageInfo.endCursor;
  }
  return seen;
}
