import { composeSubgraphs, type SubgraphSource } from '../../schema/compose';
import type { Finding } from './report';

export type CandidateComposition = { supergraphSdl: string; findings: Finding[] } | { supergraphSdl?: undefined; findings: Finding[] };

/**
 * Composes the served subgraphs with `candidate` in place of its served version (or added, for a new
 * subgraph), with @apollo/composition. A composition error blocks: the graph would not build.
 */
export function composeCandidate(served: readonly SubgraphSource[], candidate: SubgraphSource): CandidateComposition {
  const sources = [...served.filter((source) => source.name !== candidate.name), candidate].sort((a, b) => a.name.localeCompare(b.name));
  const result = composeSubgraphs(sources);
  if (result.errors) {
    return {
      findings: result.errors.map((error) => ({
        check: 'composition',
        severity: 'blocking',
        message: error.code ? `${error.code}: ${error.message}` : error.message,
        fix: `Change ${candidate.name}'s SDL so that it composes with the served subgraphs (${sources.map((source) => source.name).join(', ')}).`,
        coordinate: null,
      })),
    };
  }
  return { supergraphSdl: result.supergraphSdl, findings: [] };
}
