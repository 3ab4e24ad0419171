/**
 * What the audit costs, in one process on one machine:
 *   1. the writer alone: records per second when many requests append at once (group commit), and how
 *      many records each INSERT carried;
 *   2. the README query through the gateway with its audit (every answer waits for COMMIT) against a
 *      second gateway over the same subgraphs whose audit writer commits nothing. Rounds alternate.
 *
 *   npx tsx bench/auditOverhead.ts [seconds per round=5] [rounds=3] [concurrency=16]
 * Uses DATABASE_URL when set, otherwise an embedded PostgreSQL in a temporary directory.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import type { AuditRecordInput } from '../audit/record';
import { createAuditWriter, type AuditWriter } from '../audit/writer';
import { startGateway } from '../gateway/server';
import { loadSupergraphSdl } from '../gateway/supergraph';
import { EXAMPLE_CASE_REF, EXAMPLE_QUERY } from '../runtime/banner';
import { DEVELOPMENT_AUDIT_SUBJECT_KEY } from '../runtime/system';
import { AGENCIES } from '../subgraphs/agencies';
import { demoToken, startBenchSystem } from './support/benchSystem';
import { compare, formatSummary } from './support/httpLoad';

const seconds = Number(process.argv[2] ?? 5);
const rounds = Number(process.argv[3] ?? 3);
const concurrency = Number(process.argv[4] ?? 16);

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

/** Appends from `concurrency` callers, each waiting for its commit before the next, as requests do. */
async function writerThroughput(writer: AuditWriter, db: { statementCount: number; resetStatementCount(): void }) {
  db.resetStatementCount();
  let records = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency * 4 }, async () => {
      while (performance.now() < deadline) {
        await writer.append(sampleRecord());
        records += 1;
      }
    }),
  );
  const milliseconds = performance.now() - started;
  return { perSecond: (records / milliseconds) * 1000, recordsPerStatement: records / Math.max(1, db.statementCount) };
}

async function main(): Promise<void> {
  const { system, stop } = await startBenchSystem('auditbench');

  // 1. The writer alone, on its own chain.
  const benchWriter = createAuditWriter({ db: system.audit.db, chainId: 'bench-writer' });
  const writer = await writerThroughput(benchWriter, system.audit.db);
  await benchWriter.close();

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
      writer: {
        chainId: 'none',
        append: async (input) => ({ id: input.id, chainId: 'none', seq: 0, hash: '' }),
        flush: async () => undefined,
        close: async () => undefined,
      } as AuditWriter,
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

  console.log(`node ${process.version}, ${os.cpus().length} cores, ${concurrency} concurrent clients, ${rounds} × ${seconds} s rounds`);
  console.log(`writer alone: ${writer.perSecond.toFixed(0)} records/s committed, ${writer.recordsPerStatement.toFixed(1)} records per INSERT (${concurrency * 4} concurrent appenders)`);
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
