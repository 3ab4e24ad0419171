-- Data-sharing agreements (agreements/, issue 13): applications ask for named operations under a purpose,
-- every agency whose data they read approves through its data steward and a privacy officer approves the
-- purpose fit; the agreement is what the gateway enforces for that application (gateway/agreements).
-- Times are timestamptz; document hashes are SHA-256 lower-case hex of the exact stored document text.

-- The applications: clients of the realm (identity/realm.ts), one per seed system.
CREATE TABLE applications (
  client_id   text  PRIMARY KEY,
  name        text  NOT NULL,
  seed_system text  NOT NULL,
  owning_unit text  NOT NULL,
  contacts    jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(contacts) = 'array')
);

CREATE TABLE sharing_requests (
  id            uuid        PRIMARY KEY,
  client_id     text        NOT NULL REFERENCES applications (client_id),
  title         text        NOT NULL,
  justification text        NOT NULL,
  purpose       text        NOT NULL,
  legal_basis   text[]      NOT NULL,
  valid_from    timestamptz NOT NULL,
  valid_to      timestamptz NOT NULL,
  status        text        NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'APPROVED', 'REJECTED')),
  submitted_at  timestamptz NOT NULL DEFAULT now(),
  submitted_by  text        NOT NULL,
  decided_at    timestamptz,
  CHECK (valid_to > valid_from)
);
CREATE INDEX sharing_requests_by_status ON sharing_requests (status, submitted_at);

-- Each named operation of the submitted document, stored as a document of its own (the operation and the
-- fragments it uses), with the decision view computed at submission: the agencies it reads and the
-- fields it reaches with their effect (allow | mask, with the strategy).
CREATE TABLE requested_operations (
  request_id    uuid    NOT NULL REFERENCES sharing_requests (id),
  position      integer NOT NULL,
  name          text    NOT NULL,
  document      text    NOT NULL,
  document_hash text    NOT NULL CHECK (document_hash ~ '^[0-9a-f]{64}$'),
  variables     text[]  NOT NULL,
  agencies      text[]  NOT NULL,
  fields        jsonb   NOT NULL CHECK (jsonb_typeof(fields) = 'array'),
  PRIMARY KEY (request_id, position),
  UNIQUE (request_id, name)
);

-- One seat per agency the request reads (data-steward:<agency>) and one for the privacy officer.
CREATE TABLE approvals (
  request_id         uuid        NOT NULL REFERENCES sharing_requests (id),
  seat               text        NOT NULL CHECK (seat = 'privacy-officer' OR seat ~ '^data-steward:[a-z]+$'),
  status             text        NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'APPROVED', 'REJECTED')),
  decided_by         text,
  decided_by_subject text,
  decided_at         timestamptz,
  reason             text,
  PRIMARY KEY (request_id, seat),
  CHECK ((status = 'PENDING') = (decided_at IS NULL))
);

CREATE TABLE agreements (
  id            uuid        PRIMARY KEY,
  request_id    uuid        NOT NULL UNIQUE REFERENCES sharing_requests (id),
  client_id     text        NOT NULL REFERENCES applications (client_id),
  purpose       text        NOT NULL,
  legal_basis   text[]      NOT NULL,
  valid_from    timestamptz NOT NULL,
  valid_to      timestamptz NOT NULL,
  approvers     text[]      NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  revoked_at    timestamptz,
  revoked_by    text,
  revoke_reason text,
  CHECK (valid_to > valid_from),
  CHECK ((revoked_at IS NULL) = (revoked_by IS NULL))
);
CREATE INDEX agreements_by_client ON agreements (client_id);

CREATE TABLE agreement_operations (
  agreement_id  uuid NOT NULL REFERENCES agreements (id),
  name          text NOT NULL,
  document      text NOT NULL,
  document_hash text NOT NULL CHECK (document_hash ~ '^[0-9a-f]{64}$'),
  PRIMARY KEY (agreement_id, name)
);
CREATE INDEX agreement_operations_by_hash ON agreement_operations (document_hash);

-- Every workflow step, with who took it: appended, never changed.
CREATE TABLE agreement_events (
  id           bigserial   PRIMARY KEY,
  at           timestamptz NOT NULL DEFAULT clock_timestamp(),
  actor        text        NOT NULL,
  action       text        NOT NULL,
  request_id   uuid        REFERENCES sharing_requests (id),
  agreement_id uuid        REFERENCES agreements (id),
  detail       text
);
CREATE INDEX agreement_events_by_request ON agreement_events (request_id, id);
CREATE INDEX agreement_events_by_agreement ON agreement_events (agreement_id, id);

-- Append-only where the record must not move: the event log and an agreement's operations.
CREATE FUNCTION agreements_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege',
          HINT = 'workflow events and agreed operations are never changed or removed';
END;
$$;
CREATE TRIGGER agreement_events_append_only BEFORE UPDATE OR DELETE ON agreement_events
  FOR EACH ROW EXECUTE FUNCTION agreements_refuse_change();
CREATE TRIGGER agreement_events_no_truncate BEFORE TRUNCATE ON agreement_events
  FOR EACH STATEMENT EXECUTE FUNCTION agreements_refuse_change();
CREATE TRIGGER agreement_operations_append_only BEFORE UPDATE OR DELETE ON agreement_operations
  FOR EACH ROW EXECUTE FUNCTION agreements_refuse_change();
CREATE TRIGGER agreement_operations_no_truncate BEFORE TRUNCATE ON agreement_operations
  FOR EACH STATEMENT EXECUTE FUNCTION agreements_refuse_change();

-- An agreement is never deleted, and changes once only: its revocation. Its terms are what was approved.
CREATE FUNCTION agreements_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'agreements are never deleted: revoke instead' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF OLD.revoked_at IS NOT NULL THEN
    RAISE EXCEPTION 'agreement % is revoked: it does not change any more', OLD.id USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF (NEW.id, NEW.request_id, NEW.client_id, NEW.purpose, NEW.legal_basis, NEW.valid_from, NEW.valid_to, NEW.approvers, NEW.created_at)
     IS DISTINCT FROM
     (OLD.id, OLD.request_id, OLD.client_id, OLD.purpose, OLD.legal_basis, OLD.valid_from, OLD.valid_to, OLD.approvers, OLD.created_at) THEN
    RAISE EXCEPTION 'an agreement''s terms do not change: only its revocation is recorded' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER agreements_change_guard BEFORE UPDATE OR DELETE ON agreements
  FOR EACH ROW EXECUTE FUNCTION agreements_guard();
CREATE TRIGGER agreements_no_truncate BEFORE TRUNCATE ON agreements
  FOR EACH STATEMENT EXECUTE FUNCTION agreements_refuse_change();

-- NOTIFY govgraph_agreements on every change, from the database itself: whatever writes, every gateway
-- instance listening refreshes its directory (it also polls, for what a lost connection missed and for expiry).
CREATE FUNCTION agreements_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('govgraph_agreements', TG_TABLE_NAME);
  RETURN NULL;
END;
$$;
CREATE TRIGGER applications_notify AFTER INSERT OR UPDATE OR DELETE ON applications
  FOR EACH STATEMENT EXECUTE FUNCTION agreements_notify();
CREATE TRIGGER sharing_requests_notify AFTER INSERT OR UPDATE OR DELETE ON sharing_requests
  FOR EACH STATEMENT EXECUTE FUNCTION agreements_notify();
CREATE TRIGGER approvals_notify AFTER INSERT OR UPDATE OR DELETE ON approvals
  FOR EACH STATEMENT EXECUTE FUNCTION agreements_notify();
CREATE TRIGGER agreements_notify AFTER INSERT OR UPDATE ON agreements
  FOR EACH STATEMENT EXECUTE FUNCTION agreements_notify();
CREATE TRIGGER agreement_operations_notify AFTER INSERT ON agreement_operations
  FOR EACH STATEMENT EXECUTE FUNCTION agreements_notify();

-- Grants, to a server-wide group role as for the audit log and the budgets: the gateway (which serves the
-- workflow API and reads what is in force) is made a member by `npm run migrate -- --provision-roles`.
-- It reads, appends, and moves a request, a seat or an agreement along; it deletes nothing.
REVOKE ALL ON applications, sharing_requests, requested_operations, approvals, agreements, agreement_operations, agreement_events FROM PUBLIC;

DO $$
DECLARE
  may_create boolean := (SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user);
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'govgraph_agreements_keeper') THEN
    IF NOT may_create THEN
      RAISE NOTICE 'role govgraph_agreements_keeper is missing and % may not create roles: create it and re-run the grants of agreements/migrations/001_init.sql', current_user;
      RETURN;
    END IF;
    BEGIN
      CREATE ROLE govgraph_agreements_keeper NOLOGIN;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
      NULL; -- created meanwhile by a parallel migration of another agreements database
    END;
  END IF;
  GRANT SELECT, INSERT ON applications, sharing_requests, requested_operations, approvals, agreements, agreement_operations, agreement_events
    TO govgraph_agreements_keeper;
  GRANT UPDATE ON applications, sharing_requests, approvals, agreements TO govgraph_agreements_keeper;
  GRANT USAGE ON SEQUENCE agreement_events_id_seq TO govgraph_agreements_keeper;
END;
$$;
