-- The gateway (govgraph_audit_writer) appends records and signs the chain head. For that it reads the
-- head's position and hash, and the checkpoints (to ship them to the witness again after an outage) —
-- never a record's content: a gateway taken over must not be able to read back who looked at whom.
-- Column privileges: SELECT on (chain_id, seq, hash) is exactly what the writer's head query touches.
DO $$
BEGIN
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'govgraph_audit_writer') THEN
    REVOKE SELECT ON audit_events FROM govgraph_audit_writer;
    GRANT SELECT (chain_id, seq, hash) ON audit_events TO govgraph_audit_writer;
  END IF;
END;
$$;
