-- A charge in one round trip (gateway/budgets/budgetStore.ts). It was BEGIN, the (user, purpose) advisory
-- lock, a prune, a count, an insert and COMMIT: six statements, each a socket write and a wait, on every
-- answer and every lookup. As one function called in autocommit, the statement's own transaction holds the
-- lock, so two concurrent charges of one user are still counted one after the other.
--
-- kind is 'subjects' (budget_subjects; identifiers are ignored) or 'lookups' (budget_lookups). Nothing is
-- added when the hour would pass budget_limit, unless forced (break-glass). Returns what the hour holds
-- after the charge (before it, when refused), how many of the values were new, whether they fit the
-- budget (a forced charge is made even when they do not), the seconds until the next
-- hour (a refusal's Retry-After) and the milliseconds left in this hour as the database counts them, so a
-- gateway can remember what it charged for exactly as long as the hour lasts (budgetMemory.ts).
CREATE FUNCTION budget_charge(
  kind text, owner_user text, owner_purpose text, identifiers text[], vals text[], budget_limit int, force boolean,
  OUT used int, OUT added int, OUT within_budget boolean, OUT retry_after int, OUT ms_left_in_hour bigint
) LANGUAGE plpgsql AS $$
DECLARE
  this_hour constant timestamptz := date_trunc('hour', now(), 'UTC');
  -- The two tables differ only in their key: a subject, or an identifier and a value.
  tbl constant text := CASE kind WHEN 'subjects' THEN 'budget_subjects' WHEN 'lookups' THEN 'budget_lookups' END;
  key_columns constant text := CASE kind WHEN 'subjects' THEN 'subject' ELSE 'identifier, value' END;
  new_columns constant text := CASE kind WHEN 'subjects' THEN 'n.value' ELSE 'n.identifier, n.value' END;
  matches constant text := CASE kind WHEN 'subjects' THEN 'b.subject = n.value' ELSE 'b.identifier = n.identifier AND b.value = n.value' END;
BEGIN
  IF tbl IS NULL THEN
    RAISE EXCEPTION 'budget_charge: unknown kind %', kind;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtextextended('govgraph-budget' || chr(10) || owner_user || chr(10) || owner_purpose, 0));
  EXECUTE format('DELETE FROM %I WHERE user_subject = $1 AND hour < now() - interval ''1 day''', tbl) USING owner_user;
  EXECUTE format(
    'WITH n AS (SELECT DISTINCT * FROM unnest($3::text[], $4::text[]) AS n(identifier, value))
     SELECT (SELECT count(*) FROM %1$I WHERE user_subject = $1 AND purpose = $2 AND hour = $5)::int,
            (SELECT count(*) FROM n WHERE NOT EXISTS (
               SELECT 1 FROM %1$I b WHERE b.user_subject = $1 AND b.purpose = $2 AND b.hour = $5 AND %2$s))::int',
    tbl, matches)
    INTO used, added USING owner_user, owner_purpose, identifiers, vals, this_hour;
  retry_after := greatest(1, ceil(extract(epoch FROM this_hour + interval '1 hour' - now()))::int);
  ms_left_in_hour := floor(extract(epoch FROM this_hour + interval '1 hour' - clock_timestamp()) * 1000)::bigint;
  within_budget := added = 0 OR used + added <= budget_limit;
  IF within_budget OR force THEN
    IF added > 0 THEN
      EXECUTE format(
        'INSERT INTO %I (user_subject, purpose, hour, %s)
         SELECT DISTINCT $1, $2, $5, %s FROM unnest($3::text[], $4::text[]) AS n(identifier, value)
         ON CONFLICT DO NOTHING',
        tbl, key_columns, new_columns)
        USING owner_user, owner_purpose, identifiers, vals, this_hour;
    END IF;
    used := used + added;
  END IF;
END;
$$;

REVOKE ALL ON FUNCTION budget_charge(text, text, text, text[], text[], int, boolean) FROM PUBLIC;

DO $$
BEGIN
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'govgraph_budget_keeper') THEN
    GRANT EXECUTE ON FUNCTION budget_charge(text, text, text, text[], text[], int, boolean) TO govgraph_budget_keeper;
  ELSE
    RAISE NOTICE 'role govgraph_budget_keeper is missing: create it and re-run the grant of gateway/budgets/migrations/002_charge_in_one_statement.sql';
  END IF;
END;
$$;
