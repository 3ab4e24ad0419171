import { composeServices } from '@apollo/composition';
import { AGENCIES, DEFAULT_SUBGRAPH_PORTS } from '../subgraphs/agencies';
import { subgraphDefinitions } from '../subgraphs/registry';

/**
 * Composes the agencies' subgraph SDLs into the supergraph the gateway serves. The URLs are the
 * defaults of `npm start`; deployments override them per agency (POLICE_URL, …) at the gateway.
 */
export function composeSupergraph(): string {
  const result = composeServices(
    AGENCIES.map((agency) => ({
      name: agency,
      url: `http://localhost:${DEFAULT_SUBGRAPH_PORTS[agency]}/graphql`,
      typeDefs: subgraphDefinitions[agency].typeDefs,
    })),
  );
  if (result.errors) {
    throw new Error(`The subgraphs do not compose:\n${result.errors.map((error) => `  - ${error.message}`).join('\n')}`);
  }
  return result.supergraphSdl;
}
