import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { chainHash } from '../../audit/chain';
import { createCheckpointSigner } from '../../audit/checkpoint';
import { generateCheckpointKeyPair } from '../../audit/checkpointKeys';
import { insertCheckpoint } from '../../audit/checkpointStore';
import type { AuditRecord } from '../../audit/record';
import { verifyAuditLog } from '../../audit/verify';
import { createAuditWriter } from '../../audit/writer';
import { createAuditTestDatabase, sampleRecord, tamper, type AuditTestDatabase } from './auditTestDatabase';

/**
 * What a superuser can do with the triggers disabled, and that the verifier names the record where
 * the chain stops being the one the gateway wrote. Each case gets its own chain of 12 records with
 * signed checkpoints at seq 5 and 10.
 */

let audit: AuditTestDatabase;
const gatewayKey = generateCheckpointKeyPair();
const signer = createCheckpointSigner(gatewayKey);
const publicKeys = [gatewayKey.publicKey];
let chains = 0;

interface Row {
  seq: number;
  id: string;
  record: AuditRecord;
  prev_hash: string;
  hash: string;
}

async function chain(length = 12, checkpointsAt: number[] = [5, 10]): Promise<{ chainId: string; rows: Row[] }> {
  chains += 1;
  const chainId = `tamper-${chains}`;
  const writer = createAuditWriter({ db: audit.db, chainId });
  for (let index = 0; index < length; index += 1) await writer.append(sampleRecord());
  await writer.close();
  const rows = await readRows(chainId);
  for (const seq of checkpointsAt) await insertCheckpoint(audit.db, signer.sign(chainId, rows[seq - 1]!));
  return { chainId, rows };
}

function readRows(chainId: string): Promise<Row[]> {
  return audit.db.query<Row>('SELECT seq, id, record, prev_hash, hash FROM audit_events WHERE chain_id = $1 ORDER BY seq', [chainId]);
}

async function verify(chainId: string, withKeys = true, pageSize?: number) {
  const report = await verifyAuditLog(audit.db, { chainIds: [chainId], publicKeys: withKeys ? publicKeys : undefined, pageSize });
  return { report, failure: report.firstFailure, chain: report.chains[0]! };
}

/** Replaces records from `from` on with edited ones whose hashes and links are all recomputed: a consistent forgery. */
async function rewriteFrom(client: pg.Client, chainId: string, rows: Row[], from: number, edit: (record: AuditRecord) => AuditRecord) {
  let prev = rows[from - 2]?.hash ?? '0'.repeat(64);
  for (const row of rows.slice(from - 1)) {
    const record = row.seq === from ? edit(row.record) : row.record;
    const hash = chainHash(prev, record);
    await client.query('UPDATE audit_events SET record = $3::jsonb, prev_hash = $4, hash = $5 WHERE chain_id = $1 AND seq = $2', [
      chainId,
      row.seq,
      JSON.stringify(record),
      prev,
      hash,
    ]);
    prev = hash;
  }
}

beforeAll(async () => {
  audit = await createAuditTestDatabase('tamper');
});

afterAll(async () => {
  await audit?.drop();
});

describe('verifyAuditLog', () => {
  it('finds an untouched chain intact, with its checkpoints verified', async () => {
    const { chainId, rows } = await chain();
    const { report, chain: result } = await verify(chainId, true, 5); // pages of 5 cross the checkpoints and the end
    expect(report).toMatchObject({ intact: true, checkpointSignatures: 'verified', firstFailure: null });
    expect(result).toMatchObject({
      records: 12,
      head: { seq: 12, hash: rows[11]!.hash },
      checkpoints: { total: 2, verified: 2, latest: { seq: 10, hash: rows[9]!.hash, keyId: signer.keyId, signature: 'valid' } },
    });
  });

  it('names an edited record: its hash no longer covers its content', async () => {
    const { chainId, rows } = await chain();
    await tamper(audit.url, (client) =>
      client.query(`UPDATE audit_events SET record = jsonb_set(record, '{purpose}', '"fraud-investigation"') WHERE chain_id = $1 AND seq = 7`, [chainId]),
    );
    const { report, failure, chain: result } = await verify(chainId);
    expect(report.intact).toBe(false);
    expect(failure).toMatchObject({ chainId, seq: 7, recordId: rows[6]!.id, kind: 'hash-mismatch' });
    expect(result.records).toBe(6);
  });

  it('names a deleted record: a gap in seq', async () => {
    const { chainId, rows } = await chain();
    await tamper(audit.url, (client) => client.query('DELETE FROM audit_events WHERE chain_id = $1 AND seq = 7', [chainId]));
    const { failure } = await verify(chainId, true, 3); // the gap falls across a page boundary
    expect(failure).toMatchObject({ chainId, seq: 7, recordId: null, kind: 'seq-gap' });
    expect(failure!.message).toContain(`next record present is seq 8, id ${rows[7]!.id}`);
  });

  it('names the record after one rewritten with a recomputed hash: its prev_hash no longer matches', async () => {
    const { chainId, rows } = await chain();
    const forged = { ...rows[6]!.record, user: { subject: 'someone-else', username: 'clerk.zhao', roles: ['court-clerk'] } };
    await tamper(audit.url, (client) =>
      client.query('UPDATE audit_events SET record = $3::jsonb, hash = $4 WHERE chain_id = $1 AND seq = $2', [
        chainId,
        7,
        JSON.stringify(forged),
        chainHash(rows[5]!.hash, forged),
      ]),
    );
    const { failure } = await verify(chainId);
    expect(failure).toMatchObject({ chainId, seq: 8, recordId: rows[7]!.id, kind: 'prev-hash-mismatch' });
  });

  it('catches a whole tail rewritten consistently: the signed checkpoint no longer matches', async () => {
    const { chainId, rows } = await chain();
    await tamper(audit.url, (client) => rewriteFrom(client, chainId, rows, 7, (record) => ({ ...record, outcome: 'refused' })));
    // The chain alone now looks intact...
    const forgedRows = await readRows(chainId);
    expect(forgedRows[6]!.record.outcome).toBe('refused');
    // ...but the checkpoint at seq 10 signed the hash the gateway wrote.
    const { failure } = await verify(chainId);
    expect(failure).toMatchObject({ chainId, seq: 10, recordId: rows[9]!.id, kind: 'checkpoint-hash-mismatch' });
    expect(failure!.message).toContain('still matches the checkpoint at seq 5');
  });

  it('catches records removed from the end when a checkpoint covered them', async () => {
    const { chainId } = await chain();
    await tamper(audit.url, (client) => client.query('DELETE FROM audit_events WHERE chain_id = $1 AND seq >= 9', [chainId]));
    const { failure, chain: result } = await verify(chainId);
    expect(failure).toMatchObject({ chainId, seq: 10, recordId: null, kind: 'checkpoint-beyond-chain' });
    expect(result.records).toBe(8);
  });

  it('names a record whose columns differ from the record it holds', async () => {
    const { chainId, rows } = await chain();
    await tamper(audit.url, (client) => client.query('UPDATE audit_events SET id = $2 WHERE chain_id = $1 AND seq = 3', [chainId, randomUUID()]));
    const { failure } = await verify(chainId);
    expect(failure).toMatchObject({ chainId, seq: 3, kind: 'column-mismatch' });
    expect(failure!.message).toContain(`record.id "${rows[2]!.id}"`);
  });

  it('rejects a forged checkpoint: the attacker has no key, or signs with the wrong one', async () => {
    const { chainId, rows } = await chain(12, [5]);
    await tamper(audit.url, (client) => rewriteFrom(client, chainId, rows, 7, (record) => ({ ...record, purpose: 'audit-review' })));
    const forgedHead = (await readRows(chainId))[9]!;

    // A checkpoint of the forged head claiming the gateway's key, with a signature the attacker made up.
    const claimed = signer.sign(chainId, { seq: 10, hash: rows[9]!.hash });
    await insertCheckpoint(audit.db, { ...claimed, hash: forgedHead.hash });
    expect((await verify(chainId)).failure).toMatchObject({ chainId, seq: 10, recordId: forgedHead.id, kind: 'checkpoint-signature-invalid' });

    // The same forged head signed with the attacker's own key.
    const other = createCheckpointSigner(generateCheckpointKeyPair());
    const { chainId: second } = await chain(12, [5]);
    const secondHead = (await readRows(second))[9]!;
    await insertCheckpoint(audit.db, other.sign(second, secondHead));
    const { failure } = await verify(second);
    expect(failure).toMatchObject({ chainId: second, seq: 10, kind: 'checkpoint-unknown-key' });
    expect(failure!.message).toContain(other.keyId);
  });

  it('without public keys still verifies the chain, and says the checkpoints are not verified', async () => {
    const { chainId } = await chain();
    const { report, chain: result } = await verify(chainId, false);
    expect(report).toMatchObject({ intact: true, checkpointSignatures: 'not verified: no public key given' });
    expect(result.checkpoints).toMatchObject({ total: 2, verified: 0, latest: { seq: 10, signature: 'not-verified' } });
  });

  it('reports every chain, and names the first failing one', async () => {
    const good = await chain(3, []);
    const bad = await chain(3, []);
    await tamper(audit.url, (client) => client.query(`UPDATE audit_events SET record = jsonb_set(record, '{latencyMs}', '1') WHERE chain_id = $1 AND seq = 2`, [bad.chainId]));
    const report = await verifyAuditLog(audit.db, { publicKeys });
    const byChain = Object.fromEntries(report.chains.map((c) => [c.chainId, c]));
    expect(byChain[good.chainId]).toMatchObject({ records: 3, failure: null });
    expect(byChain[bad.chainId]).toMatchObject({ records: 1, failure: { seq: 2, recordId: bad.rows[1]!.id, kind: 'hash-mismatch' } });
    expect(report.intact).toBe(false);
    // Chains are checked in id order; earlier cases left their own failures, so the first is the lowest failing id.
    expect(report.firstFailure).toBe(report.chains.find((c) => c.failure)!.failure);
  });
});
