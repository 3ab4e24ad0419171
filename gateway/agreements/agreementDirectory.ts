import type { AgreedOperationRow } from './agreedOperation';
import { buildDirectorySnapshot, type DirectorySnapshot, type DocumentFactsCache } from './directorySnapshot';
import { loggerFor } from '@govgraph/observability';

/** How the directory reads the store: agreements/agreedOperations.ts's two functions, bound to its database. */
export interface AgreementSource {
  load(): Promise<readonly AgreedOperationRow[]>;
  /** Calls `onChange` on every NOTIFY govgraph_agreements; resolves with a function that stops listening. */
  listen(onChange: () => void): Promise<() => Promise<void>>;
}

export interface AgreementDirectory {
  /** The agreements as last loaded; undefined until the first load succeeds (the gateway then fails closed). */
  snapshot(): DirectorySnapshot | undefined;
  /** Reloads now (what a NOTIFY and each poll do); concurrent calls share one load. */
  refresh(): Promise<void>;
  close(): Promise<void>;
}

export interface AgreementDirectoryOptions {
  source: AgreementSource;
  /** The poll that catches what a lost NOTIFY missed, and retries a failed load or listen; default 5 s. */
  pollIntervalMs?: number;
  log?: (line: string) => void;
}

export const DEFAULT_AGREEMENT_POLL_MS = 5_000;

/**
 * The agreed operations in memory (step 3 reads it on every application request, synchronously): loaded
 * at start, reloaded on each NOTIFY govgraph_agreements and every few seconds, so a revocation reaches
 * every gateway instance at once and at the latest within the poll interval. A failed reload keeps the
 * last snapshot (expiry is judged against the clock at each request, so a stale snapshot never extends
 * an agreement); until the first load succeeds there is none and application tokens are refused.
 */
export async function startAgreementDirectory(options: AgreementDirectoryOptions): Promise<AgreementDirectory> {
  const log = options.log ?? ((line: string) => loggerFor('gateway').warn(line));
  let current: DirectorySnapshot | undefined;
  let loading: Promise<void> | undefined;
  let again = false;
  let closed = false;
  let unlisten: (() => Promise<void>) | undefined;
  let failing = false;
  const documentFacts: DocumentFactsCache = new Map();

  const loadOnce = async () => {
    try {
      const rows = await options.source.load();
      const next = buildDirectorySnapshot(rows, new Date(), documentFacts);
      for (const row of next.rejected) log(`agreement ${row.agreementId} operation ${row.operationName} left out: ${row.reason}`);
      current = next;
      if (failing) log('agreements readable again');
      failing = false;
    } catch (error) {
      if (!failing) log(`agreements could not be read (${(error as Error).message}); ${current ? 'keeping the last ones read' : 'application tokens are refused until they can'}`);
      failing = true;
    }
  };
  /** One load at a time; a change notified during a load triggers one more, so none is missed. */
  const refresh = (): Promise<void> => {
    if (closed) return Promise.resolve();
    if (loading) {
      again = true;
      return loading;
    }
    loading = (async () => {
      do {
        again = false;
        await loadOnce();
      } while (again && !closed);
    })().finally(() => {
      loading = undefined;
    });
    return loading;
  };
  const listen = async () => {
    if (unlisten || closed) return;
    try {
      const stop = await options.source.listen(() => void refresh());
      if (closed) await stop().catch(() => undefined);
      else unlisten = stop;
    } catch (error) {
      log(`cannot listen for agreement changes (${(error as Error).message}); polling every ${options.pollIntervalMs ?? DEFAULT_AGREEMENT_POLL_MS} ms`);
    }
  };

  await listen();
  await refresh();
  const timer = setInterval(() => {
    void listen().then(refresh);
  }, options.pollIntervalMs ?? DEFAULT_AGREEMENT_POLL_MS);
  timer.unref();

  return {
    snapshot: () => current,
    refresh,
    async close() {
      closed = true;
      clearInterval(timer);
      await loading?.catch(() => undefined);
      await unlisten?.().catch(() => undefined);
    },
  };
}
