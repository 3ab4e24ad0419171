/**
 * npm run bench:peers — govgraph beside its peers, on the same supergraph, subgraphs and data:
 *   A  govgraph with everything on (tokens, purpose decisions, masking, case verification, budgets, audit);
 *   B  a bare @apollo/gateway that signs only the access context each agency requires;
 *   C  Hive Gateway (gateway-runtime + HTTP transport, in-flight deduplication off) with a plugin that signs it;
 *   D  the floor: the subgraph fetches of A's query plan replayed directly, in the same waves, re-signed.
 * Each gateway runs in its own child process (NODE_ENV=production) so its CPU is its own; the clients run in
 * another; the subgraphs and PostgreSQL are shared. Rounds alternate A, B, C, D per row. Then A as two
 * node:cluster workers (each its own audit chain) against one. Prints the tables and writes them into
 * docs/performance.md.
 *
 *   npm run bench:peers -- [--seconds 3] [--rounds 2] [--warmup 2] [--connections 8,32] [--queries readme,list100,…]
 *                          [--scaling-queries readme,list100] [--no-scaling] [--profile DIR] [--no-write]
 *                          [--baseline CHECKOUT] [--without audit,budgets]
 * --without audit[,budgets] adds A−: govgraph with those parts taken out (the audit writer commits nothing; no
 * budgets), a diagnostic of what each costs in the same rounds — never a configuration the gateway offers.
 * --warmup: seconds each gateway serves each query before the first measured row (0: none).
 * --baseline adds A0: govgraph as another checkout of this repository has it (e.g. `git worktree add /tmp/before
 * <commit>`, node_modules beside it), in the same alternating rounds, and the ratio A/A0: before and after a change.
 * Uses DATABASE_URL when set, otherwise an embedded PostgreSQL in a temporary directory.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { exportAccessContextKeyPair, generateAccessContextKeyPair } from '@govgraph/access-context';
import { freePort } from '../runtime/freePort';
import { SUBGRAPHS } from '../subgraphs/agencies';
import { demoToken, startBenchSystem } from './support/benchSystem';
import { BENCH_ACCESS_HEADER, BENCH_QUERY_HEADER, encodeBenchAccess, type PeerConfig, type PeerKind, type RecordedPlan } from './support/peers/peerConfig';
import { startLoadChild, startPeerChild, type LoadChild, type PeerChild } from './support/peers/peerChildren';
import { PEER_QUERIES, type PeerQuery } from './support/peers/peerQueries';
import { figuresOf, markdownTable, type Measured, type Row } from './support/peers/peerTable';
import { machineLine, writePeerSection } from './support/peers/performanceDoc';
import { startPlanRecorder } from './support/peers/planRecorder';
import type { AccessContext } from '@govgraph/access-context';

const { values: flags } = parseArgs({
  options: {
    seconds: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '2' },
    rounds: { type: 'string', default: '2' },
    connections: { type: 'string', default: '8,32' },
    queries: { type: 'string' },
    'scaling-queries': { type: 'string', default: 'readme,list100' },
    'no-scaling': { type: 'boolean', default: false },
    profile: { type: 'string' },
    baseline: { type: 'string' },
    without: { type: 'string' },
    'no-write': { type: 'boolean', default: false },
  },
});
const seconds = Number(flags.seconds);
const rounds = Number(flags.rounds);
const warmupSeconds = Number(flags.warmup);
const connections = String(flags.connections).split(',').map(Number);
const chosen = (list: string | undefined) => (list ? PEER_QUERIES.filter((query) => list.split(',').includes(query.key)) : PEER_QUERIES);

interface Target {
  key: string;
  child: PeerChild;
  request(query: PeerQuery, token: string, access: Omit<AccessContext, 'requestId'>): { url: string; headers: Record<string, string> };
}

const govgraphRequest = (child: PeerChild) => (query: PeerQuery, token: string) => ({
  url: child.url,
  headers: { authorization: `Bearer ${token}`, 'x-purpose': query.purpose, ...(query.caseRef ? { 'x-case-ref': query.caseRef } : {}) },
});
const baselineRequest = (child: PeerChild) => (query: PeerQuery, _token: string, access: Omit<AccessContext, 'requestId'>) => ({
  url: child.url,
  headers: { [BENCH_ACCESS_HEADER]: encodeBenchAccess(access), [BENCH_QUERY_HEADER]: query.key },
});

/** The parts `--without` may take out; anything else is a mistake to say, not to ignore. */
function withoutParts(list: string): ('audit' | 'budgets')[] {
  const parts = list.split(',');
  const unknown = parts.filter((part) => part !== 'audit' && part !== 'budgets');
  if (unknown.length > 0) throw new Error(`--without takes audit and/or budgets, not ${unknown.join(', ')}`);
  return parts as ('audit' | 'budgets')[];
}

/** One round of `query` against `target`: `concurrency` clients for `secondsOf`. */
function roundOfQuery(load: LoadChild, target: Target, query: PeerQuery, concurrency: number, token: string, access: Omit<AccessContext, 'requestId'>, secondsOf: number) {
  const { url, headers } = target.request(query, token, access);
  return load
    .round({ url, headers, query: query.query, ...(query.variables ? { variables: query.variables } : {}), seconds: secondsOf, concurrency })
    .catch((error: Error) => {
      throw new Error(`${target.key} on ${query.key}: ${error.message}`);
    });
}

/** Warm-up round each, then `rounds` rounds alternating the targets; the CPU each gateway spent in its rounds. */
async function measureRow(load: LoadChild, targets: readonly Target[], query: PeerQuery, concurrency: number, token: string, access: Omit<AccessContext, 'requestId'>) {
  const measured = new Map<string, Measured>(targets.map((target) => [target.key, { rounds: [], cpuMicros: 0 }]));
  const roundOf = (target: Target, secondsOf: number) => roundOfQuery(load, target, query, concurrency, token, access, secondsOf);
  for (const target of targets) await roundOf(target, Math.min(1, seconds));
  for (let round = 0; round < rounds; round += 1) {
    for (const target of targets) {
      const before = await target.child.cpuMicros();
      const result = await roundOf(target, seconds);
      const after = await target.child.cpuMicros();
      const entry = measured.get(target.key)!;
      entry.rounds.push(result);
      entry.cpuMicros += after - before;
    }
  }
  return Object.fromEntries([...measured].map(([key, value]) => [key, figuresOf(value)]));
}

async function main(): Promise<void> {
  const keys = generateAccessContextKeyPair();
  const bench = await startBenchSystem('peers', { accessContextKeys: keys });
  const children: PeerChild[] = [];
  const load = await startLoadChild();
  try {
    const { system } = bench;
    const subgraphUrls = Object.fromEntries(SUBGRAPHS.map((name) => [name, system.subgraphs[name].graphqlUrl]));
    const base = {
      workers: 1,
      subgraphUrls,
      accessContextPrivateKeyPem: exportAccessContextKeyPair(keys).privateKeyPem,
      issuer: system.identityProvider.issuer,
      serverUrl: bench.serverUrl,
      databasePrefix: bench.prefix,
      plans: {} as Record<string, RecordedPlan>,
    };
    const configFor = async (kind: PeerKind, chainId: string, extra: Partial<PeerConfig> = {}): Promise<PeerConfig> => ({ ...base, kind, chainId, port: await freePort(), ...extra });
    const tokenFor = (username: string) => demoToken(system.identityProvider.issuer, username);

    // The plans A makes, recorded at the subgraphs' doors: what D replays and what B, C and D sign for.
    const queries = chosen(flags.queries);
    const recorder = await startPlanRecorder(subgraphUrls);
    const recording = await startPeerChild(await configFor('govgraph', 'peers-record', { subgraphUrls: recorder.urls }));
    const plans: Record<string, RecordedPlan> = {};
    const accessFor: Record<string, Omit<AccessContext, 'requestId'>> = {};
    for (const query of queries) {
      const token = await tokenFor(query.username);
      let last = '';
      // The third ask is the steady state: the case reference's verification is cached by then.
      for (let ask = 0; ask < 3; ask += 1) {
        last = `peers-${query.key}-${ask}`;
        const response = await fetch(recording.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-request-id': last, ...govgraphRequest(recording)(query, token).headers },
          body: JSON.stringify({ query: query.query, ...(query.variables ? { variables: query.variables } : {}) }),
        });
        const answer = (await response.json()) as { errors?: unknown };
        if (response.status !== 200 || answer.errors) throw new Error(`${query.key} through govgraph: HTTP ${response.status} ${JSON.stringify(answer.errors)}`);
      }
      plans[query.key] = recorder.planOf(last, subgraphUrls);
      const first = plans[query.key]![0]?.[0];
      if (!first) throw new Error(`${query.key}: no subgraph fetch recorded`);
      accessFor[query.key] = first.access;
      console.log(`  plan ${query.key}: ${plans[query.key]!.map((wave) => wave.map((item) => item.subgraph).join('+')).join(' → ')}`);
    }
    await recording.stop();
    await recorder.close();

    const profile = flags.profile ? { cpuProfileDirectory: path.resolve(flags.profile) } : {};
    const start = async (kind: PeerKind, chainId: string, extra: Partial<PeerConfig> = {}, options: { cpuProfileDirectory?: string; checkout?: string } = {}) => {
      const child = await startPeerChild(await configFor(kind, chainId, extra), options);
      children.push(child);
      return child;
    };
    const a = await start('govgraph', 'peers-a', {}, profile);
    const b = await start('apollo', 'peers-b');
    const c = await start('hive', 'peers-c');
    const d = await start('replay', 'peers-d', { plans });
    const baseline = flags.baseline ? await start('govgraph', 'peers-a0', {}, { checkout: path.resolve(flags.baseline) }) : undefined;
    const without = flags.without ? withoutParts(String(flags.without)) : undefined;
    const reduced = without ? await start('govgraph', 'peers-a-', { without }) : undefined;
    const targets: Target[] = [
      ...(baseline ? [{ key: 'A0', child: baseline, request: govgraphRequest(baseline) }] : []),
      { key: 'A', child: a, request: govgraphRequest(a) },
      ...(reduced ? [{ key: 'A−', child: reduced, request: govgraphRequest(reduced) }] : []),
      { key: 'B', child: b, request: baselineRequest(b) },
      { key: 'C', child: c, request: baselineRequest(c) },
      { key: 'D', child: d, request: baselineRequest(d) },
    ];

    const columns = [
      ...(baseline ? [{ key: 'A0', title: `A0 govgraph at ${flags.baseline}` }] : []),
      COLUMNS[0]!,
      ...(without ? [{ key: 'A−', title: `A− without ${without.join(', ')} (diagnostic)` }] : []),
      ...COLUMNS.slice(1),
    ];
    const ratios: [string, string][] = [...(baseline ? [['A', 'A0'] as [string, string]] : []), ...RATIOS, ...(without ? [['A−', 'B'] as [string, string]] : [])];
    // Every gateway serves every query of the run before anything is measured: the first rows would otherwise
    // measure whose JIT and caches warm faster (A's first row measured at half its later rate, B's less so).
    if (warmupSeconds > 0) {
      for (const query of queries) {
        const token = await tokenFor(query.username);
        for (const target of targets) await roundOfQuery(load, target, query, Math.max(...connections), token, accessFor[query.key]!, warmupSeconds);
      }
    }
    const started = new Date();
    const rows: Row[] = [];
    const failures: string[] = [];
    for (const query of queries) {
      for (const concurrency of connections) {
        const token = await tokenFor(query.username);
        // A row that fails (the shared PostgreSQL out of connections, say) is reported as failed, not the run.
        const figures = await measureRow(load, targets, query, concurrency, token, accessFor[query.key]!).catch((error: Error) => {
          console.error(`  row ${query.key} × ${concurrency} failed: ${error.message}`);
          failures.push(`${query.label} × ${concurrency}: ${error.message.slice(0, 300)}`);
          return {};
        });
        rows.push({ label: query.label, connections: concurrency, figures });
        console.log(markdownTable([rows[rows.length - 1]!], columns, ratios).split('\n').slice(2).join('\n'));
      }
    }

    const scalingRows: Row[] = [];
    if (!flags['no-scaling']) {
      const two = await start('govgraph', 'peers-a2', { workers: 2 });
      const scaling: Target[] = [
        { key: 'A1', child: a, request: govgraphRequest(a) },
        { key: 'A2', child: two, request: govgraphRequest(two) },
      ];
      for (const query of chosen(flags['scaling-queries'])) {
        for (const concurrency of connections) {
          const token = await tokenFor(query.username);
          const figures = await measureRow(load, scaling, query, concurrency, token, accessFor[query.key] ?? ({} as never)).catch((error: Error) => {
            failures.push(`${query.label} × ${concurrency} (scaling): ${error.message.slice(0, 300)}`);
            return {};
          });
          scalingRows.push({ label: query.label, connections: concurrency, figures });
          console.log(markdownTable([scalingRows[scalingRows.length - 1]!], SCALING_COLUMNS, [['A2', 'A1']]).split('\n').slice(2).join('\n'));
        }
      }
    }

    const command = process.argv.length > 2 ? `npm run bench:peers -- ${process.argv.slice(2).join(' ')}` : 'npm run bench:peers';
    const section = [
      `## Last run`,
      '',
      `- Machine: ${machineLine()}`,
      `- Command: \`${command}\` (${seconds} s × ${rounds} rounds per gateway per row, after a warm-up round; ${warmupSeconds} s of every query on every gateway before the first row; ${bench.serverUrl === process.env.DATABASE_URL ? 'PostgreSQL at DATABASE_URL' : 'embedded PostgreSQL'})`,
      `- Date: ${started.toISOString()}`,
      '',
      'Each cell: requests/s · p50 ms · p99 ms · gateway CPU ms per request. Ratios are of requests/s.',
      '',
      markdownTable(rows, columns, ratios),
      '',
      ...(failures.length > 0 ? ['Rows that failed (— in the table):', '', ...failures.map((failure) => `- ${failure}`), ''] : []),
      ...(scalingRows.length > 0
        ? ['### One process against two (node:cluster, each worker its own audit chain)', '', markdownTable(scalingRows, SCALING_COLUMNS, [['A2', 'A1']]), '']
        : []),
    ].join('\n');
    console.log(`\n${section}`);
    if (!flags['no-write']) {
      const file = path.join(__dirname, '..', 'docs', 'performance.md');
      writePeerSection(file, section);
      console.log(`written to ${path.relative(process.cwd(), file)}`);
    }
  } finally {
    for (const child of children) await child.stop().catch(() => undefined);
    load.stop();
    await bench.stop();
  }
}

const COLUMNS = [
  { key: 'A', title: 'A govgraph' },
  { key: 'B', title: 'B @apollo/gateway' },
  { key: 'C', title: 'C Hive Gateway' },
  { key: 'D', title: 'D replayed fetches' },
];
const RATIOS: [string, string][] = [
  ['A', 'B'],
  ['A', 'C'],
  ['A', 'D'],
];
const SCALING_COLUMNS = [
  { key: 'A1', title: 'A, one process' },
  { key: 'A2', title: 'A, two workers' },
];

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
