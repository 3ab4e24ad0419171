import type { AuditUser } from '../../audit/record';
import type { Database } from '../kit/database';

/** One row of `audit_reviews` as the statements here select it (003_reviews.sql). */
export interface AuditReviewRow {
  id: string;
  eventId: string;
  reviewer: AuditUser;
  note: string;
  requestId: string;
  /** ISO-8601 UTC with milliseconds, as records write their times. */
  reviewedAt: string;
}

/** The select list over `audit_reviews r`. */
export const AUDIT_REVIEW_COLUMNS = `r.id::text AS id, r.event_id::text AS "eventId", r.reviewer, r.note, r.request_id AS "requestId",
  to_char(r.reviewed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "reviewedAt"`;

export interface NewReview {
  eventId: string;
  reviewer: AuditUser;
  note: string;
  requestId: string;
}

/** Appends one review (the table takes INSERT only: the subgraph's role may do nothing else there). */
export async function insertReview(db: Database, review: NewReview): Promise<AuditReviewRow> {
  const rows = await db.query<AuditReviewRow>(
    `INSERT INTO audit_reviews AS r (event_id, reviewer, note, request_id) VALUES ($1::uuid, $2::jsonb, $3, $4)
     RETURNING ${AUDIT_REVIEW_COLUMNS}`,
    [review.eventId, JSON.stringify(review.reviewer), review.note, review.requestId],
  );
  const row = rows[0];
  if (!row) throw new Error('INSERT … RETURNING returned no row');
  return row;
}
