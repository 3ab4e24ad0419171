import type { Database } from '../../subgraphs/kit/database';

/**
 * One distinct operation document the gateway answered, from the audit log. The log keeps the document
 * with every literal replaced by a keyed pseudonym (gateway/audit/recordedValues.ts) and its keyed hash,
 * so the document's shape — fields, arguments, fragments, variables — is here, never the values.
 */
export interface RecordedOperation {
  name: string | null;
  /** The audit record's keyed document hash (HMAC-SHA256 hex). */
  documentHash: string;
  document: string;
  count: number;
  purposes: string[];
  /** The tokens' azp: the application (client) the operation came from. */
  applications: string[];
  lastSeen: string;
}

/** Distinct documents read at most; a log with more reports that it was cut (registry/checks/runChecks.ts). */
export const MAX_RECORDED_DOCUMENTS = 5_000;

interface Row {
  document_hash: string;
  document: string;
  name: string | null;
  count: number;
  purposes: (string | null)[];
  applications: (string | null)[];
  last_seen: string;
}

/**
 * The operations recorded since `since`, grouped by document, most used first. Only those the gateway
 * let through (outcome allowed or failed): a refused operation never reached an agency, so no change can
 * break it. Reads the view `recorded_operations` (audit/migrations/004), over a read-only connection
 * (registry/auditReader.ts): who asked and about whom is not in it.
 */
export async function loadRecordedOperations(auditReader: Database, since: Date): Promise<{ operations: RecordedOperation[]; truncated: boolean }> {
  const rows = await auditReader.query<Row>(
    `SELECT document_hash,
            min(document) AS document,
            min(name) AS name,
            count(*)::int AS count,
            array_agg(DISTINCT purpose) AS purposes,
            array_agg(DISTINCT client) AS applications,
            max(at) AS last_seen
       FROM recorded_operations
      WHERE at >= $1
        AND outcome IN ('allowed', 'failed')
        AND document IS NOT NULL
        AND document_hash IS NOT NULL
      GROUP BY 1
      ORDER BY count(*) DESC, 1
      LIMIT $2`,
    [since.toISOString(), MAX_RECORDED_DOCUMENTS + 1],
  );
  const operations = rows.slice(0, MAX_RECORDED_DOCUMENTS).map((row) => ({
    name: row.name,
    documentHash: row.document_hash,
    document: row.document,
    count: row.count,
    purposes: row.purposes.filter((purpose): purpose is string => purpose !== null).sort(),
    applications: row.applications.filter((application): application is string => application !== null).sort(),
    lastSeen: row.last_seen,
  }));
  return { operations, truncated: rows.length > MAX_RECORDED_DOCUMENTS };
}
