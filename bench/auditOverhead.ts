/**
 * What the audit costs, in one process on one machine:
 *   1. the writer alone: records per second when many requests append at once (group commit), how many
 *      records each batch carried, and the writer process's CPU per record — batches by COPY (the default)
 *      against the INSERT … jsonb_array_elements they replaced, one batch at a time and pipelined (two in
 *      flight), in alternating rounds, with the load average beside each (the machine may be shared);
 *   2. the README query through the gateway with its audit (every answer waits for COMMIT) against a
 *      second gateway over the same subgraphs whose audit writer commits nothing. Rounds alternate.
 *
 *   npx tsx bench/auditOverhead.ts [seconds per round=5] [rounds=3] [concurrency=16] [appenders=4 × concurrency]
 * concurrency: HTTP connections to each gateway; appenders: callers of the writer alone.
 * Uses DATABASE_URL when set, otherwise an embedded PostgreSQL in a temporary directory.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import type { AuditRecordInput } from '../audit/record';
import { createAuditWriter } from '../audit/writer';
import { startGateway } from '../gateway/server';
import { loadSupergraphSdl } from '../gateway/supergraph';
import { EXAMPLE_CASE_REF, EXAMPLE_QUERY } from '../runtime/banner';
import { DEVELOPMENT_AUDIT_SUBJECT_KEY } from '../runtime/system';
import { AGENCIES } from '../subgraphs/agencies';
import type { Database } from '../subgraphs/kit/database';
import { demoToken, startBenchSystem } from './support/benchSystem';
import { compare, formatSummary } from './support/httpLoad';
import { nullAuditWriter } from './support/nullAuditWriter';

const seconds = Number(process.argv[2] ?? 5);
const rounds = Number(process.argv[3] ?? 3);
const concurrency = Number(process.argv[4] ?? 16);
const appenders = Number(process.argv[5] ?? concurrency * 4);

function sampleRecord(): AuditRecordInput {
  return {
    v: 2,
    id: randomUUID(),
    time: new Date().toISOString(),
    requestId: randomUUID(),
    user: { subject: 'bench', username: 'mediator.wang', agency: 'petitions', district: '330110', roles: ['mediator'] },
    client: 'govgraph-cli',
    purpose: 'dispute-resolution',
    legalBasis: ['《中华人民共和国个人信息保护法》第十三条第一款第三项'],
    caseRef: EXAMPLE_CASE_REF,
    operation: { name: null, type: 'query', documentHash: 'x'.repeat(64), document: EXAMPLE_QUERY },
    variables: {},
    fields: [{ coordinate: 'Person.name', effect: 'mask', strategy: 'surname' }],
    subgraphs: ['court', 'market', 'petitions', 'police'],
    subjects: [{ type: 'Person', pseudonym: 'p'.repeat(32), display: '330110********0018' }],
    subjectPseudonyms: ['p'.repeat(32)],
    outcome: 'allowed',
    errorCodes: [],
    latencyMs: 12,
    responseBytes: 900,
    policyRevision: 'bench',
    unrecordable: [],
  };
}

/**
 * CPU ms used so far by the audit database's server processes, read from /proc: only where PostgreSQL runs
 * on this machine as a user whose processes we may read (embedded, or the local server as root); else null.
 */
async function serverCpuMs(db: Database): Promise<Map<number, number> | null> {
  const rows = await db.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database()');
  const ticks = new Map<number, number>();
  try {
    for (const { pid } of rows) {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks.set(pid, (Number(fields[11]) + Number(fields[12])) * 10); // utime + stime, at 100 ticks a second
    }
  } catch {
    return null;
  }
  return ticks;
}

function serverCpuUsed(before: Map<number, number> | null, after: Map<number, number> | null): number | null {
  if (!before || !after) return null;
  let used = 0;
  for (const [pid, ms] of after) used += ms - (before.get(pid) ?? 0);
  return used;
}

interface WriterMode {
  batchStatement: 'copy' | 'insert';
  maxBatchesInFlight: number;
}

const WRITER_MODES: Record<string, WriterMode> = {
  'insert, serial': { batchStatement: 'insert', maxBatchesInFlight: 1 },
  'copy, serial': { batchStatement: 'copy', maxBatchesInFlight: 1 },
  'copy, pipelined': { batchStatement: 'copy', maxBatchesInFlight: 2 },
};

/** Appends from `appenders` callers, each waiting for its commit before the next, as requests do. */
async function writerThroughput(db: Database, chainId: string, mode: WriterMode) {
  let batches = 0;
  let batched = 0;
  const writer = createAuditWriter({
    db,
    chainId,
    ...mode,
    onCommit: (batch) => {
      batches += 1;
      batched += batch.records;
    },
  });
  let records = 0;
  const load = os.loadavg()[0]!;
  // The pool's connections first, so that the backends measured are those the round uses.
  await Promise.all(Array.from({ length: 4 }, () => db.query('SELECT 1')));
  const serverBefore = await serverCpuMs(db);
  const cpu = process.cpuUsage();
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: appenders }, async () => {
      while (performance.now() < deadline) {
        await writer.append(sampleRecord());
        records += 1;
      }
    }),
  );
  const milliseconds = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const serverMs = serverCpuUsed(serverBefore, await serverCpuMs(db));
  await writer.close();
  return {
    perSecond: (records / milliseconds) * 1000,
    recordsPerBatch: batched / Math.max(1, batches),
    // The whole process, so it includes making the sample records (≈ 6 µs each).
    cpuMicrosPerRecord: (used.user + used.system) / Math.max(1, records),
    // PostgreSQL's backends of the audit database (not its WAL writer or checkpointer), 10 ms resolution.
    serverMicrosPerRecord: serverMs === null ? null : (serverMs * 1000) / Math.max(1, records),
    load,
  };
}

async function main(): Promise<void> {
  const { system, stop } = await startBenchSystem('auditbench');

  // 1. The writer alone, on chains of its own: each mode once per round, alternating.
  const writerRounds: Record<string, Awaited<ReturnType<typeof writerThroughput>>[]> = Object.fromEntries(Object.keys(WRITER_MODES).map((mode) => [mode, []]));
  for (let round = 0; round < rounds; round += 1) {
    // Each round in the other order: the table grows and PostgreSQL checkpoints as the run goes on, which would favour whichever mode always ran first.
    const order = Object.entries(WRITER_MODES);
    if (round % 2 === 1) order.reverse();
    for (const [mode, settings] of order) {
      writerRounds[mode]!.push(await writerThroughput(system.audit.db, `bench-${mode.replace(/\W+/g, '-')}-${round}`, settings));
    }
  }
  console.log(`node ${process.version}, ${os.cpus().length} cores, ${concurrency} concurrent clients, ${appenders} appenders, ${rounds} × ${seconds} s rounds`);
  for (const [mode, results] of Object.entries(writerRounds)) {
    const rates = results.map((result) => result.perSecond.toFixed(0)).join(', ');
    const perBatch = results.map((result) => result.recordsPerBatch.toFixed(1)).join(', ');
    const cpu = results.map((result) => result.cpuMicrosPerRecord.toFixed(0)).join(', ');
    const load = results.map((result) => result.load.toFixed(1)).join(', ');
    const server = results.map((result) => result.serverMicrosPerRecord?.toFixed(0) ?? 'n/a').join(', ');
    console.log(`writer alone, ${mode.padEnd(15)}: ${rates} records/s; ${perBatch} records/batch; ${cpu} µs process CPU/record; ${server} µs PostgreSQL CPU/record; load ${load}`);
  }

  // 2. The same gateway twice: once with the audit, once with a writer that commits nothing.
  const unaudited = await startGateway({
    supergraphSdl: loadSupergraphSdl(),
    subgraphUrls: Object.fromEntries(AGENCIES.map((agency) => [agency, system.subgraphs[agency].graphqlUrl])),
    port: 0,
    host: '127.0.0.1',
    identity: { issuer: system.identityProvider.issuer, audience: 'govgraph-gateway' },
    accessContextSigner: system.accessContextSigner,
    pseudonymKey: 'bench-pseudonym-key-bench-pseudonym-key',
    audit: {
      writer: nullAuditWriter(),
      subjectKey: DEVELOPMENT_AUDIT_SUBJECT_KEY,
    },
  });
  const token = await demoToken(system.identityProvider.issuer, 'mediator.wang');
  const headers = { authorization: `Bearer ${token}`, 'x-purpose': 'dispute-resolution', 'x-case-ref': EXAMPLE_CASE_REF };
  const { a, b } = await compare(
    { url: system.gateway.graphqlUrl, headers, query: EXAMPLE_QUERY },
    { url: unaudited.graphqlUrl, headers, query: EXAMPLE_QUERY },
    { seconds, concurrency, rounds },
  );

  console.log(formatSummary('gateway without audit', b));
  console.log(formatSummary('gateway with audit', a));
  console.log(`throughput ratio (audit / none)  ${(a.perSecond / b.perSecond).toFixed(3)}   added p50 latency ${(a.p50 - b.p50).toFixed(2)} ms`);

  await unaudited.close();
  await stop();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
