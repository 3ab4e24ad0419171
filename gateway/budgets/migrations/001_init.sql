-- Extraction budgets (gateway/budgets): what each user has taken under each purpose, shared by every
-- gateway instance so that a budget holds however many instances a caller's requests land on. Rows
-- hold keyed pseudonyms (the audit's AUDIT_SUBJECT_KEY), never an identifier in clear; they are kept a
-- day at most (the gateway prunes older rows as it charges).

-- Distinct data subjects an answer returned to a user under a purpose, per clock hour (UTC).
CREATE TABLE budget_subjects (
  user_subject text        NOT NULL,
  purpose      text        NOT NULL,
  hour         timestamptz NOT NULL,
  subject      text        NOT NULL,
  PRIMARY KEY (user_subject, purpose, hour, subject)
);

-- Distinct values a user looked subjects up by, for identifiers the purpose masks, per clock hour (UTC).
CREATE TABLE budget_lookups (
  user_subject text        NOT NULL,
  purpose      text        NOT NULL,
  hour         timestamptz NOT NULL,
  identifier   text        NOT NULL,
  value        text        NOT NULL,
  PRIMARY KEY (user_subject, purpose, hour, identifier, value)
);

-- A user's refused operations under a purpose: the refusal budget is a sliding window over these.
CREATE TABLE budget_refusals (
  id           bigserial   PRIMARY KEY,
  user_subject text        NOT NULL,
  purpose      text        NOT NULL,
  at           timestamptz NOT NULL DEFAULT now(),
  code         text        NOT NULL
);
CREATE INDEX budget_refusals_by_user ON budget_refusals (user_subject, purpose, at);

-- Grants, to a server-wide group role as for the audit log (audit/migrations/001_init.sql): the gateway's
-- LOGIN role is made a member by `npm run migrate -- --provision-roles`. It counts and prunes; nothing else.
REVOKE ALL ON budget_subjects, budget_lookups, budget_refusals FROM PUBLIC;

DO $$
DECLARE
  may_create boolean := (SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user);
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'govgraph_budget_keeper') THEN
    IF NOT may_create THEN
      RAISE NOTICE 'role govgraph_budget_keeper is missing and % may not create roles: create it and re-run the grants of gateway/budgets/migrations/001_init.sql', current_user;
      RETURN;
    END IF;
    BEGIN
      CREATE ROLE govgraph_budget_keeper NOLOGIN;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
      NULL; -- created meanwhile by a parallel migration of another budgets database
    END;
  END IF;
  GRANT SELECT, INSERT, DELETE ON budget_subjects, budget_lookups, budget_refusals TO govgraph_budget_keeper;
  GRANT USAGE ON SEQUENCE budget_refusals_id_seq TO govgraph_budget_keeper;
END;
$$;
