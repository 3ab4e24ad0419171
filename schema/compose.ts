import { composeServices } from '@apollo/composition';
import { parse, print, type DocumentNode } from 'graphql';
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

/** One subgraph as composition takes it: its name, routing URL and SDL text. */
export interface SubgraphSource {
  name: string;
  url: string;
  sdl: string;
}

/** A composition's outcome: the supergraph SDL, or composition's own errors (each with its code). */
export type Composition =
  | { supergraphSdl: string; errors?: undefined }
  | { supergraphSdl?: undefined; errors: readonly { message: string; code: string | undefined }[] };

/**
 * The subgraphs of this repository, at the URLs of `npm start`; deployments override them per subgraph
 * (POLICE_URL, …, AUDIT_URL) at the gateway. They seed the schema registry as its version 1.
 */
export function checkedInSubgraphs(): SubgraphSource[] {
  return (Object.keys(SUBGRAPH_SDLS) as SubgraphName[]).map((name) => ({
    name,
    url: `http://localhost:${DEFAULT_SUBGRAPH_PORTS[name]}/graphql`,
    sdl: print(SUBGRAPH_SDLS[name]),
  }));
}

/** Composes subgraphs with @apollo/composition (the registry's composition check uses this too). */
export function composeSubgraphs(subgraphs: readonly SubgraphSource[]): Composition {
  const result = composeServices(subgraphs.map(({ name, url, sdl }) => ({ name, url, typeDefs: parse(sdl) })));
  if (result.errors) {
    return {
      errors: result.errors.map((error) => ({
        message: error.message,
        code: typeof error.extensions?.code === 'string' ? error.extensions.code : undefined,
      })),
    };
  }
  return { supergraphSdl: result.supergraphSdl };
}

/** Composes the subgraph SDLs of this repository into the supergraph the gateway serves. */
export function composeSupergraph(): string {
  const result = composeSubgraphs(checkedInSubgraphs());
  if (result.errors) {
    throw new Error(`The subgraphs do not compose:\n${result.errors.map((error) => `  - ${error.message}`).join('\n')}`);
  }
  return result.supergraphSdl;
}
