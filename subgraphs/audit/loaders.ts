import type { RowScope } from '../../policies/jurisdiction';
import { rowByKey, rowsByKey } from '../kit/batch';
import type { Database } from '../kit/database';
import { unrestrictedOnly } from '../kit/jurisdiction';
import { AUDIT_EVENT_COLUMNS, type AuditEventRow } from './auditRecord';
import { AUDIT_REVIEW_COLUMNS, type AuditReviewRow } from './reviewRecord';

/*
 * Audit events carry no district: like bank rows, only an unrestricted caller sees them (`unrestrictedOnly()`,
 * $2: fail closed). Only privacy officers reach this subgraph at all (the audit-review purpose).
 */
export function createAuditLoaders(db: Database, scope: RowScope) {
  return {
    /** Keys are checked to be uuids before they are loaded (resolvers.ts), so the cast cannot fail. */
    eventById: rowByKey<AuditEventRow & { key: string }>(
      db,
      `SELECT e.id::text AS key, ${AUDIT_EVENT_COLUMNS} FROM audit_events e WHERE e.id = ANY($1::uuid[]) AND ${unrestrictedOnly()}`,
      scope,
    ),
    /**
     * By subject pseudonym: the events whose answer returned that subject, newest first. `@>` on
     * `record->'subjectPseudonyms'` is what the GIN (jsonb_path_ops) index serves. Refused operations
     * returned nothing, so they are not accesses to the person's data.
     */
    accessesBySubject: rowsByKey<AuditEventRow & { key: string }>(
      db,
      `SELECT s.key, ${AUDIT_EVENT_COLUMNS}
       FROM unnest($1::text[]) AS s(key)
       JOIN audit_events e ON (e.record->'subjectPseudonyms') @> jsonb_build_array(s.key)
       WHERE e.record->>'outcome' <> 'refused' AND ${unrestrictedOnly()}
       ORDER BY e.record->>'time' DESC, e.id DESC`,
      scope,
    ),
    /**
     * By subject pseudonym: the refused operations that named that subject (looked them up by identifier),
     * newest first. `namedSubjectPseudonyms` is GIN-indexed like `subjectPseudonyms` (003_reviews.sql).
     */
    refusedAttemptsBySubject: rowsByKey<AuditEventRow & { key: string }>(
      db,
      `SELECT s.key, ${AUDIT_EVENT_COLUMNS}
       FROM unnest($1::text[]) AS s(key)
       JOIN audit_events e ON (e.record->'namedSubjectPseudonyms') @> jsonb_build_array(s.key)
       WHERE e.record->>'outcome' = 'refused' AND ${unrestrictedOnly()}
       ORDER BY e.record->>'time' DESC, e.id DESC`,
      scope,
    ),
    /**
     * An event's reviews, newest first. Keys are ids of events already read in scope, so the reviews
     * need no condition of their own.
     */
    reviewsByEvent: rowsByKey<AuditReviewRow & { key: string }>(
      db,
      `SELECT r.event_id::text AS key, ${AUDIT_REVIEW_COLUMNS} FROM audit_reviews r WHERE r.event_id = ANY($1::uuid[]) ORDER BY r.id DESC`,
    ),
  };
}

export type AuditLoaders = ReturnType<typeof createAuditLoaders>;
