-- The privacy officers' reviews of audit events (the review queue: break-glass uses, budget and case
-- refusals). A review is a note beside the record it reviews, never a change to it: audit_events stays as
-- the gateway wrote it, and reviews are append-only too. A second review of an event adds a row; the
-- latest (highest id) is the event's reviewed state.

CREATE TABLE audit_reviews (
  id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,  -- order of reviews: the latest wins
  event_id    uuid        NOT NULL,  -- the reviewed record (audit_events.id)
  reviewer    jsonb       NOT NULL,  -- the officer, from the gateway's signed access context (AuditUser's shape)
  note        text        NOT NULL CHECK (length(note) BETWEEN 1 AND 2000),
  request_id  text        NOT NULL,  -- the gateway's request id: the review's own audit record carries it
  reviewed_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX audit_reviews_event ON audit_reviews (event_id, id);
-- No foreign key to audit_events: it would lock the reviewed record's row for every review, and a TRUNCATE
-- of the log would fail on the key instead of on the log's own append-only trigger. The review subgraph
-- stores a review only for an event it has just read (subgraphs/audit/resolvers.ts).

-- Append-only, as the log itself (001_init.sql's function).
CREATE TRIGGER audit_reviews_append_only BEFORE UPDATE OR DELETE ON audit_reviews
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_reviews_no_truncate BEFORE TRUNCATE ON audit_reviews
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

-- The queue: the records that need a human look, newest first. A partial index holds only them, so the
-- queue reads a few rows however long the log grows (reviewQueueQuery.ts repeats this condition exactly).
CREATE INDEX audit_events_review_queue ON audit_events ((record->>'time'), id)
  WHERE record ? 'breakGlass'
     OR (record->'errorCodes') ?| ARRAY['SUBJECT_BUDGET_EXCEEDED', 'IDENTIFIER_LOOKUP_BUDGET_EXCEEDED', 'REFUSAL_BUDGET_EXCEEDED',
                                        'OUTSIDE_CASE_SCOPE', 'CASE_NOT_FOUND', 'CASE_CLOSED', 'CASE_OUT_OF_JURISDICTION'];

-- The subjects an operation named (looked up by identifier), refused or not: a subject access report lists
-- the refused attempts that named the person, found as subjectPseudonyms are (GIN, jsonb_path_ops).
CREATE INDEX audit_events_named_subjects ON audit_events USING gin ((record->'namedSubjectPseudonyms') jsonb_path_ops);

-- The review subgraph (govgraph_audit_reader) reads the log and appends reviews: INSERT here and nowhere
-- else; no UPDATE, DELETE or TRUNCATE (and the triggers refuse those to anyone). The gateway has nothing here.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_reviews FROM PUBLIC;
DO $$
BEGIN
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'govgraph_audit_reader') THEN
    GRANT SELECT, INSERT ON audit_reviews TO govgraph_audit_reader;
    GRANT USAGE ON SEQUENCE audit_reviews_id_seq TO govgraph_audit_reader;
  END IF;
END;
$$;
