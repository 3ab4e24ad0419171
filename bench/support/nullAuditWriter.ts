import type { AuditWriter } from '../../audit/writer';

/**
 * A writer that commits nothing and answers at once: for benchmarks that measure what the audit costs by
 * its absence. Never a configuration of the gateway, which refuses to answer without its record.
 */
export function nullAuditWriter(): AuditWriter {
  return {
    chainId: 'none',
    maxQueue: Number.MAX_SAFE_INTEGER,
    timeoutMs: 5_000,
    backlog: 0,
    admitting: () => true,
    append: async (input) => ({ id: input.id, chainId: 'none', seq: 0, hash: '' }),
    flush: async () => undefined,
    close: async () => undefined,
  };
}
