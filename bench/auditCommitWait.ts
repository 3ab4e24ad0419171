/**
 * Where the writer's time goes: the same writer, 64 appenders, on one audit database through two pools —
 * one as in production (synchronous_commit on: each COPY answers after its WAL flush) and one with
 * synchronous_commit off, which the writer never uses (a crash could lose answered records): it shows
 * what the wait for the disk costs, and what CPU alone would allow. Alternating rounds.
 *
 *   npx tsx bench/auditCommitWait.ts [seconds per round=4] [rounds=3] [appenders=64]
 * Uses DATABASE_URL when set, otherwise an embedded PostgreSQL in a temporary directory.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { auditDatabaseName, openAuditDatabase } from '../audit/database';
import type { AuditRecordInput } from '../audit/record';
import { createAuditWriter } from '../audit/writer';
import { databaseUrl, dropDatabase } from '../runtime/databases';
import type { Database } from '../subgraphs/kit/database';
import { startBenchServer } from './support/benchServer';

const seconds = Number(process.argv[2] ?? 4);
const rounds = Number(process.argv[3] ?? 3);
const appenders = Number(process.argv[4] ?? 64);

function sampleRecord(): AuditRecordInput {
  return {
    v: 2, id: randomUUID(), time: new Date().toISOString(), requestId: randomUUID(),
    user: { subject: 'bench', username: 'mediator.wang', agency: 'petitions', district: '330110', roles: ['mediator'] },
    client: 'govgraph-cli', purpose: 'dispute-resolution', legalBasis: ['《中华人民共和国个人信息保护法》第十三条第一款第三项'], caseRef: 'D-2025-0001',
    operation: { name: null, type: 'query', documentHash: 'x'.repeat(64), document: '{ person(idNumber: "330110197803150018") { name petitions { id } cases { caseNumber } } }' },
    variables: {}, fields: [{ coordinate: 'Person.name', effect: 'mask', strategy: 'surname' }], subgraphs: ['court', 'market', 'petitions', 'police'],
    subjects: [{ type: 'Person', pseudonym: 'p'.repeat(32), display: '330110********0018' }], subjectPseudonyms: ['p'.repeat(32)],
    outcome: 'allowed', errorCodes: [], latencyMs: 12, responseBytes: 900, policyRevision: 'bench', unrecordable: [],
  } as AuditRecordInput;
}

async function recordsPerSecond(db: Database, chainId: string): Promise<number> {
  const writer = createAuditWriter({ db, chainId });
  let records = 0;
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
  const perSecond = (records / (performance.now() - started)) * 1000;
  await writer.close();
  return perSecond;
}

async function main(): Promise<void> {
  const server = await startBenchServer();
  const { serverUrl } = server;
  const prefix = `gg_auditwait_${process.pid}`;
  const durable = await openAuditDatabase({ serverUrl, prefix });
  const url = new URL(databaseUrl(serverUrl, auditDatabaseName(prefix)));
  url.searchParams.set('options', '-c synchronous_commit=off');
  const unflushed = await openAuditDatabase({ serverUrl, prefix, explicitUrl: url.toString(), migrate: false });
  const figures: Record<string, string[]> = { 'synchronous_commit on (the writer)': [], 'synchronous_commit off (diagnostic)': [] };
  const loads: string[] = [];
  try {
    for (let round = 0; round < rounds; round += 1) {
      loads.push(os.loadavg()[0]!.toFixed(1));
      const order: [string, Database][] = [
        ['synchronous_commit on (the writer)', durable],
        ['synchronous_commit off (diagnostic)', unflushed],
      ];
      if (round % 2 === 1) order.reverse();
      for (const [label, db] of order) figures[label]!.push((await recordsPerSecond(db, `wait-${label.split(' ')[1]}-${round}`)).toFixed(0));
    }
    console.log(`audit writer, ${appenders} appenders, ${rounds} × ${seconds} s rounds, load ${loads.join(', ')}`);
    for (const [label, values] of Object.entries(figures)) console.log(`  ${label.padEnd(38)} ${values.join(', ')} records/s`);
  } finally {
    await unflushed.close();
    await durable.close();
    await dropDatabase(serverUrl, auditDatabaseName(prefix));
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
