-- The checkpoint witness: a copy of every signed chain head, kept apart from the audit log (its own
-- database, ideally its own server). Whoever can rewrite the audit database — a superuser disabling
-- its triggers — can cut a chain's tail together with its checkpoints; the witness still holds them,
-- so `npm run audit:verify` names the records that are gone. See docs/audit.md, "The witness".

CREATE TABLE witness_checkpoints (
  id          bigserial   PRIMARY KEY,
  chain_id    text        NOT NULL,
  seq         bigint      NOT NULL CHECK (seq >= 1),
  hash        text        NOT NULL,
  signed_at   timestamptz NOT NULL,
  key_id      text        NOT NULL,
  signature   text        NOT NULL,   -- Ed25519, as in audit_checkpoints: the witness needs no key of its own
  received_at timestamptz NOT NULL DEFAULT now(),
  -- A checkpoint shipped twice (re-shipped after an outage whose answer was lost) is one row.
  UNIQUE (chain_id, seq, signature)
);

-- Append-only, as the audit tables: rows are never changed or removed, whoever connects.
CREATE FUNCTION witness_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege',
          HINT = 'witnessed checkpoints are never changed or removed; see docs/audit.md';
END;
$$;

CREATE TRIGGER witness_checkpoints_append_only BEFORE UPDATE OR DELETE ON witness_checkpoints
  FOR EACH ROW EXECUTE FUNCTION witness_refuse_change();
CREATE TRIGGER witness_checkpoints_no_truncate BEFORE TRUNCATE ON witness_checkpoints
  FOR EACH STATEMENT EXECUTE FUNCTION witness_refuse_change();

-- Grants, to a server-wide group role as for the audit log (audit/migrations/001_init.sql): the gateway's
-- LOGIN role is made a member by `npm run migrate -- --provision-roles`. It may add checkpoints and read
-- (chain_id, seq) to know what the witness lacks; nothing else.
REVOKE ALL ON witness_checkpoints FROM PUBLIC;

DO $$
DECLARE
  may_create boolean := (SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user);
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'govgraph_audit_witness_writer') THEN
    IF NOT may_create THEN
      RAISE NOTICE 'role govgraph_audit_witness_writer is missing and % may not create roles: create it and re-run the grants of audit/witnessMigrations/001_init.sql', current_user;
      RETURN;
    END IF;
    BEGIN
      CREATE ROLE govgraph_audit_witness_writer NOLOGIN;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
      NULL; -- created meanwhile by a parallel migration of another witness database
    END;
  END IF;
  GRANT INSERT ON witness_checkpoints TO govgraph_audit_witness_writer;
  GRANT SELECT (chain_id, seq) ON witness_checkpoints TO govgraph_audit_witness_writer;
  GRANT USAGE ON SEQUENCE witness_checkpoints_id_seq TO govgraph_audit_witness_writer;
END;
$$;
