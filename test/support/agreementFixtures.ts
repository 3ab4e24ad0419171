import { randomUUID } from 'node:crypto';
import { findPurpose } from '../../policies/purposes';
import type { Database } from '../../subgraphs/kit/database';
import type { AgreedDocument } from '../../examples/kit/operations';

export interface AgreementFixture {
  clientId: string;
  purpose: string;
  operations: readonly AgreedDocument[];
  validFrom: Date;
  validTo: Date;
}

/**
 * An approved agreement written straight into the agreements database (its own tables, as the workflow
 * leaves them: an approved request, the agreement, its operations): for tests of the enforcement that
 * need agreements of a shape the workflow would not make today (expiring in seconds, not yet valid).
 * The triggers NOTIFY as for any change. Resolves with the agreement's id.
 */
export async function insertAgreement(db: Database, fixture: AgreementFixture): Promise<string> {
  const requestId = randomUUID();
  const agreementId = randomUUID();
  const legalBasis = [...(findPurpose(fixture.purpose)?.legalBasis ?? [])];
  // One connection for the transaction: the pool would spread its statements over several.
  const client = await db.pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO sharing_requests (id, client_id, title, justification, purpose, legal_basis, valid_from, valid_to, status, submitted_by, decided_at)
       VALUES ($1, $2, 'test agreement', 'written by the enforcement tests', $3, $4, $5, $6, 'APPROVED', 'test', now())`,
      [requestId, fixture.clientId, fixture.purpose, legalBasis, fixture.validFrom, fixture.validTo],
    );
    await client.query(
      `INSERT INTO agreements (id, request_id, client_id, purpose, legal_basis, valid_from, valid_to, approvers)
       VALUES ($1, $2, $3, $4, $5, $6, $7, ARRAY['officer.qian'])`,
      [agreementId, requestId, fixture.clientId, fixture.purpose, legalBasis, fixture.validFrom, fixture.validTo],
    );
    for (const operation of fixture.operations) {
      await client.query('INSERT INTO agreement_operations (agreement_id, name, document, document_hash) VALUES ($1, $2, $3, $4)', [
        agreementId,
        operation.name,
        operation.text,
        operation.documentId.slice('sha256:'.length),
      ]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
  return agreementId;
}

/** Revokes as the workflow does (the store's guard lets only the revocation columns change). */
export async function revokeAgreement(db: Database, agreementId: string): Promise<void> {
  await db.query(`UPDATE agreements SET revoked_at = now(), revoked_by = 'officer.qian', revoke_reason = 'test' WHERE id = $1`, [agreementId]);
}
