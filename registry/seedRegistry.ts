import { loadSupergraphSdl } from '../gateway/supergraph';
import { checkedInSubgraphs, type SubgraphSource } from '../schema/compose';
import type { Database } from '../subgraphs/kit/database';
import { reportOf } from './checks/report';
import { inRegistryTransaction, insertSupergraph, insertVersion } from './registryStore';

export interface RegistrySeed {
  supergraphSdl: string;
  subgraphs: readonly SubgraphSource[];
}

/** The checked-in supergraph (schema/supergraph.graphql) and the subgraph SDLs it is composed from. */
export function checkedInSeed(): RegistrySeed {
  return { supergraphSdl: loadSupergraphSdl(), subgraphs: checkedInSubgraphs() };
}

/**
 * An empty registry starts from what this repository serves: each subgraph's SDL as its first version,
 * the checked-in supergraph as supergraph version 1. Returns false when the registry held something
 * already (every start calls this; only the first seeds, under the registry's lock).
 */
export async function seedRegistry(db: Database, seed: RegistrySeed = checkedInSeed()): Promise<boolean> {
  return inRegistryTransaction(db, async (tx) => {
    const [existing] = await tx.query<{ count: number }>('SELECT count(*)::int AS count FROM supergraphs');
    if (existing && existing.count > 0) return false;
    const report = reportOf([
      { check: 'composition', severity: 'info', message: 'seeded from the checked-in supergraph (schema/supergraph.graphql)', fix: null, coordinate: null },
    ]);
    const versions: Record<string, string> = {};
    const urls: Record<string, string> = {};
    for (const subgraph of seed.subgraphs) {
      const version = await insertVersion(tx, { ...subgraph, subgraph: subgraph.name, publishedBy: 'seed', decision: 'accepted', report });
      versions[subgraph.name] = version.id;
      urls[subgraph.name] = subgraph.url;
    }
    await insertSupergraph(tx, {
      supergraphSdl: seed.supergraphSdl,
      subgraphVersions: versions,
      subgraphUrls: urls,
      acceptedBy: 'seed',
      reason: 'seeded from schema/supergraph.graphql',
    });
    return true;
  });
}
