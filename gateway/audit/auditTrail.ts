import type { AuditWriter } from '../../audit/writer';
import { gatewayError } from '../errors';
import { buildAuditRecord, type AuditRecordSettings, type OperationFacts } from './auditRecord';

/** Step 6: every operation's record, committed before its answer may leave. */
export interface AuditTrail {
  /** Resolves with the committed record's id; rejects with the client-facing AUDIT_UNAVAILABLE error. */
  commit(facts: OperationFacts): Promise<string>;
}

export function createAuditTrail(writer: AuditWriter, settings: AuditRecordSettings): AuditTrail {
  return {
    async commit(facts) {
      const record = buildAuditRecord(facts, settings);
      try {
        await writer.append(record);
      } catch (error) {
        // An outage the writer has already reported; a record it refused is the gateway's own bug and is
        // reported here. Either way the client learns only that nothing leaves unrecorded.
        if ((error as { code?: string }).code !== 'AUDIT_UNAVAILABLE') console.error(`[gateway] audit record refused: ${(error as Error).message}`);
        throw gatewayError('AUDIT_UNAVAILABLE', 'The audit log is unavailable: no answer leaves without its audit record. Retry later.');
      }
      return record.id;
    },
  };
}
