import { composeServices } from '@apollo/composition';
import type { DocumentNode } from 'graphql';
import { AGENCIES, DEFAULT_SUBGRAPH_PORTS, type SubgraphName } from '../subgraphs/agencies';
import { AUDIT_TYPE_DEFS } from '../subgraphs/audit';
import { subgraphDefinitions } from '../subgraphs/registry';

/** Every subgraph's SDL: the five agencies and the audit review API. */
const SUBGRAPH_SDLS: Readonly<Record<SubgraphName, DocumentNode>> = {
  ...(Object.fromEntries(AGENCIES.map((agency) => [agency, subgraphDefinitions[agency].typeDefs])) as Record<
    (typeof AGENCIES)[number],
    DocumentNode
  >),
  audit: AUDIT_TYPE_DEFS,
};

/**
 * Composes the subgraph SDLs into the supergraph the gateway serves. The URLs are the defaults of
 * `npm start`; deployments override them per subgraph (POLICE_URL, …, AUDIT_URL) at the gateway.
 */
export function composeSupergraph(): string {
  const result = composeServices(
    (Object.keys(SUBGRAPH_SDLS) as SubgraphName[]).map((name) => ({
      name,
      url: `http://localhost:${DEFAULT_SUBGRAPH_PORTS[name]}/graphql`,
      typeDefs: SUBGRAPH_SDLS[name],
    })),
  );
  if (result.errors) {
    throw new Error(`The subgraphs do not compose:\n${result.errors.map((error) => `  - ${error.message}`).join('\n')}`);
  }
  return result.supergraphSdl;
}
