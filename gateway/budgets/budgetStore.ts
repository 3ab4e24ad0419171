import type { Database } from '../../subgraphs/kit/database';
import { createBudgetMemory, type BudgetKind, type BudgetMemory } from './budgetMemory';

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
 * gateway instance on the same database counts together. Each charge is one statement that takes a
 * transaction-scoped advisory lock on (user, purpose): two concurrent requests of one user are charged one
 * after the other, so they cannot both slip under a budget; other users are not held up. A charge of values
 * this gateway already saw charged this hour adds nothing and is not sent (budgetMemory.ts). Windows are
 * clock hours (UTC), as the audit's anomaly statistics count them; refusals use a sliding window.
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

/** What the door checks an owner against: the purpose's budgets. */
type DoorLimits = { subjects: number; refusals: number; windowMinutes: number };

/** The door's one row: this hour's counts, the refusal window, and when each frees. */
interface Door {
  subjects: number;
  lookups: number;
  subject_retry: number;
  refusals: number;
  refusal_retry: number | null;
}

export interface BudgetStoreOptions {
  /** What this gateway knows is charged this hour (budgetMemory.ts); a fresh one by default. */
  memory?: BudgetMemory;
}

export function createBudgetStore(db: Database, options: BudgetStoreOptions = {}): BudgetStore {
  const memory = options.memory ?? createBudgetMemory();

  /** Charges `rows` in one statement (migrations/002_charge_in_one_statement.sql), unless all are known charged. */
  const charge = async (owner: BudgetOwner, kind: BudgetKind, rows: readonly LookupValue[], limit: number, force: boolean): Promise<BudgetStanding> => {
    const keys = rows.map((row) => `${row.identifier}\n${row.value}`);
    const known = memory.covering(kind, owner.user, owner.purpose, keys);
    // Adds nothing, so within the budget whatever the count (`used` is this gateway's last sight of it).
    if (known !== undefined) return { used: known, limit, withinBudget: true, retryAfterSeconds: 1 };
    const [charged] = await db.query<{ used: number; added: number; within_budget: boolean; retry_after: number; ms_left_in_hour: string }>(
      'SELECT used, added, within_budget, retry_after, ms_left_in_hour FROM budget_charge($1, $2, $3, $4::text[], $5::text[], $6, $7)',
      [kind, owner.user, owner.purpose, rows.map((row) => row.identifier), rows.map((row) => row.value), limit, force],
      { prepared: 'govgraph-budget-charge' },
    );
    const { used, within_budget: withinBudget, retry_after: retryAfterSeconds, ms_left_in_hour: msLeft } = charged!;
    if (withinBudget || force) {
      memory.remember(kind, owner.user, owner.purpose, keys, used, Number(msLeft));
      changed(owner);
    }
    return { used, limit, withinBudget, retryAfterSeconds };
  };

  /** The door's one statement; what it counts also tells the memory whether the store was emptied. */
  const readDoor = async (owner: BudgetOwner, limits: DoorLimits): Promise<Door> => {
    const [row] = await db.query<Door>(
      `WITH w AS (
         SELECT at FROM budget_refusals
         WHERE user_subject = $1 AND purpose = $2 AND at > now() - make_interval(mins => $3::int)
         ORDER BY at
       )
       SELECT (SELECT count(*) FROM budget_subjects WHERE user_subject = $1 AND purpose = $2 AND hour = ${HOUR})::int AS subjects,
              (SELECT count(*) FROM budget_lookups WHERE user_subject = $1 AND purpose = $2 AND hour = ${HOUR})::int AS lookups,
              ${UNTIL_NEXT_HOUR} AS subject_retry,
              (SELECT count(*) FROM w)::int AS refusals,
              -- The window frees one place when its oldest refusal leaves it; it needs (count - limit + 1).
              (SELECT ceil(extract(epoch FROM at + make_interval(mins => $3::int) - now()))::int
                 FROM w OFFSET greatest((SELECT count(*) FROM w) - $4::int, 0) LIMIT 1) AS refusal_retry`,
      [owner.user, owner.purpose, limits.windowMinutes, limits.refusals],
      // On every request's path: parsed and planned once per connection.
      { prepared: 'govgraph-budget-door' },
    );
    const found = row as Door;
    memory.reconcile('subjects', owner.user, owner.purpose, found.subjects);
    memory.reconcile('lookups', owner.user, owner.purpose, found.lookups);
    return found;
  };

  /**
   * Door reads of one owner in flight, shared: requests of one user (an application's service account above all)
   * that arrive while its read is out take that read's answer instead of sending their own. Exact as far as this
   * gateway knows: a charge or a refusal of that owner committed here drops the shared read, so no request that
   * arrives after it is answered from a read that may have counted before it.
   */
  const doorReads = new Map<string, { limits: string; read: Promise<Door> }>();
  const ownerKeyOf = (owner: BudgetOwner) => JSON.stringify([owner.user, owner.purpose]);
  const sharedDoorRead = (owner: BudgetOwner, limits: DoorLimits): Promise<Door> => {
    const key = ownerKeyOf(owner);
    const limitsKey = `${limits.windowMinutes}/${limits.refusals}`;
    const shared = doorReads.get(key);
    if (shared && shared.limits === limitsKey) return shared.read;
    const read = readDoor(owner, limits);
    const entry = { limits: limitsKey, read };
    doorReads.set(key, entry);
    const done = () => {
      if (doorReads.get(key) === entry) doorReads.delete(key);
    };
    read.then(done, done);
    return read;
  };
  /** Something of `owner` was committed here: a read already out may have counted before it. */
  const changed = (owner: BudgetOwner) => doorReads.delete(ownerKeyOf(owner));

  return {
    async standing(owner, limits) {
      const found = await sharedDoorRead(owner, limits);
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
      charge(owner, 'subjects', subjects.map((value) => ({ identifier: '', value })), limit, force),
    chargeLookups: (owner, values, limit, force) => charge(owner, 'lookups', values, limit, force),
    async recordRefusal(owner, code) {
      await db.query(
        `WITH pruned AS (DELETE FROM budget_refusals WHERE user_subject = $1 AND at < now() - ${KEEP})
         INSERT INTO budget_refusals (user_subject, purpose, code) VALUES ($1, $2, $3)`,
        [owner.user, owner.purpose, code],
      );
      changed(owner);
    },
  };
}
