import type { AuditRecord } from '../../audit/record';

/** One row of `audit_events` as the statements here select it (jsonb arrives parsed, bigint as a number). */
export interface AuditEventRow {
  id: string;
  chainId: string;
  seq: number;
  prevHash: string;
  hash: string;
  /** The record as the gateway wrote it (audit/record.ts: the contract shared with the writer). */
  record: AuditRecord;
}

/** The select list every statement reading whole events uses, over `audit_events e`. */
export const AUDIT_EVENT_COLUMNS = `e.id::text AS id, e.chain_id AS "chainId", e.seq, e.prev_hash AS "prevHash", e.hash, e.record`;
