/**
 * What one audit row costs PostgreSQL: the CPU of the server process per row, for a batch by COPY (what
 * the writer sends) and by the INSERT … jsonb_array_elements it replaced, with the audit table's indexes
 * as migrated and with its secondary indexes dropped (what they cost on the write path). Variants
 * alternate within each round, on one connection, each on a chain of its own. CPU, not wall time, because
 * on a shared machine the wall time is mostly waiting for a core and for the disk.
 *
 *   npx tsx bench/auditInsertCost.ts [seconds per variant=2] [rounds=3] [rows per batch=64]
 * Needs PostgreSQL on this machine, as a user whose processes /proc lets us read (the server's CPU is read
 * there): DATABASE_URL when set, otherwise an embedded PostgreSQL in a temporary directory.
 */
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import { canonicalJson } from '../audit/canonicalJson';
import { auditDatabaseName, openAuditDatabase } from '../audit/database';
import { dropDatabase } from '../runtime/databases';
import { copyIn, copyTextField } from '../subgraphs/kit/copyIn';
import { startBenchServer } from './support/benchServer';

const seconds = Number(process.argv[2] ?? 2);
const rounds = Number(process.argv[3] ?? 3);
const batchSize = Number(process.argv[4] ?? 64);

const COLUMNS = 'audit_events (chain_id, seq, id, record, prev_hash, hash)';
const INSERT = `INSERT INTO ${COLUMNS}
  SELECT $1, t.seq, t.id, r.record, t.prev_hash, t.hash
  FROM unnest($2::bigint[], $3::uuid[], $5::text[], $6::text[]) WITH ORDINALITY AS t(seq, id, prev_hash, hash, n)
  JOIN jsonb_array_elements($4::jsonb) WITH ORDINALITY AS r(record, n) USING (n)`;

interface Row {
  seq: number;
  id: string;
  record: string;
  prevHash: string;
  hash: string;
}

/** A record like the README query's (bench/auditOverhead.ts), placed at `seq`. */
function rows(chainId: string, start: number): Row[] {
  let prevHash = '0'.repeat(64);
  return Array.from({ length: batchSize }, (_, index) => {
    const seq = start + index;
    const id = randomUUID();
    const record = canonicalJson({
      v: 2, id, chainId, seq, time: new Date().toISOString(), requestId: randomUUID(),
      user: { subject: 'bench', username: 'mediator.wang', agency: 'petitions', district: '330110', roles: ['mediator'] },
      client: 'govgraph-cli', purpose: 'dispute-resolution', legalBasis: ['《中华人民共和国个人信息保护法》第十三条第一款第三项'],
      caseRef: 'D-2025-0001', operation: { name: null, type: 'query', documentHash: 'x'.repeat(64), document: '{ person(idNumber: "330110197803150018") { name petitions { id } cases { caseNumber } } }' },
      variables: {}, fields: [{ coordinate: 'Person.name', effect: 'mask', strategy: 'surname' }], subgraphs: ['court', 'market', 'petitions', 'police'],
      subjects: [{ type: 'Person', pseudonym: 'p'.repeat(32), display: '330110********0018' }], subjectPseudonyms: ['p'.repeat(32)],
      outcome: 'allowed', errorCodes: [], latencyMs: 12, responseBytes: 900, policyRevision: 'bench', unrecordable: [],
    });
    const hash = createHash('sha256').update(`${prevHash}\n${record}`).digest('hex');
    const row = { seq, id, record, prevHash, hash };
    prevHash = hash;
    return row;
  });
}

const METHODS = {
  copy: (client: pg.PoolClient, chainId: string, batch: Row[]) =>
    copyIn(client, `COPY ${COLUMNS} FROM STDIN`, batch.map((r) => `${chainId}\t${r.seq}\t${r.id}\t${copyTextField(r.record)}\t${r.prevHash}\t${r.hash}\n`).join('')),
  insert: async (client: pg.PoolClient, chainId: string, batch: Row[]) => {
    await client.query(INSERT, [chainId, batch.map((r) => r.seq), batch.map((r) => r.id), `[${batch.map((r) => r.record).join(',')}]`, batch.map((r) => r.prevHash), batch.map((r) => r.hash)]);
  },
};

function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function main(): Promise<void> {
  const server = await startBenchServer();
  const { serverUrl } = server;
  const prefix = `gg_auditcost_${process.pid}`;
  const db = await openAuditDatabase({ serverUrl, prefix });
  const client = await db.pool.connect();
  const secondary = (
    await client.query<{ name: string; definition: string }>(
      `SELECT indexname AS name, indexdef AS definition FROM pg_indexes
       WHERE tablename = 'audit_events' AND indexname NOT IN ('audit_events_pkey', 'audit_events_id_key') ORDER BY indexname`,
    )
  ).rows;
  try {
    const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
    const results = new Map<string, string[]>();
    let chain = 0;
    for (let round = 0; round < rounds; round += 1) {
      for (const indexes of ['all indexes', 'no secondary indexes'] as const) {
        if (indexes === 'no secondary indexes') for (const index of secondary) await client.query(`DROP INDEX ${index.name}`);
        for (const [method, send] of Object.entries(METHODS)) {
          const chainId = `cost-${(chain += 1)}`;
          let seq = 1;
          const cpuBefore = cpuMs(pid);
          const deadline = performance.now() + seconds * 1000;
          while (performance.now() < deadline) {
            await send(client, chainId, rows(chainId, seq));
            seq += batchSize;
          }
          const key = `${method}, ${indexes}`;
          results.set(key, [...(results.get(key) ?? []), (((cpuMs(pid) - cpuBefore) * 1000) / (seq - 1)).toFixed(1)]);
        }
        if (indexes === 'no secondary indexes') for (const index of secondary) await client.query(index.definition);
      }
    }
    console.log(`PostgreSQL server CPU per audit row (µs), ${batchSize} rows per statement, ${rounds} rounds × ${seconds} s, load ${os.loadavg()[0]!.toFixed(1)}`);
    console.log(`secondary indexes: ${secondary.map((index) => index.name).join(', ')}`);
    for (const [key, figures] of results) console.log(`  ${key.padEnd(34)} ${figures.join(', ')}`);
  } finally {
    client.release();
    await db.close();
    await dropDatabase(serverUrl, auditDatabaseName(prefix));
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
