import type { PoolClient } from 'pg';
import type { Database } from '../../subgraphs/kit/database';

/** Whose budget: one user under one purpose. */
export interface BudgetOwner {
  /** The token's subject (identity.subject). */
  readonly user: string;
  readonly purpose: string;
}

/** The outcome of charging a budget, or of reading where it stands. */
export interface BudgetStanding {
  /** What the window holds after the charge (or before it, when refused). */
  readonly used: number;
  readonly limit: number;
  /** Within the budget; a forced charge (break-glass) is recorded even when it is not. */
  readonly withinBudget: boolean;
  /** Seconds until the window frees enough for one more: the Retry-After of a refusal. */
  readonly retryAfterSeconds: number;
}

/** One identifier value looked up, as a keyed pseudonym. */
export interface LookupValue {
  readonly identifier: string;
  readonly value: string;
}

/**
 * The shared count behind the extraction budgets (migrations/001_init.sql), in PostgreSQL so that every
 * gateway instance on the same database counts together. Each charge takes a transaction-scoped advisory
 * lock on (user, purpose): two concurrent requests of one user are charged one after the other, so they
 * cannot both slip under a budget; other users are not held up. Windows are clock hours (UTC), as the
 * audit's anomaly statistics count them; refusals use a sliding window.
 */
export interface BudgetStore {
  /** Distinct subjects this hour and refusals in the window, for the check at the door. */
  standing(owner: BudgetOwner, limits: { subjects: number; refusals: number; windowMinutes: number }): Promise<{ subjects: BudgetStanding; refusals: BudgetStanding }>;
  /** Adds the subjects an answer returned, unless that takes the hour past `limit` (then nothing is added, unless forced). */
  chargeSubjects(owner: BudgetOwner, subjects: readonly string[], limit: number, force: boolean): Promise<BudgetStanding>;
  /** The same for the values an operation looked subjects up by. */
  chargeLookups(owner: BudgetOwner, values: readonly LookupValue[], limit: number, force: boolean): Promise<BudgetStanding>;
  /** Notes one refused operation. */
  recordRefusal(owner: BudgetOwner, code: string): Promise<void>;
}

/** Rows older than this are pruned as a user is charged: no window is longer than an hour. */
const KEEP = "interval '1 day'";
const HOUR = "date_trunc('hour', now(), 'UTC')";
const UNTIL_NEXT_HOUR = `ceil(extract(epoch FROM ${HOUR} + interval '1 hour' - now()))::int`;

export function createBudgetStore(db: Database): BudgetStore {
  /** Runs `work` in a transaction holding the (user, purpose) lock. */
  const locked = async <T>(owner: BudgetOwner, work: (client: PoolClient) => Promise<T>): Promise<T> => {
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query("SELECT pg_advisory_xact_lock(hashtextextended('govgraph-budget' || chr(10) || $1 || chr(10) || $2, 0))", [owner.user, owner.purpose]);
      const result = await work(client);
      await client.query('COMMIT');
      client.release();
      return result;
    } catch (error) {
      const rolledBack = await client.query('ROLLBACK').then(
        () => true,
        () => false,
      );
      // A connection that could not even roll back is broken: destroyed, not returned to the pool.
      client.release(rolledBack ? undefined : (error as Error));
      throw error;
    }
  };

  /** Counts what the hour holds, what `rows` would add, and adds them when allowed. */
  const charge = async (
    owner: BudgetOwner,
    table: 'budget_subjects' | 'budget_lookups',
    rows: readonly { identifier: string; value: string }[],
    limit: number,
    force: boolean,
  ): Promise<BudgetStanding> =>
    locked(owner, async (client) => {
      const identifiers = rows.map((row) => row.identifier);
      const values = rows.map((row) => row.value);
      const key = table === 'budget_subjects' ? 'subject' : 'identifier, value';
      const match = table === 'budget_subjects' ? 'b.subject = n.value' : 'b.identifier = n.identifier AND b.value = n.value';
      await client.query(`DELETE FROM ${table} WHERE user_subject = $1 AND hour < now() - ${KEEP}`, [owner.user]);
      const [counted] = (
        await client.query<{ used: number; added: number; retry: number }>(
          `WITH n AS (SELECT DISTINCT * FROM unnest($3::text[], $4::text[]) AS n(identifier, value))
           SELECT (SELECT count(*) FROM ${table} WHERE user_subject = $1 AND purpose = $2 AND hour = ${HOUR})::int AS used,
                  (SELECT count(*) FROM n WHERE NOT EXISTS (
                     SELECT 1 FROM ${table} b WHERE b.user_subject = $1 AND b.purpose = $2 AND b.hour = ${HOUR} AND ${match}))::int AS added,
                  ${UNTIL_NEXT_HOUR} AS retry`,
          [owner.user, owner.purpose, identifiers, values],
        )
      ).rows as [{ used: number; added: number; retry: number }];
      const withinBudget = counted.added === 0 || counted.used + counted.added <= limit;
      if (!withinBudget && !force) return { used: counted.used, limit, withinBudget, retryAfterSeconds: Math.max(1, counted.retry) };
      if (counted.added > 0) {
        const columns = table === 'budget_subjects' ? 'n.value' : 'n.identifier, n.value';
        await client.query(
          `INSERT INTO ${table} (user_subject, purpose, hour, ${key})
           SELECT DISTINCT $1, $2, ${HOUR}, ${columns} FROM unnest($3::text[], $4::text[]) AS n(identifier, value)
           ON CONFLICT DO NOTHING`,
          [owner.user, owner.purpose, identifiers, values],
        );
      }
      return { used: counted.used + counted.added, limit, withinBudget, retryAfterSeconds: Math.max(1, counted.retry) };
    });

  return {
    async standing(owner, limits) {
      const [row] = await db.query<{ subjects: number; subject_retry: number; refusals: number; refusal_retry: number | null }>(
        `WITH w AS (
           SELECT at FROM budget_refusals
           WHERE user_subject = $1 AND purpose = $2 AND at > now() - make_interval(mins => $3::int)
           ORDER BY at
         )
         SELECT (SELECT count(*) FROM budget_subjects WHERE user_subject = $1 AND purpose = $2 AND hour = ${HOUR})::int AS subjects,
                ${UNTIL_NEXT_HOUR} AS subject_retry,
                (SELECT count(*) FROM w)::int AS refusals,
                -- The window frees one place when its oldest refusal leaves it; it needs (count - limit + 1).
                (SELECT ceil(extract(epoch FROM at + make_interval(mins => $3::int) - now()))::int
                   FROM w OFFSET greatest((SELECT count(*) FROM w) - $4::int, 0) LIMIT 1) AS refusal_retry`,
        [owner.user, owner.purpose, limits.windowMinutes, limits.refusals],
      );
      const found = row as { subjects: number; subject_retry: number; refusals: number; refusal_retry: number | null };
      return {
        subjects: {
          used: found.subjects,
          limit: limits.subjects,
          withinBudget: found.subjects < limits.subjects,
          retryAfterSeconds: Math.max(1, found.subject_retry),
        },
        refusals: {
          used: found.refusals,
          limit: limits.refusals,
          withinBudget: found.refusals < limits.refusals,
          retryAfterSeconds: Math.max(1, found.refusal_retry ?? 1),
        },
      };
    },
    chargeSubjects: (owner, subjects, limit, force) =>
      charge(owner, 'budget_subjects', subjects.map((value) => ({ identifier: '', value })), limit, force),
    chargeLookups: (owner, values, limit, force) => charge(owner, 'budget_lookups', values, limit, force),
    async recordRefusal(owner, code) {
      await db.query(
        `WITH pruned AS (DELETE FROM budget_refusals WHERE user_subject = $1 AND at < now() - ${KEEP})
         INSERT INTO budget_refusals (user_subject, purpose, code) VALUES ($1, $2, $3)`,
        [owner.user, owner.purpose, code],
      );
    },
  };
}
