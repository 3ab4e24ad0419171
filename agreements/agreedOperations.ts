import type { Database } from '../subgraphs/kit/database';
import { listenForNotifications } from '../subgraphs/kit/notificationListener';

/**
 * What the gateway enforces (gateway/agreements): one row per operation of every agreement ever made,
 * with the fields that say whether it is in force now (validity period, revocation). The gateway keeps
 * these in memory, refreshed on NOTIFY govgraph_agreements and by polling, so expiry and revocation take
 * effect on every instance without a restart. This module is the only way the gateway reads the store.
 */
export interface AgreedOperation {
  agreementId: string;
  /** The application (realm client, the token's `azp`) the agreement was made with. */
  clientId: string;
  purpose: string;
  legalBasis: readonly string[];
  operationName: string;
  /** SHA-256 hex (lower case) of the exact document text. */
  documentHash: string;
  /** The operation and the fragments it uses (operationDocuments.ts), as approved. */
  document: string;
  validFrom: Date;
  validTo: Date;
  revokedAt: Date | null;
}

/** The channel every change to the agreements database is announced on (migrations/001_init.sql triggers). */
export const AGREEMENTS_CHANNEL = 'govgraph_agreements';

interface AgreedOperationRow {
  agreement_id: string;
  client_id: string;
  purpose: string;
  legal_basis: string[];
  operation_name: string;
  document_hash: string;
  document: string;
  // TIMESTAMPTZ arrives as an ISO string (subgraphs/kit/database.ts).
  valid_from: string;
  valid_to: string;
  revoked_at: string | null;
}

/** Every agreement ever made, operation by operation, with its status fields: the caller decides what is in force. */
export async function loadAgreedOperations(db: Database): Promise<AgreedOperation[]> {
  const rows = await db.query<AgreedOperationRow>(
    `SELECT a.id AS agreement_id, a.client_id, a.purpose, a.legal_basis, o.name AS operation_name,
            o.document_hash, o.document, a.valid_from, a.valid_to, a.revoked_at
       FROM agreements a JOIN agreement_operations o ON o.agreement_id = a.id
      ORDER BY a.created_at, a.id, o.name`,
  );
  return rows.map((row) =>
    Object.freeze({
      agreementId: row.agreement_id,
      clientId: row.client_id,
      purpose: row.purpose,
      legalBasis: Object.freeze([...row.legal_basis]),
      operationName: row.operation_name,
      documentHash: row.document_hash,
      document: row.document,
      validFrom: new Date(row.valid_from),
      validTo: new Date(row.valid_to),
      revokedAt: row.revoked_at === null ? null : new Date(row.revoked_at),
    }),
  );
}

/**
 * A fingerprint of everything loadAgreedOperations reads, for a poll to skip the reload when nothing changed:
 * agreements are never deleted and are changed once only (their revocation), and an agreement's operations are
 * only ever added (migrations/001_init.sql's triggers), so these three counts change with every change that
 * matters. One statement, one snapshot: a change committed after it is seen by the next one.
 */
export async function agreementsFingerprint(db: Database): Promise<string> {
  const [row] = await db.query<{ agreements: string; revoked: string; operations: string }>(
    `SELECT count(*) AS agreements, count(revoked_at) AS revoked, (SELECT count(*) FROM agreement_operations) AS operations FROM agreements`,
  );
  return `${row!.agreements}/${row!.revoked}/${row!.operations}`;
}

export interface ListenOptions {
  /** Wait before listening again after the connection was lost; default 1000 ms. */
  reconnectDelayMs?: number;
  /** Told when the listening connection is lost (the polling still refreshes meanwhile). */
  onError?: (error: Error) => void;
}

/**
 * Calls `onChange` on every NOTIFY govgraph_agreements, on a connection of its own. A lost connection is
 * reopened with back-off, and `onChange` is called once listening again: something may have changed
 * meanwhile. The function it resolves with stops.
 */
export function listenForAgreementChanges(db: Database, onChange: () => void, options: ListenOptions = {}): Promise<() => Promise<void>> {
  return listenForNotifications(db, AGREEMENTS_CHANNEL, onChange, {
    retryMs: options.reconnectDelayMs ?? 1_000,
    ...(options.onError ? { onError: options.onError } : {}),
  });
}
