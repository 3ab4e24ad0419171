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
import { chmod, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { AuditRecordInput } from '../audit/record';
import { createAuditWriter, type AuditWriter } from '../audit/writer';
import { startGateway } from '../gateway/server';
import { loadSupergraphSdl } from '../gateway/supergraph';
import { EXAMPLE_CASE_REF, EXAMPLE_QUERY } from '../runtime/banner';
import { dropDatabase } from '../runtime/databases';
import { startEmbeddedPostgres, type EmbeddedServer } from '../runtime/embeddedPostgres';
import { freePort } from '../runtime/freePort';
import { ANY_FREE_PORTS, DEVELOPMENT_AUDIT_SUBJECT_KEY, startSystem } from '../runtime/system';
import { AGENCIES } from '../subgraphs/agencies';

const seconds = Number(process.argv[2] ?? 5);
const rounds = Number(process.argv[3] ?? 3);
const concurrency = Number(process.argv[4] ?? 16);

function sampleRecord(): AuditRecordInput {
  return {
    v: 1,
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

async function load(url: string, headers: Record<string, string>) {
  const body = JSON.stringify({ query: EXAMPLE_QUERY });
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const sent = performance.now();
        const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
        if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
        await response.arrayBuffer();
        latencies.push(performance.now() - sent);
      }
    }),
  );
  return { requests: latencies.length, milliseconds: performance.now() - started, latencies };
}

function summary(results: Awaited<ReturnType<typeof load>>[]) {
  const latencies = results.flatMap((result) => result.latencies).sort((a, b) => a - b);
  const requests = results.reduce((total, result) => total + result.requests, 0);
  const milliseconds = results.reduce((total, result) => total + result.milliseconds, 0);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { perSecond: (requests / milliseconds) * 1000, p50: at(0.5), p95: at(0.95) };
}

async function main(): Promise<void> {
  let embedded: EmbeddedServer | undefined;
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const parent = await mkdtemp(path.join(os.tmpdir(), 'govgraph-bench-'));
    await chmod(parent, 0o755);
    embedded = await startEmbeddedPostgres({ directory: path.join(parent, 'pg'), port: await freePort(), persistent: false });
    serverUrl = embedded.url;
  }
  const prefix = `gg_auditbench_${process.pid}`;
  const system = await startSystem({
    serverUrl,
    databasePrefix: prefix,
    seedPersons: 2_000,
    host: '127.0.0.1',
    gatewayPort: 0,
    subgraphPorts: ANY_FREE_PORTS,
    subgraphTimeoutMs: 10_000,
    supergraphSdl: loadSupergraphSdl(),
    devIdentityProviderPort: 0,
    audit: { chainId: 'bench-gateway' },
    log: () => undefined,
  });

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
  const tokenAnswer = (await (
    await fetch(`${system.identityProvider.issuer}/protocol/openid-connect/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'password', client_id: 'govgraph-cli', username: 'mediator.wang', password: 'demo' }),
    })
  ).json()) as { access_token: string };
  const headers = { authorization: `Bearer ${tokenAnswer.access_token}`, 'x-purpose': 'dispute-resolution', 'x-case-ref': EXAMPLE_CASE_REF };
  await load(system.gateway.graphqlUrl, headers);
  await load(unaudited.graphqlUrl, headers);
  const audited: Awaited<ReturnType<typeof load>>[] = [];
  const baseline: Awaited<ReturnType<typeof load>>[] = [];
  for (let round = 0; round < rounds; round += 1) {
    audited.push(await load(system.gateway.graphqlUrl, headers));
    baseline.push(await load(unaudited.graphqlUrl, headers));
  }
  const a = summary(audited);
  const b = summary(baseline);

  console.log(`node ${process.version}, ${os.cpus().length} cores, ${concurrency} concurrent clients, ${rounds} × ${seconds} s rounds`);
  console.log(`writer alone: ${writer.perSecond.toFixed(0)} records/s committed, ${writer.recordsPerStatement.toFixed(1)} records per INSERT (${concurrency * 4} concurrent appenders)`);
  console.log(`gateway without audit  ${b.perSecond.toFixed(0).padStart(6)} req/s   p50 ${b.p50.toFixed(1)} ms   p95 ${b.p95.toFixed(1)} ms`);
  console.log(`gateway with audit     ${a.perSecond.toFixed(0).padStart(6)} req/s   p50 ${a.p50.toFixed(1)} ms   p95 ${a.p95.toFixed(1)} ms`);
  console.log(`throughput ratio (audit / none)  ${(a.perSecond / b.perSecond).toFixed(3)}   added p50 latency ${(a.p50 - b.p50).toFixed(2)} ms`);

  await unaudited.close();
  await system.stop();
  await Promise.all([...AGENCIES, 'audit'].map((name) => dropDatabase(serverUrl, `${prefix}_${name}`)));
  await embedded?.stop();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
