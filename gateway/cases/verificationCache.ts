import { LRUCache } from 'lru-cache';
import type { CaseFile } from './caseFile';

/** The default lifetime of a verification: long enough for a page's burst of requests, short enough to notice a closed case. */
export const DEFAULT_CASE_VERIFICATION_TTL_SECONDS = 10;

/** Who verified which reference under which purpose: the key of a cached verification. */
export interface VerificationKey {
  readonly user: string;
  readonly agency?: string | undefined;
  readonly district?: string | undefined;
  readonly purpose: string;
  readonly caseRef: string;
}

/** A case file (or that there is none) as the owner answered, moments ago. */
type Verified = { file: CaseFile | undefined };

/**
 * Verifications kept for seconds. The key holds the user and their claims and the purpose besides the
 * reference: the owner answers each caller under their own access context (a district-bound caller is
 * shown less), so one user's answer is never another's, nor one purpose's another's. Concurrent requests
 * for the same key share one lookup; a failed lookup is not kept.
 */
export class VerificationCache {
  private readonly entries: LRUCache<string, Promise<Verified>> | undefined;

  constructor(ttlSeconds: number = DEFAULT_CASE_VERIFICATION_TTL_SECONDS) {
    this.entries = ttlSeconds > 0 ? new LRUCache({ max: 10_000, ttl: ttlSeconds * 1000 }) : undefined;
  }

  async get(key: VerificationKey, verify: () => Promise<CaseFile | undefined>): Promise<CaseFile | undefined> {
    if (!this.entries) return verify();
    const id = JSON.stringify([key.user, key.agency ?? null, key.district ?? null, key.purpose, key.caseRef]);
    let entry = this.entries.get(id);
    if (!entry) {
      entry = verify().then((file) => ({ file }));
      this.entries.set(id, entry);
      entry.catch(() => this.entries?.delete(id));
    }
    return (await entry).file;
  }
}
