import { randomBytes } from 'node:crypto';
import { budgetDatabaseName, openBudgetDatabase } from '../../gateway/budgets/budgetDatabase';
import { createBudgetStore, type BudgetOwner } from '../../gateway/budgets/budgetStore';
import { databaseUrl, dropDatabase } from '../../runtime/databases';
import { openDatabase, type Database } from '../../subgraphs/kit/database';
import { testServerUrl } from '../support/agencyDatabases';

/** The shared count on a real PostgreSQL: one statement per charge, and the memory in front of it. */
const prefix = `gg_budgetstore_${randomBytes(3).toString('hex')}`;
let db: Database;
let other: Database;

beforeAll(async () => {
  db = await openBudgetDatabase({ serverUrl: testServerUrl(), prefix, onError: () => undefined });
  // A second pool on the same database: another gateway instance, or another session holding a lock.
  other = openDatabase({ connectionString: databaseUrl(testServerUrl(), budgetDatabaseName(prefix)), name: 'budgets-other', onError: () => undefined });
});

afterAll(async () => {
  await other?.close();
  await db?.close();
  await dropDatabase(testServerUrl(), budgetDatabaseName(prefix));
});

let owners = 0;
const freshOwner = (): BudgetOwner => ({ user: `user-${(owners += 1)}`, purpose: 'financial-risk-monitoring' });
const lockKey = (owner: BudgetOwner) => [`govgraph-budget\n${owner.user}\n${owner.purpose}`];

describe('charging the extraction budgets', () => {
  it('adds distinct values up to the limit, refuses past it, and a forced charge goes past it', async () => {
    const store = createBudgetStore(db);
    const owner = freshOwner();
    await expect(store.chargeSubjects(owner, ['a', 'b', 'a'], 3, false)).resolves.toMatchObject({ used: 2, withinBudget: true });
    await expect(store.chargeSubjects(owner, ['b', 'c', 'd'], 3, false)).resolves.toMatchObject({ used: 2, withinBudget: false });
    const forced = await store.chargeSubjects(owner, ['c', 'd'], 3, true);
    expect(forced).toMatchObject({ used: 4, withinBudget: false });
    expect(forced.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(forced.retryAfterSeconds).toBeLessThanOrEqual(3_600);
    await expect(store.chargeLookups(owner, [{ identifier: 'Person.idNumber', value: 'x' }, { identifier: 'Person.idNumber', value: 'x' }], 1, false)).resolves.toMatchObject({ used: 1, withinBudget: true });
    await expect(store.chargeLookups(owner, [{ identifier: 'Person.phone', value: 'x' }], 1, false)).resolves.toMatchObject({ used: 1, withinBudget: false });
    const [{ count }] = (await db.query<{ count: string }>('SELECT count(*) FROM budget_subjects WHERE user_subject = $1', [owner.user])) as [{ count: string }];
    expect(Number(count)).toBe(4);
  });

  it('counts concurrent charges of one user one after the other: together they cannot pass the limit', async () => {
    const owner = freshOwner();
    const stores = [createBudgetStore(db), createBudgetStore(other)];
    const pages = Array.from({ length: 8 }, (_, page) => Array.from({ length: 10 }, (__, row) => `s${page}-${row}`));
    const charged = await Promise.all(pages.map((page, index) => stores[index % 2]!.chargeSubjects(owner, page, 35, false)));
    expect(charged.filter((standing) => standing.withinBudget)).toHaveLength(3);
    const [{ count }] = (await db.query<{ count: string }>('SELECT count(*) FROM budget_subjects WHERE user_subject = $1', [owner.user])) as [{ count: string }];
    expect(Number(count)).toBe(30);
  });

  it('answers a charge of values it saw charged this hour without the store, and asks the store for any new one', async () => {
    const store = createBudgetStore(db);
    const owner = freshOwner();
    await store.chargeSubjects(owner, ['a', 'b'], 3, false);
    // Another session holds the user's charge lock: whatever asks the store for this user now waits.
    const holder = await other.pool.connect();
    const waited = (ms: number) => new Promise<'waited'>((resolve) => setTimeout(() => resolve('waited'), ms));
    let locked = true;
    const unlock = async () => {
      if (locked) await holder.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', lockKey(owner));
      locked = false;
    };
    try {
      await holder.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', lockKey(owner));
      await expect(Promise.race([store.chargeSubjects(owner, ['b', 'a'], 3, false), waited(1_000)])).resolves.toMatchObject({ used: 2, withinBudget: true });
      const fresh = store.chargeSubjects(owner, ['a', 'c'], 3, false);
      await expect(Promise.race([fresh, waited(300)])).resolves.toBe('waited');
      await unlock();
      await expect(fresh).resolves.toMatchObject({ used: 3, withinBudget: true });
    } finally {
      await unlock();
      holder.release();
    }
  });

  it('never answers from memory a refused charge: values refused are not known charged', async () => {
    const store = createBudgetStore(db);
    const owner = freshOwner();
    await store.chargeSubjects(owner, ['a', 'b', 'c'], 3, false);
    await expect(store.chargeSubjects(owner, ['d'], 3, false)).resolves.toMatchObject({ withinBudget: false });
    await expect(store.chargeSubjects(owner, ['d'], 3, false)).resolves.toMatchObject({ withinBudget: false });
  });

  it('notices at the door that the store was emptied, and charges again what it had seen', async () => {
    const store = createBudgetStore(db);
    const owner = freshOwner();
    await store.chargeSubjects(owner, ['a', 'b'], 3, false);
    await db.query('DELETE FROM budget_subjects WHERE user_subject = $1', [owner.user]);
    await expect(store.standing(owner, { subjects: 3, refusals: 5, windowMinutes: 10 })).resolves.toMatchObject({ subjects: { used: 0 } });
    await store.chargeSubjects(owner, ['a', 'b'], 3, false);
    // Had a and b been taken as charged, the store would hold none of them and c, d would fit.
    await expect(store.chargeSubjects(owner, ['c', 'd'], 3, false)).resolves.toMatchObject({ used: 2, withinBudget: false });
  });

  it("shares one door read among one owner's concurrent requests, and only that owner's", async () => {
    const store = createBudgetStore(db);
    const owner = freshOwner();
    const limits = { subjects: 50, refusals: 5, windowMinutes: 10 };
    const before = db.statementCount;
    const standings = await Promise.all([...Array.from({ length: 8 }, () => store.standing(owner, limits)), store.standing(freshOwner(), limits)]);
    expect(db.statementCount - before).toBe(2);
    for (const standing of standings) expect(standing).toMatchObject({ subjects: { used: 0 }, refusals: { used: 0 } });
  });

  it('never answers a request from a door read that was out when a refusal of that owner was committed here', async () => {
    const store = createBudgetStore(db);
    const owner = freshOwner();
    const limits = { subjects: 50, refusals: 5, windowMinutes: 10 };
    // Another session holds a table the door reads (and a refusal does not write): the read stays out.
    const holder = await other.pool.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE budget_lookups IN ACCESS EXCLUSIVE MODE');
      const before = db.statementCount;
      const first = store.standing(owner, limits);
      await store.recordRefusal(owner, 'FORBIDDEN_FIELDS');
      const second = store.standing(owner, limits);
      // The second asked for itself: the door read, the refusal, the second door read.
      expect(db.statementCount - before).toBe(3);
      await holder.query('COMMIT');
      await first;
      await expect(second).resolves.toMatchObject({ refusals: { used: 1 } });
    } finally {
      await holder.query('ROLLBACK').catch(() => undefined);
      holder.release();
    }
  });

  it('refuses an unknown kind in the database, whoever calls the function', async () => {
    await expect(db.query("SELECT * FROM budget_charge('refusals', 'u', 'p', '{}', '{}', 1, false)")).rejects.toThrow(/unknown kind/);
  });
});
