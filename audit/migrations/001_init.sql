-- The audit log: one row per operation through the gateway, hash-chained per gateway instance.
-- The table contract is shared with the audit review subgraph (subgraphs/audit); see docs/audit.md.

CREATE TABLE audit_events (
  chain_id  text   NOT NULL,          -- one chain per gateway instance (AUDIT_CHAIN_ID)
  seq       bigint NOT NULL CHECK (seq >= 1),
  id        uuid   NOT NULL UNIQUE,   -- the record id clients see in extensions.privacy.auditRecordId
  record    jsonb  NOT NULL,          -- the whole record; record.id/chainId/seq equal the columns
  prev_hash text   NOT NULL,          -- hash of (chain_id, seq - 1); 64 zeros for seq 1
  hash      text   NOT NULL,          -- sha256 hex of prev_hash || '\n' || canonicalJson(record)
  PRIMARY KEY (chain_id, seq)
);

-- For the review API: by time, by user over time, by data subject, by purpose, by outcome.
-- Times are ISO-8601 UTC with milliseconds, so they sort correctly as text.
CREATE INDEX audit_events_time ON audit_events ((record->>'time'));
CREATE INDEX audit_events_user_time ON audit_events ((record->'user'->>'username'), (record->>'time'));
CREATE INDEX audit_events_subjects ON audit_events USING gin ((record->'subjectPseudonyms') jsonb_path_ops);
CREATE INDEX audit_events_purpose_time ON audit_events ((record->>'purpose'), (record->>'time'));
CREATE INDEX audit_events_outcome_time ON audit_events ((record->>'outcome'), (record->>'time'));

-- Signed chain heads: what a verifier trusts beyond the chain itself.
CREATE TABLE audit_checkpoints (
  id        bigserial   PRIMARY KEY,
  chain_id  text        NOT NULL,
  seq       bigint      NOT NULL,
  hash      text        NOT NULL,
  signed_at timestamptz NOT NULL,
  key_id    text        NOT NULL,   -- RFC 7638 thumbprint of the signing key
  signature text        NOT NULL    -- Ed25519 over chain_id \n seq \n hash \n signed_at, base64url
);
CREATE INDEX audit_checkpoints_chain_seq ON audit_checkpoints (chain_id, seq);

-- Append-only, enforced in the database itself: whoever connects, rows are never changed or removed.
-- (A superuser can still disable the triggers; the hash chain and signed checkpoints detect what follows.)
CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege',
          HINT = 'audit records are never changed or removed; see docs/audit.md';
END;
$$;

CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON audit_checkpoints
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

-- Grants. Roles belong to the whole server, so several audit databases (and parallel migrations of
-- them) share these two group roles. Production connects the gateway as a LOGIN role that is a member
-- of govgraph_audit_writer, and the review subgraph as a member of govgraph_audit_reader; neither owns
-- the tables, so neither can change them, disable the triggers or drop anything.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_events, audit_checkpoints FROM PUBLIC;

DO $$
DECLARE
  may_create boolean := (SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user);
  role_name text;
BEGIN
  FOREACH role_name IN ARRAY ARRAY['govgraph_audit_writer', 'govgraph_audit_reader'] LOOP
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = role_name) THEN
      IF NOT may_create THEN
        -- A managed server may not let the migrating user create roles: grant to them by hand then.
        RAISE NOTICE 'role % is missing and % may not create roles: create it and re-run the grants of audit/migrations/001_init.sql', role_name, current_user;
        CONTINUE;
      END IF;
      BEGIN
        EXECUTE format('CREATE ROLE %I NOLOGIN', role_name);
      EXCEPTION WHEN duplicate_object OR unique_violation THEN
        NULL; -- created meanwhile by a parallel migration of another audit database
      END;
    END IF;
  END LOOP;

  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'govgraph_audit_writer') THEN
    GRANT SELECT, INSERT ON audit_events, audit_checkpoints TO govgraph_audit_writer;
    GRANT USAGE ON SEQUENCE audit_checkpoints_id_seq TO govgraph_audit_writer;
  END IF;
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'govgraph_audit_reader') THEN
    GRANT SELECT ON audit_events, audit_checkpoints TO govgraph_audit_reader;
  END IF;
END;
$$;
