import { HeaderMap } from '@apollo/server';
import type { GraphQLError } from 'graphql';
import type { AuditRecordInput } from '../../audit/record';
import type { AuditWriter } from '../../audit/writer';
import { gatewayError } from '../errors';
import { buildAuditRecord, fallbackAuditRecord, type AuditRecordSettings, type OperationFacts } from './auditRecord';
import { loggerFor } from '@govgraph/observability';

/** Step 6: every operation's record, committed before its answer may leave. */
export interface AuditTrail {
  /** Resolves with the committed record's id; rejects with the client-facing AUDIT_UNAVAILABLE or AUDIT_OVERLOADED error. */
  commit(facts: OperationFacts): Promise<string>;
  /** Whether the door may admit new work: the audit queue has room for it (audit/writer.ts, `admitting`). */
  admitting(): boolean;
  /**
   * The refusal of work the door did not admit: its record is queued (when the queue's reserve has room)
   * without waiting for the commit — the store is behind, and waiting is what back-pressure avoids.
   */
  overloaded(facts: OperationFacts): GraphQLError;
}

export function createAuditTrail(writer: AuditWriter, settings: AuditRecordSettings): AuditTrail {
  // By then every record queued now has committed or failed its deadline.
  const retryAfter = String(Math.max(1, Math.ceil(writer.timeoutMs / 1000)));
  const overloadedError = () =>
    gatewayError(
      'AUDIT_OVERLOADED',
      'The audit log is behind: no work is admitted that it could not record. Retry after the seconds in Retry-After.',
      { retryAfterSeconds: Number(retryAfter) },
      new HeaderMap([['retry-after', retryAfter]]),
    );

  /** The record of these facts; a smaller one saying why when the full one cannot be built (a gateway bug). */
  const recordOf = (facts: OperationFacts): AuditRecordInput => {
    try {
      return buildAuditRecord(facts, settings);
    } catch (error) {
      loggerFor('gateway').error({ auditRecordId: facts.id, error: (error as Error).name }, 'audit record could not be built; recording its outline');
      return fallbackAuditRecord(facts, settings, `the full record could not be built (${(error as Error).name})`);
    }
  };

  /** Appends; a record the writer refuses as malformed is replaced by its outline, so the operation is still on record. */
  const append = async (facts: OperationFacts, record: AuditRecordInput) => {
    try {
      await writer.append(record);
    } catch (error) {
      if ((error as { code?: string }).code !== 'AUDIT_RECORD_INVALID') throw error;
      // The message names a path, never a value: the record's own values may be personal.
      loggerFor('gateway').error({ auditRecordId: record.id, error: (error as Error).message }, 'audit record refused by the writer; recording its outline');
      await writer.append(fallbackAuditRecord(facts, settings, 'the full record was refused by the audit writer (AUDIT_RECORD_INVALID)'));
    }
  };

  return {
    async commit(facts) {
      const record = recordOf(facts);
      try {
        await append(facts, record);
      } catch (error) {
        // An outage or overload the writer has already reported; anything else is the gateway's own bug.
        const code = (error as { code?: string }).code;
        if (code === 'AUDIT_OVERLOADED') throw overloadedError();
        if (code !== 'AUDIT_UNAVAILABLE') loggerFor('gateway').error({ auditRecordId: record.id, error: (error as Error).message }, 'audit record not written');
        throw gatewayError('AUDIT_UNAVAILABLE', 'The audit log is unavailable: no answer leaves without its audit record. Retry later.');
      }
      return record.id;
    },
    admitting: () => writer.admitting(),
    overloaded(facts) {
      // Where possible: the reserve may be full too, or the store may fail the record's deadline.
      void append(facts, recordOf(facts)).catch(() => undefined);
      return overloadedError();
    },
  };
}
