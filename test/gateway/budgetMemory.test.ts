import { createBudgetMemory } from '../../gateway/budgets/budgetMemory';

const HOUR_LEFT = 30 * 60_000;

describe('the memory of what was charged this hour', () => {
  it('covers a charge only when every key is known, for that owner and kind alone', () => {
    const memory = createBudgetMemory();
    memory.remember('subjects', 'u1', 'p', ['a', 'b'], 2, HOUR_LEFT);
    expect(memory.covering('subjects', 'u1', 'p', ['a'])).toBe(2);
    expect(memory.covering('subjects', 'u1', 'p', ['b', 'a'])).toBe(2);
    expect(memory.covering('subjects', 'u1', 'p', ['a', 'c'])).toBeUndefined();
    expect(memory.covering('subjects', 'u2', 'p', ['a'])).toBeUndefined();
    expect(memory.covering('subjects', 'u1', 'q', ['a'])).toBeUndefined();
    expect(memory.covering('lookups', 'u1', 'p', ['a'])).toBeUndefined();
  });

  it('keeps owners apart whatever characters their names hold', () => {
    const memory = createBudgetMemory();
    memory.remember('subjects', 'u1\np', 'q', ['a'], 1, HOUR_LEFT);
    memory.remember('subjects', 'u1","p', 'q', ['a'], 1, HOUR_LEFT);
    expect(memory.covering('subjects', 'u1', 'p\nq', ['a'])).toBeUndefined();
    expect(memory.covering('subjects', 'u1', 'p","q', ['a'])).toBeUndefined();
  });

  it('forgets an owner when the hour the database counted ends, a margin early', () => {
    let now = 1_000_000;
    const memory = createBudgetMemory({ clock: () => now });
    memory.remember('subjects', 'u1', 'p', ['a'], 1, 10_000);
    now += 8_500;
    expect(memory.covering('subjects', 'u1', 'p', ['a'])).toBe(1);
    now += 600; // 9.1 s of the 10 s left: within the last second
    expect(memory.covering('subjects', 'u1', 'p', ['a'])).toBeUndefined();
  });

  it('remembers nothing charged in the hour’s last second', () => {
    const memory = createBudgetMemory();
    memory.remember('subjects', 'u1', 'p', ['a'], 1, 900);
    expect(memory.covering('subjects', 'u1', 'p', ['a'])).toBeUndefined();
  });

  it('forgets an owner whose rows the store no longer holds (an emptied store), and only then', () => {
    const memory = createBudgetMemory();
    memory.remember('subjects', 'u1', 'p', ['a', 'b'], 2, HOUR_LEFT);
    memory.reconcile('subjects', 'u1', 'p', 5);
    expect(memory.covering('subjects', 'u1', 'p', ['a'])).toBe(2);
    memory.reconcile('subjects', 'u1', 'p', 1);
    expect(memory.covering('subjects', 'u1', 'p', ['a'])).toBeUndefined();
  });

  it('is bounded: owners least recently used go first, and keys past the bound are not remembered', () => {
    const memory = createBudgetMemory({ maxOwners: 2, maxKeysPerOwner: 2 });
    memory.remember('subjects', 'u1', 'p', ['a', 'b', 'c'], 3, HOUR_LEFT);
    expect(memory.covering('subjects', 'u1', 'p', ['a', 'b'])).toBe(3);
    expect(memory.covering('subjects', 'u1', 'p', ['c'])).toBeUndefined();
    memory.remember('subjects', 'u2', 'p', ['a'], 1, HOUR_LEFT);
    memory.remember('subjects', 'u3', 'p', ['a'], 1, HOUR_LEFT);
    expect(memory.covering('subjects', 'u1', 'p', ['a'])).toBeUndefined();
    expect(memory.covering('subjects', 'u3', 'p', ['a'])).toBe(1);
  });

  it('is bounded by the keys of all owners together: many users with many subjects push the oldest out', () => {
    const memory = createBudgetMemory({ maxKeys: 10 });
    memory.remember('subjects', 'u1', 'p', ['a', 'b', 'c', 'd'], 4, HOUR_LEFT);
    memory.remember('subjects', 'u2', 'p', ['a', 'b', 'c', 'd'], 4, HOUR_LEFT);
    expect(memory.covering('subjects', 'u1', 'p', ['a'])).toBe(4);
    // u2 is now the least recently used; u3's keys take the memory past ten, and u2 goes.
    memory.remember('subjects', 'u3', 'p', ['a', 'b', 'c'], 3, HOUR_LEFT);
    expect(memory.covering('subjects', 'u2', 'p', ['a'])).toBeUndefined();
    expect(memory.covering('subjects', 'u1', 'p', ['a'])).toBe(4);
    expect(memory.covering('subjects', 'u3', 'p', ['c'])).toBe(3);
  });

  it('remembers nothing when sized 0', () => {
    const memory = createBudgetMemory({ maxOwners: 0 });
    memory.remember('subjects', 'u1', 'p', ['a'], 1, HOUR_LEFT);
    expect(memory.covering('subjects', 'u1', 'p', ['a'])).toBeUndefined();
  });
});
