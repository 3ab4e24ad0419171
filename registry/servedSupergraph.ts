import type { Database } from '../subgraphs/kit/database';
import { listenForNotifications } from '../subgraphs/kit/notificationListener';

/** The channel every change of the served supergraph is announced on (payload: the new version). */
export const REGISTRY_CHANNEL = 'govgraph_registry';

/** What the gateways serve: the registry's latest supergraph. */
export interface ServedSupergraph {
  version: number;
  supergraphSdl: string;
  /** Routing URL per subgraph name, as its agency published it. */
  subgraphUrls: Record<string, string>;
  acceptedAt: Date;
}

interface SupergraphRow {
  version: number;
  supergraph_sdl: string;
  subgraph_urls: Record<string, string>;
  accepted_at: string;
}

/**
 * The served supergraph: the one with the highest version (a rollback is a new version). `undefined` when
 * the registry holds none yet; a registry that cannot be reached rejects, and the caller keeps what it serves.
 */
export async function loadServedSupergraph(db: Database): Promise<ServedSupergraph | undefined> {
  const [row] = await db.query<SupergraphRow>(
    'SELECT version, supergraph_sdl, subgraph_urls, accepted_at FROM supergraphs ORDER BY version DESC LIMIT 1',
  );
  if (!row) return undefined;
  return {
    version: row.version,
    supergraphSdl: row.supergraph_sdl,
    subgraphUrls: row.subgraph_urls,
    acceptedAt: new Date(row.accepted_at),
  };
}

/**
 * Calls `onChange` when a new supergraph is served (NOTIFY govgraph_registry), and after a lost connection
 * is back (a notification may have been missed). Resolves with a function that stops listening.
 */
export function listenForSupergraphChanges(db: Database, onChange: () => void): Promise<() => Promise<void>> {
  return listenForNotifications(db, REGISTRY_CHANNEL, onChange);
}
