import type { SupergraphSdlHook } from '@apollo/gateway';
import { listenForSupergraphChanges, loadServedSupergraph, type ServedSupergraph } from '../registry/servedSupergraph';
import type { Database } from '../subgraphs/kit/database';
import { Supergraph } from '@apollo/federation-internals';
import type { SchemaDescription } from '../policies';
import { buildPolicyGraph } from './policyGraph';

/** How the gateway reads the registry's served supergraph (registry/servedSupergraph.ts over its database). */
export interface SupergraphFeed {
  /** The served supergraph; `undefined` when the registry holds none; rejects when it cannot be reached. */
  load(): Promise<ServedSupergraph | undefined>;
  /** Calls `onChange` when the served supergraph may have changed; resolves with a function that stops. */
  listen(onChange: () => void): Promise<() => Promise<void>>;
}

/** The registry's database as the feed: the one module every gateway reads the served supergraph through. */
export function registryFeed(db: Database): SupergraphFeed {
  return { load: () => loadServedSupergraph(db), listen: (onChange) => listenForSupergraphChanges(db, onChange) };
}

/** What /readyz reports: which supergraph this instance serves, and where it came from. */
export interface ServedVersion {
  /** The registry's version; `null` for the checked-in schema/supergraph.graphql. */
  version: number | null;
  source: 'registry' | 'checked-in';
  acceptedAt: string | null;
  /** Registry versions this instance refused to serve (their policy graph did not build), newest last. */
  refused: { version: number; reason: string }[];
}

export interface SupergraphSourceOptions {
  /** Without a feed the checked-in supergraph is served for the process's life (a few narrow tests). */
  feed?: SupergraphFeed;
  /** schema/supergraph.graphql: served when the registry is empty or cannot be reached at start-up. */
  fallbackSdl: string;
  /** The safety net beside LISTEN/NOTIFY (a notification lost with its connection); default 5 s. */
  pollIntervalMs?: number;
  /** How long start-up waits for the registry before serving the fallback; default 3 s. */
  loadTimeoutMs?: number;
  log: (line: string) => void;
}

interface Candidate {
  version: number | null;
  supergraphSdl: string;
  subgraphUrls: Record<string, string>;
  acceptedAt: Date | null;
  description: SchemaDescription;
  /** The subgraphs it is composed of. */
  subgraphs: string[];
}

export interface SupergraphSource {
  /** For ApolloGateway's `supergraphSdl` option: the first supergraph, then `update` on every accepted change. */
  hook: SupergraphSdlHook;
  /** The policy description checked for exactly this supergraph SDL before it was handed to the gateway. */
  descriptionOf(supergraphSdl: string): SchemaDescription | undefined;
  /** The subgraphs the served supergraph is composed of. */
  subgraphNames(): string[];
  /** The registry's routing URL for a subgraph of the served supergraph, when the registry gave one. */
  urlOf(subgraph: string): string | undefined;
  served(): ServedVersion;
  /** Looks at the registry now (tests, and the NOTIFY handler); resolves once the look is done. */
  refresh(): Promise<void>;
}

/**
 * The served supergraph and its changes. A candidate is served only after its API schema and policy graph
 * built (gateway/policyGraph.ts): a supergraph the policies do not fit would serve undecided fields, so it is
 * logged and the last good one stays. The registry being down changes nothing served; at start-up the
 * checked-in supergraph stands in until the registry answers.
 */
export function createSupergraphSource(options: SupergraphSourceOptions): SupergraphSource {
  const pollIntervalMs = options.pollIntervalMs ?? 5_000;
  const loadTimeoutMs = options.loadTimeoutMs ?? 3_000;
  /** Checked candidates by SDL: the gateway's schema listener pairs its API schema with the description. */
  const checked = new Map<string, SchemaDescription>();
  const refused: { version: number; reason: string }[] = [];
  const refusedVersions = new Set<number>();
  let current: Candidate | undefined;
  /** The candidate being handed to the gateway: its services are built (buildService asks urlOf) meanwhile. */
  let switching: Candidate | undefined;
  let registryDown = false;
  let looking: Promise<void> | undefined;
  let update: ((supergraphSdl: string) => void) | undefined;

  const check = (served: Omit<Candidate, 'description' | 'subgraphs'>): Candidate => {
    // As the gateway derives them (schema/apiSchema.ts), with the subgraph list from the same build.
    const supergraph = Supergraph.build(served.supergraphSdl);
    const graph = buildPolicyGraph(supergraph.apiSchema().toGraphQLJSSchema(), served.supergraphSdl);
    return { ...served, description: graph.description, subgraphs: supergraph.subgraphsMetadata().map((subgraph) => subgraph.name) };
  };

  const refuse = (version: number, error: unknown) => {
    const reason = error instanceof Error ? error.message : String(error);
    refusedVersions.add(version);
    refused.push({ version, reason });
    if (refused.length > 20) refused.shift();
    options.log(`supergraph version ${version} is not served: ${reason}`);
  };

  const loadWithTimeout = async (): Promise<ServedSupergraph | undefined> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${loadTimeoutMs} ms`)), loadTimeoutMs);
    });
    try {
      return await Promise.race([options.feed!.load(), timeout]);
    } finally {
      clearTimeout(timer);
    }
  };

  const remember = (candidate: Candidate) => {
    // Only the served SDL and the one being switched to are ever looked up.
    for (const sdl of checked.keys()) if (sdl !== current?.supergraphSdl) checked.delete(sdl);
    checked.set(candidate.supergraphSdl, candidate.description);
  };

  const look = async (): Promise<void> => {
    let served: ServedSupergraph | undefined;
    try {
      served = await loadWithTimeout();
    } catch (error) {
      if (!registryDown) options.log(`the registry cannot be reached (${(error as Error).message}); still serving ${describe(current)}`);
      registryDown = true;
      return;
    }
    if (registryDown) options.log('the registry answers again');
    registryDown = false;
    if (!served || served.version === current?.version || refusedVersions.has(served.version)) return;
    let candidate: Candidate;
    try {
      candidate = check({ ...served, acceptedAt: served.acceptedAt });
    } catch (error) {
      refuse(served.version, error);
      return;
    }
    if (!update) return;
    remember(candidate);
    switching = candidate;
    try {
      update(candidate.supergraphSdl);
    } catch (error) {
      checked.delete(candidate.supergraphSdl);
      refuse(served.version, error);
      return;
    } finally {
      switching = undefined;
    }
    const previous = current;
    current = candidate;
    options.log(`serving supergraph version ${candidate.version} (was ${describe(previous)})`);
  };

  /** One look at a time: a NOTIFY during a poll waits for it, then looks once more. */
  const refresh = async (): Promise<void> => {
    while (looking) await looking;
    looking = look().finally(() => {
      looking = undefined;
    });
    return looking;
  };

  const first = async (): Promise<Candidate> => {
    const fallback = () => check({ version: null, supergraphSdl: options.fallbackSdl, subgraphUrls: {}, acceptedAt: null });
    if (!options.feed) return fallback();
    let served: ServedSupergraph | undefined;
    try {
      served = await loadWithTimeout();
    } catch (error) {
      registryDown = true;
      options.log(`the registry cannot be reached (${(error as Error).message}): serving the checked-in supergraph until it answers`);
      return fallback();
    }
    if (!served) {
      options.log('the registry holds no supergraph yet: serving the checked-in one');
      return fallback();
    }
    try {
      return check(served);
    } catch (error) {
      refuse(served.version, error);
      options.log('serving the checked-in supergraph instead');
      return fallback();
    }
  };

  const hook: SupergraphSdlHook = async ({ update: gatewayUpdate }) => {
    const initial = await first();
    // The gateway builds the first supergraph's services after this returns: urlOf reads `current` then.
    current = initial;
    remember(initial);
    if (initial.version !== null) options.log(`serving supergraph version ${initial.version} from the registry`);
    update = gatewayUpdate;
    let stopListening: (() => Promise<void>) | undefined;
    let timer: NodeJS.Timeout | undefined;
    if (options.feed) {
      const feed = options.feed;
      stopListening = await feed.listen(() => void refresh());
      timer = setInterval(() => void refresh(), pollIntervalMs);
      timer.unref();
    }
    return {
      supergraphSdl: initial.supergraphSdl,
      cleanup: async () => {
        update = undefined;
        if (timer) clearInterval(timer);
        await stopListening?.();
        await looking?.catch(() => undefined);
      },
    };
  };

  return {
    hook,
    descriptionOf: (supergraphSdl) => checked.get(supergraphSdl),
    subgraphNames: () => [...(current?.subgraphs ?? [])],
    urlOf: (subgraph) => (switching ?? current)?.subgraphUrls[subgraph],
    served: () => ({
      version: current?.version ?? null,
      source: current?.version === null || !current ? 'checked-in' : 'registry',
      acceptedAt: current?.acceptedAt?.toISOString() ?? null,
      refused: [...refused],
    }),
    refresh: () => (options.feed ? refresh() : Promise.resolve()),
  };
}

function describe(candidate: Candidate | undefined): string {
  if (!candidate) return 'nothing';
  return candidate.version === null ? 'the checked-in supergraph' : `version ${candidate.version}`;
}
