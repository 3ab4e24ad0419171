import { parse, print } from 'graphql';
import { loadSupergraphSdl } from '../../gateway/supergraph';
import { openRegistryDatabase, registryDatabaseName } from '../../registry/registryDatabase';
import { insertSupergraph, inRegistryTransaction, servedSupergraphRecord, versionsByIds } from '../../registry/registryStore';
import { seedRegistry } from '../../registry/seedRegistry';
import { listenForSupergraphChanges, loadServedSupergraph } from '../../registry/servedSupergraph';
import { dropDatabase } from '../../runtime/databases';
import { composeSubgraphs } from '../../schema/compose';
import { SUBGRAPHS } from '../../subgraphs/agencies';
import type { Database } from '../../subgraphs/kit/database';
import { testServerUrl } from '../support/agencyDatabases';

/**
 * The contract the gateway's hot reload reads (registry/servedSupergraph.ts) on a real PostgreSQL: an empty
 * registry is seeded once with the checked-in supergraph as version 1, the served one is the latest, and a
 * NOTIFY reaches a listener — also after its connection was killed.
 */
const prefix = `gg_regserved_${process.pid}`;
let db: Database;

beforeAll(async () => {
  db = await openRegistryDatabase({ serverUrl: testServerUrl(), prefix, onError: () => undefined });
});

afterAll(async () => {
  await db?.close();
  await dropDatabase(testServerUrl(), registryDatabaseName(prefix));
});

function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const poll = () => {
      if (condition()) resolve();
      else if (Date.now() - started > timeoutMs) reject(new Error('timed out waiting'));
      else setTimeout(poll, 20);
    };
    poll();
  });
}

test('an empty registry serves nothing; concurrent seeds make exactly one version 1, the checked-in supergraph', async () => {
  expect(await loadServedSupergraph(db)).toBeUndefined();
  const seeded = await Promise.all([seedRegistry(db), seedRegistry(db), seedRegistry(db)]);
  expect(seeded.filter(Boolean)).toHaveLength(1);
  const served = await loadServedSupergraph(db);
  expect(served?.version).toBe(1);
  expect(served?.supergraphSdl).toBe(loadSupergraphSdl());
  expect(Object.keys(served!.subgraphUrls).sort()).toEqual([...SUBGRAPHS].sort());
  expect(served!.subgraphUrls.police).toBe('http://localhost:4001/graphql');
  expect(served!.acceptedAt).toBeInstanceOf(Date);
  expect(await seedRegistry(db)).toBe(false);
  const [count] = await db.query<{ count: number }>('SELECT count(*)::int AS count FROM supergraphs');
  expect(count!.count).toBe(1);
});

test("the seeded subgraph versions compose to exactly the checked-in supergraph", async () => {
  const record = (await servedSupergraphRecord(db))!;
  const versions = await versionsByIds(db, Object.values(record.subgraphVersions));
  expect(versions.map((version) => version.subgraph).sort()).toEqual([...SUBGRAPHS].sort());
  const composed = composeSubgraphs(versions.map((version) => ({ name: version.subgraph, url: version.url, sdl: version.sdl })));
  expect(composed.errors).toBeUndefined();
  expect(composed.supergraphSdl).toBe(loadSupergraphSdl());
  // Each SDL is the agency's, with the shared privacy contract in front of it.
  const police = versions.find((version) => version.subgraph === 'police')!;
  expect(print(parse(police.sdl))).toContain('directive @sensitive');
});

test('a newer supergraph is served, and a listener hears of it, also after its connection was killed', async () => {
  const heard: number[] = [];
  const stop = await listenForSupergraphChanges(db, () => heard.push(Date.now()));
  try {
    const add = (reason: string) =>
      inRegistryTransaction(db, async (tx) => {
        const current = (await servedSupergraphRecord(tx))!;
        return insertSupergraph(tx, { ...current, acceptedBy: 'test', reason });
      });
    const second = await add('second');
    await waitFor(() => heard.length >= 1);
    expect((await loadServedSupergraph(db))?.version).toBe(second.version);

    // Kill the listening connection (as a PostgreSQL restart or a network cut would): it comes back and says so.
    const before = heard.length;
    await db.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN govgraph_registry'",
    );
    await waitFor(() => heard.length > before);
    const afterReconnect = heard.length;
    const third = await add('third');
    await waitFor(() => heard.length > afterReconnect);
    expect((await loadServedSupergraph(db))?.version).toBe(third.version);
    expect(third.version).toBe(3);
  } finally {
    await stop();
  }
});

test('an uncommitted supergraph is neither served nor announced', async () => {
  const heard: number[] = [];
  const stop = await listenForSupergraphChanges(db, () => heard.push(1));
  try {
    const before = (await loadServedSupergraph(db))!.version;
    await expect(
      inRegistryTransaction(db, async (tx) => {
        const current = (await servedSupergraphRecord(tx))!;
        await insertSupergraph(tx, { ...current, acceptedBy: 'test', reason: 'rolled back' });
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(heard).toHaveLength(0);
    expect((await loadServedSupergraph(db))!.version).toBe(before);
  } finally {
    await stop();
  }
});
