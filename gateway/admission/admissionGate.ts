import pLimit from 'p-limit';

/**
 * Admission control at the gateway's door: at most `maxInFlight` operations run at once; the next
 * `maxQueued` wait for a slot, each at most `queueTimeoutMs`; beyond that a request is refused at once.
 * Without it a burst of clients is admitted whole, every operation's subgraph fetches queue behind the
 * others', and under 200 concurrent clients some of them time out — answers with an agency's part
 * missing. With it a request is either served whole, in time, or refused before anything runs.
 */
export interface AdmissionSettings {
  maxInFlight: number;
  maxQueued: number;
  queueTimeoutMs: number;
}

export const DEFAULT_ADMISSION: Readonly<AdmissionSettings> = Object.freeze({ maxInFlight: 32, maxQueued: 1_000, queueTimeoutMs: 5_000 });

export interface AdmissionGate {
  /**
   * Waits for a slot that is held until `finished` settles (the response has gone). Resolves false when
   * the queue is full or the wait would exceed the queue timeout: refuse the request.
   */
  admit(finished: Promise<unknown>): Promise<boolean>;
  readonly inFlight: number;
  readonly queued: number;
}

export function createAdmissionGate(settings: AdmissionSettings = DEFAULT_ADMISSION): AdmissionGate {
  const limit = pLimit(settings.maxInFlight);
  return {
    admit(finished) {
      if (limit.pendingCount >= settings.maxQueued) return Promise.resolve(false);
      return new Promise<boolean>((resolve) => {
        let abandoned = false;
        const timer = setTimeout(() => {
          abandoned = true;
          resolve(false);
        }, settings.queueTimeoutMs);
        void limit(async () => {
          // A request that gave up waiting frees its turn at once.
          if (abandoned) return;
          clearTimeout(timer);
          resolve(true);
          await finished.catch(() => undefined);
        });
      });
    },
    get inFlight() {
      return limit.activeCount;
    },
    get queued() {
      return limit.pendingCount;
    },
  };
}
