import { loadSupergraphSdl } from '../../gateway/supergraph';
import { createSupergraphSource, type SupergraphFeed } from '../../gateway/supergraphSource';
import type { ServedSupergraph } from '../../registry/servedSupergraph';

/**
 * The served-supergraph source on its own, with a feed the test controls (the registry's real feed is exercised
 * end to end in test/system/hotReload.test.ts): the cases a real database does not produce on demand — a registry
 * that never answers, an update the gateway itself throws on — and what is never handed to the gateway.
 */
const CHECKED_IN = loadSupergraphSdl();
const withField = (name: string) => CHECKED_IN.replace(/type Petition\b([^{]*)\{/, (head) => `${head}\n  ${name}: String @join__field(graph: PETITIONS)`);

function served(version: number, supergraphSdl: string): ServedSupergraph {
  return { version, supergraphSdl, subgraphUrls: { police: `http://police-${version}.example/graphql` }, acceptedAt: new Date('2026-12-01T00:00:00Z') };
}

interface Controlled extends SupergraphFeed {
  next: () => Promise<ServedSupergraph | undefined>;
  notify: () => void;
  loads: number;
}

function controlledFeed(): Controlled {
  let listener: (() => void) | undefined;
  const feed: Controlled = {
    next: async () => undefined,
    loads: 0,
    load: () => {
      feed.loads += 1;
      return feed.next();
    },
    listen: async (onChange) => {
      listener = onChange;
      return async () => {
        listener = undefined;
      };
    },
    notify: () => listener?.(),
  };
  return feed;
}

async function start(feed: Controlled, updates: string[], options: { loadTimeoutMs?: number; failUpdate?: (sdl: string) => boolean } = {}) {
  const lines: string[] = [];
  const source = createSupergraphSource({ feed, fallbackSdl: CHECKED_IN, pollIntervalMs: 60_000, loadTimeoutMs: options.loadTimeoutMs ?? 200, log: (line) => lines.push(line) });
  const initial = await source.hook({
    update: (sdl) => {
      if (options.failUpdate?.(sdl)) throw new Error('the gateway could not build it');
      updates.push(sdl);
    },
    healthCheck: async () => undefined,
    getDataSource: () => {
      throw new Error('not used');
    },
  });
  return { source, initial, lines };
}

test('a registry that never answers at start-up: the checked-in supergraph after the timeout, then the registry once it answers', async () => {
  const feed = controlledFeed();
  feed.next = () => new Promise(() => undefined);
  const updates: string[] = [];
  const started = Date.now();
  const { source, initial, lines } = await start(feed, updates, { loadTimeoutMs: 150 });
  expect(Date.now() - started).toBeLessThan(2_000);
  expect(initial.supergraphSdl).toBe(CHECKED_IN);
  expect(source.served()).toMatchObject({ version: null, source: 'checked-in' });
  expect(lines.join('\n')).toMatch(/no answer within 150 ms.*checked-in/);

  feed.next = async () => served(4, withField('fromRegistry'));
  feed.notify();
  await source.refresh();
  expect(updates).toEqual([withField('fromRegistry')]);
  expect(source.served()).toMatchObject({ version: 4, source: 'registry', acceptedAt: '2026-12-01T00:00:00.000Z' });
  expect(source.urlOf('police')).toBe('http://police-4.example/graphql');
  expect(source.descriptionOf(withField('fromRegistry'))?.types.get('Petition')?.has('fromRegistry')).toBe(true);
  await initial.cleanup?.();
});

test('a version whose policy graph does not build is never handed to the gateway, and is not retried at every look', async () => {
  const feed = controlledFeed();
  feed.next = async () => served(1, CHECKED_IN);
  const updates: string[] = [];
  const { source, initial } = await start(feed, updates);
  const bad = CHECKED_IN.replace('@sensitive(kind: "PHONE")', '@sensitive(kind: "TELEPHONE")');
  feed.next = async () => served(2, bad);
  await source.refresh();
  await source.refresh();
  expect(updates).toEqual([]);
  expect(source.served().version).toBe(1);
  expect(source.served().refused).toEqual([{ version: 2, reason: expect.stringContaining('TELEPHONE') }]);
  expect(source.descriptionOf(bad)).toBeUndefined();
  await initial.cleanup?.();
});

test("an update the gateway throws on leaves the last good supergraph served and its description the only one kept", async () => {
  const feed = controlledFeed();
  feed.next = async () => served(1, CHECKED_IN);
  const updates: string[] = [];
  const { source, initial } = await start(feed, updates, { failUpdate: (sdl) => sdl.includes('rejectedByGateway') });
  feed.next = async () => served(2, withField('rejectedByGateway'));
  await source.refresh();
  expect(source.served()).toMatchObject({ version: 1, refused: [{ version: 2, reason: 'the gateway could not build it' }] });
  expect(source.descriptionOf(withField('rejectedByGateway'))).toBeUndefined();
  expect(source.descriptionOf(CHECKED_IN)).toBeDefined();
  await initial.cleanup?.();
});

test('notifications during a look wait for it: one look at a time, each change handed over once, in order', async () => {
  const feed = controlledFeed();
  feed.next = async () => served(1, CHECKED_IN);
  const updates: string[] = [];
  const { source, initial } = await start(feed, updates);
  let release: (() => void) | undefined;
  feed.next = () => new Promise((resolve) => (release = () => resolve(served(2, withField('second')))));
  const first = source.refresh();
  feed.notify();
  feed.notify();
  const loadsWhileWaiting = feed.loads;
  feed.next = async () => served(2, withField('second'));
  release!();
  await first;
  await source.refresh();
  expect(loadsWhileWaiting).toBe(2); // the start-up load and the one in flight; the notifications queued behind it
  expect(updates).toEqual([withField('second')]);
  expect(source.served().version).toBe(2);
  await initial.cleanup?.();
});

test('without a feed the checked-in supergraph is served for good', async () => {
  const source = createSupergraphSource({ fallbackSdl: CHECKED_IN, log: () => undefined });
  const initial = await source.hook({ update: () => undefined, healthCheck: async () => undefined, getDataSource: () => { throw new Error('not used'); } });
  expect(initial.supergraphSdl).toBe(CHECKED_IN);
  await source.refresh();
  expect(source.served()).toEqual({ version: null, source: 'checked-in', acceptedAt: null, refused: [] });
  await initial.cleanup?.();
});
