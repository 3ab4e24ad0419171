import { createServer, type Socket } from 'node:net';
import pg from 'pg';
import { createCheckpointSigner } from '../../audit/checkpoint';
import { generateCheckpointKeyPair } from '../../audit/checkpointKeys';
import { verifyAuditLog } from '../../audit/verify';
import { createCheckpointWitness } from '../../audit/witness';
import { insertWitnessCheckpoints, readWitnessCheckpoints } from '../../audit/witnessStore';
import { createAuditWriter } from '../../audit/writer';
import { openDatabase } from '../../subgraphs/kit/database';
import { createAuditTestDatabase, createWitnessTestDatabase, sampleRecord, tamper, type AuditTestDatabase } from './auditTestDatabase';

/**
 * The witness: every signed checkpoint also lands in a store outside the audit database, so someone
 * who can rewrite the audit database (a superuser: triggers off) and cuts a chain's tail together with
 * its checkpoints is still found out — and the gap is named.
 */

const key = generateCheckpointKeyPair();
const signer = createCheckpointSigner(key);
let audit: AuditTestDatabase;
let witness: AuditTestDatabase;

beforeEach(async () => {
  audit = await createAuditTestDatabase('witness');
  witness = await createWitnessTestDatabase('witness');
});

afterEach(async () => {
  await audit?.drop();
  await witness?.drop();
});

/** A writer checkpointing every `every` records and witnessing each checkpoint; errors collected. */
function witnessedWriter(chainId: string, every: number, witnessDb = witness.db) {
  const errors: Error[] = [];
  const writer = createAuditWriter({
    db: audit.db,
    chainId,
    checkpoint: { signer, everyRecords: every, everyMs: 3_600_000 },
    witness: createCheckpointWitness({ auditDb: audit.db, witnessDb, timeoutMs: 1_000 }),
    onError: (error) => errors.push(error),
  });
  return { writer, errors };
}

async function appendMany(writer: ReturnType<typeof witnessedWriter>['writer'], count: number): Promise<void> {
  for (let index = 0; index < count; index += 1) await writer.append(sampleRecord());
}

const seqsOf = async (chainId: string) => (await readWitnessCheckpoints(witness.db, chainId)).map((checkpoint) => checkpoint.seq);

it('holds every checkpoint the writer signs, the final one (written by close) included', async () => {
  const { writer, errors } = witnessedWriter('gateway-1', 5);
  await appendMany(writer, 12);
  await writer.close();
  expect(errors).toEqual([]);
  const inLog = (await audit.db.query<{ seq: number }>('SELECT seq FROM audit_checkpoints ORDER BY seq')).map((row) => row.seq);
  expect(inLog.at(-1)).toBe(12);
  expect(await seqsOf('gateway-1')).toEqual(inLog);
  const report = await verifyAuditLog(audit.db, { publicKeys: [key.publicKey], witness: witness.db });
  expect(report).toMatchObject({ intact: true, witness: 'compared' });
  expect(report.chains[0]!.checkpoints.witnessed).toEqual({ total: inLog.length, latestSeq: 12 });
});

it('detects a tail cut together with its checkpoints, and names the records that are gone', async () => {
  const { writer } = witnessedWriter('gateway-1', 5);
  await appendMany(writer, 20);
  await writer.close();
  // The attack: triggers off, the last 8 records and every checkpoint covering them deleted.
  await tamper(audit.url, async (client) => {
    await client.query(`DELETE FROM audit_events WHERE chain_id = 'gateway-1' AND seq > 12`);
    await client.query(`DELETE FROM audit_checkpoints WHERE chain_id = 'gateway-1' AND seq > 12`);
  });

  // The audit database alone cannot tell: what is left is a well-formed, correctly signed chain.
  expect(await verifyAuditLog(audit.db, { publicKeys: [key.publicKey] })).toMatchObject({ intact: true });

  const report = await verifyAuditLog(audit.db, { publicKeys: [key.publicKey], witness: witness.db });
  expect(report.intact).toBe(false);
  expect(report.firstFailure).toMatchObject({
    chainId: 'gateway-1',
    kind: 'checkpoint-beyond-chain',
    checkpointSource: 'witness',
    missing: { from: 13, to: 20 },
  });
  expect(report.firstFailure!.message).toContain('seqs 13 to 20 were removed from the end');
  expect(report.firstFailure!.message).toContain('the chain ends at seq 12');
});

it('detects a whole chain deleted, checkpoints and all', async () => {
  const { writer } = witnessedWriter('gateway-2', 3);
  await appendMany(writer, 4);
  await writer.close();
  await tamper(audit.url, async (client) => {
    await client.query(`DELETE FROM audit_events`);
    await client.query(`DELETE FROM audit_checkpoints`);
  });
  const report = await verifyAuditLog(audit.db, { publicKeys: [key.publicKey], witness: witness.db });
  expect(report.firstFailure).toMatchObject({ chainId: 'gateway-2', kind: 'checkpoint-beyond-chain', missing: { from: 1, to: 4 } });
  expect(report.firstFailure!.message).toContain('the chain has no records');
});

it('detects checkpoints deleted from the audit log while the chain still matches them', async () => {
  const { writer } = witnessedWriter('gateway-1', 3);
  await appendMany(writer, 9);
  await writer.close();
  // Not a fixed seq: under load a checkpoint still being written when the next is due is skipped, so which
  // seqs carry one varies; the first of them that is not the chain's last is the one removed.
  let removed = 0;
  await tamper(audit.url, async (client) => {
    const rows = await client.query<{ seq: string }>(`SELECT seq FROM audit_checkpoints WHERE chain_id = 'gateway-1' ORDER BY seq`);
    expect(rows.rows.length).toBeGreaterThanOrEqual(2);
    removed = Number(rows.rows[0]!.seq);
    await client.query(`DELETE FROM audit_checkpoints WHERE chain_id = 'gateway-1' AND seq = $1`, [removed]);
  });
  const report = await verifyAuditLog(audit.db, { publicKeys: [key.publicKey], witness: witness.db });
  expect(report.firstFailure).toMatchObject({ kind: 'checkpoint-missing-from-log', seq: removed, checkpointSource: 'witness' });
});

it('refuses a checkpoint inserted into the witness that the key did not sign', async () => {
  const { writer } = witnessedWriter('gateway-1', 3);
  await appendMany(writer, 3);
  await writer.close();
  const forged = createCheckpointSigner(generateCheckpointKeyPair()).sign('gateway-1', { seq: 3, hash: 'f'.repeat(64) });
  await witness.db.query(
    'INSERT INTO witness_checkpoints (chain_id, seq, hash, signed_at, key_id, signature) VALUES ($1, $2, $3, $4, $5, $6)',
    [forged.chainId, forged.seq, forged.hash, forged.signedAt, key.keyId, forged.signature],
  );
  const report = await verifyAuditLog(audit.db, { publicKeys: [key.publicKey], witness: witness.db });
  expect(report.firstFailure).toMatchObject({ kind: 'checkpoint-signature-invalid', seq: 3, checkpointSource: 'witness' });
});

it('is append-only for its owner too: UPDATE, DELETE and TRUNCATE are refused', async () => {
  const { writer } = witnessedWriter('gateway-1', 2);
  await appendMany(writer, 2);
  await writer.close();
  const client = new pg.Client({ connectionString: witness.url });
  await client.connect();
  try {
    for (const [operation, statement] of [
      ['UPDATE', `UPDATE witness_checkpoints SET seq = 1`],
      ['DELETE', `DELETE FROM witness_checkpoints`],
      ['TRUNCATE', `TRUNCATE witness_checkpoints`],
    ] as const) {
      await expect(client.query(statement)).rejects.toThrow(`witness_checkpoints is append-only: ${operation} refused`);
    }
  } finally {
    await client.end();
  }
  expect(await seqsOf('gateway-1')).toEqual([2]);
});

it('never holds up appends while the witness hangs; the checkpoints stay in the audit log and are shipped later', async () => {
  // A witness that accepts connections and never answers: the worst case, worse than one that is down.
  const sockets: Socket[] = [];
  const hanging = createServer((socket) => sockets.push(socket));
  await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
  const port = (hanging.address() as { port: number }).port;
  const hangingDb = openDatabase({ connectionString: `postgres://postgres@127.0.0.1:${port}/nowhere`, name: 'hanging', onError: () => undefined });
  try {
    const stuck = witnessedWriter('gateway-1', 2, hangingDb);
    await appendMany(stuck.writer, 5);
    // Every append committed while the shipment of the first checkpoint was still waiting on the witness.
    expect(sockets.length).toBeGreaterThan(0);
    expect(await seqsOf('gateway-1')).toEqual([]);
    await stuck.writer.close();
    expect(stuck.errors.map((error) => error.message).join('\n')).toMatch(/not shipped to the witness \(kept in the audit log.*did not answer within 1000 ms/);
  } finally {
    for (const socket of sockets) socket.destroy();
    hanging.close();
    await hangingDb.close().catch(() => undefined);
  }
  const logged = (await audit.db.query<{ seq: number }>('SELECT seq FROM audit_checkpoints ORDER BY seq')).map((row) => row.seq);
  expect(logged.at(-1)).toBe(5);
  expect(await seqsOf('gateway-1')).toEqual([]);

  // The next run (the witness back) ships what the last one left, beside its own checkpoints.
  const back = witnessedWriter('gateway-1', 2);
  await appendMany(back.writer, 2);
  await back.writer.close();
  expect(back.errors).toEqual([]);
  const all = (await audit.db.query<{ seq: number }>('SELECT seq FROM audit_checkpoints ORDER BY seq')).map((row) => row.seq);
  expect(await seqsOf('gateway-1')).toEqual(all);
  expect(all).toEqual(expect.arrayContaining([...logged, 7]));
  expect(await verifyAuditLog(audit.db, { publicKeys: [key.publicKey], witness: witness.db })).toMatchObject({ intact: true });
});

it('ships a checkpoint once even when asked twice (a lost answer, a retry)', async () => {
  const { writer } = witnessedWriter('gateway-1', 2);
  await appendMany(writer, 2);
  await writer.close();
  const shipper = createCheckpointWitness({ auditDb: audit.db, witnessDb: witness.db });
  await expect(shipper.ship('gateway-1')).resolves.toBe(0);
  // Even when the witness's latest seq is not known (ship everything again): one row per checkpoint.
  const [checkpoint] = await audit.db.query<{ chain_id: string; seq: number; hash: string; signed_at: string; key_id: string; signature: string }>(
    'SELECT chain_id, seq, hash, signed_at, key_id, signature FROM audit_checkpoints',
  );
  await insertWitnessCheckpoints(witness.db, [
    { chainId: checkpoint!.chain_id, seq: checkpoint!.seq, hash: checkpoint!.hash, signedAt: checkpoint!.signed_at, keyId: checkpoint!.key_id, signature: checkpoint!.signature },
  ]);
  expect(await seqsOf('gateway-1')).toEqual([2]);
});
