-- What the schema registry reads of the log (registry/checks/recordedOperations.ts): which operation
-- documents ran, when, under which purpose, from which application, and how they ended — never who ran
-- them, whom they were about or what values they carried. The document is the recorded one, every
-- literal already a keyed pseudonym. A view, so the registry's role is granted this and not the records.
CREATE VIEW recorded_operations AS
  SELECT record->>'time'                       AS at,
         record->>'outcome'                    AS outcome,
         record->>'purpose'                    AS purpose,
         record->>'client'                     AS client,
         record->'operation'->>'name'          AS name,
         record->'operation'->>'documentHash'  AS document_hash,
         record->'operation'->>'document'      AS document
    FROM audit_events;

REVOKE ALL ON recorded_operations FROM PUBLIC;

DO $$
DECLARE
  may_create boolean := (SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user);
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'govgraph_operations_reader') THEN
    IF NOT may_create THEN
      RAISE NOTICE 'role govgraph_operations_reader is missing and % may not create roles: create it and re-run the grants of audit/migrations/004_recorded_operations.sql', current_user;
      RETURN;
    END IF;
    BEGIN
      CREATE ROLE govgraph_operations_reader NOLOGIN;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
      NULL; -- created meanwhile by a parallel migration of another audit database
    END;
  END IF;
  GRANT SELECT ON recorded_operations TO govgraph_operations_reader;
END;
$$;
