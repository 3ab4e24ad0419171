/** What the serving gateway tells its pages (web/server.ts answers /config.json): whom to sign in with. */
export interface WebConfig {
  /** The Keycloak realm's issuer, e.g. http://localhost:8080/realms/govgraph. */
  issuer: string;
  /** The public browser client, govgraph-console. */
  clientId: string;
  /** Where the graph answers, on the same origin as the pages. */
  graphqlPath: string;
  /** The data-sharing agreements workflow API, on the same origin (bearer token, no purpose). */
  agreementsPath: string;
}

export async function loadWebConfig(): Promise<WebConfig> {
  const response = await fetch('/config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`/config.json answered ${response.status}`);
  const body = (await response.json()) as Partial<WebConfig>;
  if (typeof body.issuer !== 'string' || typeof body.clientId !== 'string') throw new Error('/config.json names no issuer or client');
  return { issuer: body.issuer, clientId: body.clientId, graphqlPath: body.graphqlPath ?? '/graphql', agreementsPath: body.agreementsPath ?? '/agreements/graphql' };
}
