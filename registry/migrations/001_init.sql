-- The schema registry (registry/): every version an agency published of its subgraph, with the checks'
-- report, and every supergraph the gateways served. The served supergraph is the one with the highest
-- version: a rollback adds a new version whose content is an earlier one, so history only grows.

-- One published version of one subgraph. `decision` is what the registry made of it; whether an accepted
-- version is served or superseded follows from the served supergraph (registry/registryStore.ts).
CREATE TABLE subgraph_versions (
  id              bigserial   PRIMARY KEY,
  subgraph        text        NOT NULL CHECK (subgraph ~ '^[a-z][a-z0-9_-]{0,62}$'),
  sdl             text        NOT NULL,
  url             text        NOT NULL,
  published_by    text        NOT NULL,
  published_at    timestamptz NOT NULL DEFAULT now(),
  decision        text        NOT NULL CHECK (decision IN ('accepted', 'awaiting-approval', 'refused', 'rejected')),
  report          jsonb       NOT NULL,
  approved_by     text,
  approved_at     timestamptz,
  decision_reason text
);
CREATE INDEX subgraph_versions_by_subgraph ON subgraph_versions (subgraph, id);
CREATE INDEX subgraph_versions_awaiting ON subgraph_versions (id) WHERE decision = 'awaiting-approval';

-- Every supergraph ever served, in order. `subgraph_versions` maps each subgraph name to the version id
-- it was composed from; `subgraph_urls` the routing URL of each.
CREATE TABLE supergraphs (
  version           integer     PRIMARY KEY CHECK (version >= 1),
  supergraph_sdl    text        NOT NULL,
  subgraph_versions jsonb       NOT NULL,
  subgraph_urls     jsonb       NOT NULL,
  accepted_at       timestamptz NOT NULL DEFAULT now(),
  accepted_by       text        NOT NULL,
  reason            text        NOT NULL,
  -- A rollback: the earlier version whose content this one serves again.
  restores_version  integer     REFERENCES supergraphs (version)
);

-- Grants, to a server-wide group role as for the budgets (gateway/budgets/migrations/001_init.sql): the
-- gateway's LOGIN role is made a member by `npm run migrate -- --provision-roles`. The gateway publishes
-- through /registry/graphql, so it inserts versions and supergraphs and records decisions; it deletes nothing.
REVOKE ALL ON subgraph_versions, supergraphs FROM PUBLIC;

DO $$
DECLARE
  may_create boolean := (SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user);
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'govgraph_registry_keeper') THEN
    IF NOT may_create THEN
      RAISE NOTICE 'role govgraph_registry_keeper is missing and % may not create roles: create it and re-run the grants of registry/migrations/001_init.sql', current_user;
      RETURN;
    END IF;
    BEGIN
      CREATE ROLE govgraph_registry_keeper NOLOGIN;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
      NULL; -- created meanwhile by a parallel migration of another registry database
    END;
  END IF;
  GRANT SELECT, INSERT ON subgraph_versions, supergraphs TO govgraph_registry_keeper;
  GRANT UPDATE (decision, approved_by, approved_at, decision_reason) ON subgraph_versions TO govgraph_registry_keeper;
  GRANT USAGE ON SEQUENCE subgraph_versions_id_seq TO govgraph_registry_keeper;
END;
$$;
