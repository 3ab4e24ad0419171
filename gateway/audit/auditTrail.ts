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
      } catch {
        // The writer already told the operator why; the client learns only that nothing leaves unrecorded.
        throw gatewayError('AUDIT_UNAVAILABLE', 'The audit log is unavailable: no answer leaves without its audit record. Retry later.');
      }
      return record.id;
    },
  };
}
