import type { AgreedOperationRow } from './agreedOperation';
import { buildDirectorySnapshot, type DirectorySnapshot, type DocumentFactsCache } from './directorySnapshot';
import { loggerFor } from '@govgraph/observability';

/** How the directory reads the store: agreements/agreedOperations.ts's two functions, bound to its database. */
export interface AgreementSource {
  load(): Promise<readonly AgreedOperationRow[]>;
  /**
   * Changes whenever what `load` would read changes (agreementsFingerprint): a poll or a notification that finds
   * it unchanged skips the reload. Without it every refresh reloads.
   */
  fingerprint?(): Promise<string>;
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
 * Every this many refreshes one reloads whatever the fingerprint says: the fingerprint relies on the store's
 * triggers, and an owner who edits rows with them disabled is then seen within a minute (at the 5 s poll).
 */
export const FULL_RELOAD_EVERY = 12;

/**
 * The agreed operations in memory (step 3 reads it on every application request, synchronously): loaded
 * at start, reloaded on each NOTIFY govgraph_agreements and every few seconds, so a revocation reaches
 * every gateway instance at once and at the latest within the poll interval. A refresh reads the store's
 * fingerprint first and reloads only when it changed: at 10,000 agreements a reload took 195–336 ms of the
 * gateway's time, the fingerprint 3–5 ms (bench/agreementReload.ts). A failed reload keeps the
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
  /** The fingerprint the current snapshot was loaded under; read before the load, so a change during it reloads again. */
  let loadedFingerprint: string | undefined;
  let sinceFullReload = 0;

  const loadOnce = async () => {
    try {
      const fingerprint = options.source.fingerprint ? await options.source.fingerprint() : undefined;
      sinceFullReload += 1;
      const unchanged = current !== undefined && fingerprint !== undefined && fingerprint === loadedFingerprint;
      if (unchanged && sinceFullReload < FULL_RELOAD_EVERY) return;
      sinceFullReload = 0;
      const rows = await options.source.load();
      const next = buildDirectorySnapshot(rows, new Date(), documentFacts);
      for (const row of next.rejected) log(`agreement ${row.agreementId} operation ${row.operationName} left out: ${row.reason}`);
      current = next;
      loadedFingerprint = fingerprint;
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
