import pg from 'pg';
import { chainHash, GENESIS_HASH } from '../../audit/chain';
import { createCheckpointSigner, type Checkpoint } from '../../audit/checkpoint';
import { generateCheckpointKeyPair } from '../../audit/checkpointKeys';
import { readCheckpoints } from '../../audit/checkpointStore';
import { AuditChainConflictError, AuditOverloadedError, AuditRecordError, AuditUnavailableError } from '../../audit/errors';
import type { AuditRecord } from '../../audit/record';
import { verifyAuditLog } from '../../audit/verify';
import { createAuditWriter, type AppendedRecord, type AuditWriter } from '../../audit/writer';
import { createAuditTestDatabase, sampleRecord, type AuditTestDatabase } from './auditTestDatabase';

let audit: AuditTestDatabase;
const open: AuditWriter[] = [];
const keys = generateCheckpointKeyPair();

/** A writer closed after each test; errors it reports are collected instead of logged. */
function writer(chainId: string, options: Partial<Parameters<typeof createAuditWriter>[0]> = {}) {
  const errors: Error[] = [];
  const created = createAuditWriter({ db: audit.db, chainId, onError: (error) => errors.push(error), ...options });
  open.push(created);
  return Object.assign(created, { errors });
}

async function rows(chainId: string) {
  return audit.db.query<{ seq: number; id: string; record: AuditRecord; prev_hash: string; hash: string }>(
    'SELECT seq, id, record, prev_hash, hash FROM audit_events WHERE chain_id = $1 ORDER BY seq',
    [chainId],
  );
}

beforeAll(async () => {
  audit = await createAuditTestDatabase('writer');
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((w) => w.close()));
});

afterAll(async () => {
  await audit?.drop();
});

describe('audit writer', () => {
  it('places appends at consecutive seqs of its chain, each linked to the one before', async () => {
    const w = writer('consecutive');
    const inputs = [sampleRecord(), sampleRecord({ outcome: 'refused', errorCodes: ['FORBIDDEN_FIELDS'] }), sampleRecord({ user: null })];
    const appended: AppendedRecord[] = [];
    for (const input of inputs) appended.push(await w.append(input));

    expect(appended.map((a) => [a.chainId, a.seq, a.id])).toEqual(inputs.map((input, index) => ['consecutive', index + 1, input.id]));
    const stored = await rows('consecutive');
    let prev = GENESIS_HASH;
    stored.forEach((row, index) => {
      expect(row.record).toEqual({ ...inputs[index], chainId: 'consecutive', seq: index + 1 });
      expect(row.prev_hash).toBe(prev);
      expect(row.hash).toBe(chainHash(prev, row.record));
      expect(row.hash).toBe(appended[index]!.hash);
      prev = row.hash;
    });
    const report = await verifyAuditLog(audit.db, { chainIds: ['consecutive'] });
    expect(report.intact).toBe(true);
    expect(report.chains[0]).toMatchObject({ records: 3, head: { seq: 3, hash: prev } });
  });

  it('commits 500 concurrent appends in a handful of statements, all resolved with distinct seqs', async () => {
    const w = writer('grouped');
    audit.db.resetStatementCount();
    const appended = await Promise.all(Array.from({ length: 500 }, () => w.append(sampleRecord())));
    const statements = audit.db.statementCount;

    expect(appended.map((a) => a.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 500 }, (_, index) => index + 1));
    // One head read, then one INSERT per batch of at most 256.
    expect(statements).toBeLessThanOrEqual(3);
    expect((await verifyAuditLog(audit.db, { chainIds: ['grouped'] })).chains[0]!.records).toBe(500);
  });

  it('groups appends that arrive while a commit is out, as requests under load do', async () => {
    const w = writer('under-load');
    await w.append(sampleRecord()); // the head is known
    audit.db.resetStatementCount();
    // Each append in its own turn of the event loop: the first goes alone, the rest queue behind its commit.
    const appended = await Promise.all(
      Array.from({ length: 200 }, () => new Promise<AppendedRecord>((resolve, reject) => setImmediate(() => w.append(sampleRecord()).then(resolve, reject)))),
    );
    expect(appended).toHaveLength(200);
    expect(audit.db.statementCount).toBeLessThan(20);
    expect((await verifyAuditLog(audit.db, { chainIds: ['under-load'] })).intact).toBe(true);
  });

  it('continues an existing chain: a new writer loads the head from the database', async () => {
    const first = writer('restarted');
    await first.append(sampleRecord());
    await first.append(sampleRecord());
    await first.close();

    const second = writer('restarted');
    expect((await second.append(sampleRecord())).seq).toBe(3);
    const report = await verifyAuditLog(audit.db, { chainIds: ['restarted'] });
    expect(report).toMatchObject({ intact: true, chains: [{ records: 3 }] });
  });

  it('keeps two chains apart: writers with different chain ids interleave and both verify', async () => {
    const a = writer('instance-a');
    const b = writer('instance-b');
    const appended = await Promise.all(Array.from({ length: 40 }, (_, index) => (index % 2 === 0 ? a : b).append(sampleRecord())));
    expect(appended.filter((x) => x.chainId === 'instance-a').map((x) => x.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(appended.filter((x) => x.chainId === 'instance-b').map((x) => x.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const report = await verifyAuditLog(audit.db, { chainIds: ['instance-a', 'instance-b'] });
    expect(report.intact).toBe(true);
    expect(report.chains.map((chain) => [chain.chainId, chain.records])).toEqual([['instance-a', 20], ['instance-b', 20]]);
  });

  it('does not fork when two writers share a chain id: the second write of a position fails loudly', async () => {
    const a = writer('shared');
    const b = writer('shared');
    await a.append(sampleRecord());
    await b.append(sampleRecord()); // b read the head a left: seq 2
    const refused = a.append(sampleRecord()); // a still believes seq 1 is the head

    await expect(refused).rejects.toThrow(AuditUnavailableError);
    await expect(refused).rejects.toMatchObject({ code: 'AUDIT_UNAVAILABLE', cause: expect.any(AuditChainConflictError) });
    expect(a.errors).toEqual([expect.any(AuditChainConflictError)]);
    expect(a.errors[0]!.message).toMatch(/another writer appended to this chain.*own AUDIT_CHAIN_ID/);
    // a re-reads the head and goes on at the true end; the chain stays one line.
    expect((await a.append(sampleRecord())).seq).toBe(3);
    expect(await verifyAuditLog(audit.db, { chainIds: ['shared'] })).toMatchObject({ intact: true, chains: [{ records: 3 }] });
  });

  it('refuses a malformed record on its own, without sinking the batch it would have joined', async () => {
    const w = writer('malformed');
    const results = await Promise.allSettled([
      w.append(sampleRecord()),
      w.append(sampleRecord({ variables: { amount: 1.5 } })),
      w.append(sampleRecord({ id: 'not-a-uuid' })),
      w.append(sampleRecord({ time: '2025-06-30 08:00' })),
      w.append({ ...sampleRecord(), extra: 'field' } as ReturnType<typeof sampleRecord>),
      w.append(sampleRecord()),
    ]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'rejected', 'rejected', 'fulfilled']);
    const reasons = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as Error] : []));
    reasons.forEach((reason) => expect(reason).toBeInstanceOf(AuditRecordError));
    expect(reasons.map((reason) => reason.message)).toEqual([
      expect.stringContaining('$.variables.amount: not a safe integer'),
      expect.stringContaining('id: a lower-case uuid'),
      expect.stringContaining('time: ISO-8601 UTC with milliseconds'),
      expect.stringContaining('extra'),
    ]);
    expect((await rows('malformed')).map((row) => row.seq)).toEqual([1, 2]);
  });

  it('records the record as it was when appended, whatever the caller does with its object afterwards', async () => {
    const w = writer('captured');
    const input = sampleRecord();
    const pending = w.append(input);
    input.outcome = 'failed';
    input.variables.amount = 0.5; // would not even be storable
    await pending;
    const [row] = await rows('captured');
    expect(row!.record).toMatchObject({ outcome: 'allowed', variables: { id: 'p:5f0c9d' } });
    expect(await verifyAuditLog(audit.db, { chainIds: ['captured'] })).toMatchObject({ intact: true });
  });

  it('answers at once when a commit hangs, and goes on without a gap once it lands', async () => {
    const w = writer('stalled', { timeoutMs: 200 });
    await w.append(sampleRecord());
    // Another session holds the table: the next INSERT waits for it.
    const blocker = new pg.Client({ connectionString: audit.url });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE audit_events IN EXCLUSIVE MODE');
      const stuckRecord = sampleRecord();
      const stuck = w.append(stuckRecord);
      await expect(stuck).rejects.toThrow(AuditUnavailableError);
      // While the stuck commit is out, appends fail at once rather than pile up behind it.
      await expect(w.append(sampleRecord())).rejects.toThrow(/not answering/);
      await blocker.query('COMMIT');
      await w.flush();
      // The stuck INSERT landed after its caller had been answered 503 (a record without an answer is
      // possible, an answer without a record is not); the writer re-reads the head and continues after it.
      expect((await rows('stalled')).map((row) => row.id)).toEqual([expect.any(String), stuckRecord.id]);
    } finally {
      await blocker.end();
    }
    expect((await w.append(sampleRecord())).seq).toBe(3);
    expect(await verifyAuditLog(audit.db, { chainIds: ['stalled'] })).toMatchObject({ intact: true, chains: [{ records: 3 }] });
  });

  it('holds at most maxQueue records waiting for their commit, and stops admitting new work a quarter before', async () => {
    const w = writer('bounded', { maxQueue: 8, timeoutMs: 10_000 });
    await w.append(sampleRecord());
    const blocker = new pg.Client({ connectionString: audit.url });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE audit_events IN EXCLUSIVE MODE');
      const waiting: Promise<AppendedRecord>[] = [];
      for (let index = 0; index < 6; index += 1) {
        expect(w.admitting()).toBe(true);
        waiting.push(w.append(sampleRecord()));
      }
      // 6 of 8 in use: new work is refused at the door, records already due still have room…
      expect(w.backlog).toBe(6);
      expect(w.admitting()).toBe(false);
      waiting.push(w.append(sampleRecord()), w.append(sampleRecord()));
      // …until the queue is full: then an append fails at once instead of the queue growing.
      await expect(w.append(sampleRecord())).rejects.toThrow(AuditOverloadedError);
      expect(w.backlog).toBe(8);
      expect(w.errors.map((error) => error.message)).toEqual([expect.stringContaining('8 records wait for their commit')]);
      await blocker.query('COMMIT');
      expect((await Promise.all(waiting)).map((appended) => appended.seq)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
      expect(w.backlog).toBe(0);
      expect(w.admitting()).toBe(true);
    } finally {
      await blocker.end();
    }
    expect(await verifyAuditLog(audit.db, { chainIds: ['bounded'] })).toMatchObject({ intact: true, chains: [{ records: 9 }] });
  });

  it("counts a record's deadline from its append: waiting behind a slow commit counts", async () => {
    // A test-only database whose every INSERT into audit_events takes 0.8 s (a statement trigger that sleeps).
    const slow = await createAuditTestDatabase('slowcommit');
    const admin = new pg.Client({ connectionString: slow.url });
    await admin.connect();
    try {
      await admin.query(`
        CREATE FUNCTION slow_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(0.8); RETURN NULL; END $$;
        CREATE TRIGGER slow_commit AFTER INSERT ON audit_events FOR EACH STATEMENT EXECUTE FUNCTION slow_commit();`);
      const w = createAuditWriter({ db: slow.db, chainId: 'deadline', timeoutMs: 1_000, onError: () => undefined });
      const first = w.append(sampleRecord());
      await new Promise((resolve) => setTimeout(resolve, 100));
      // Queued while the first INSERT is out; its own INSERT would only end ~1.6 s after the first append.
      const startedAt = Date.now();
      const behind = w.append(sampleRecord());
      await expect(first).resolves.toMatchObject({ seq: 1 });
      await expect(behind).rejects.toThrow(AuditUnavailableError);
      const waited = Date.now() - startedAt;
      // Failed at its own deadline (1 s after its append), not after its batch's full timeout (≈ 0.7 + 1 s).
      expect(waited).toBeGreaterThanOrEqual(950);
      expect(waited).toBeLessThan(1_500);
      await w.close();
    } finally {
      await admin.end();
      await slow.drop();
    }
  });

  it('refuses appends after close', async () => {
    const w = writer('closed');
    await w.close();
    await expect(w.append(sampleRecord())).rejects.toThrow(AuditUnavailableError);
  });
});

describe('checkpoints', () => {
  const signer = createCheckpointSigner(keys);

  it('signs the head every N records and at close, and the verifier accepts them', async () => {
    const written: Checkpoint[] = [];
    const w = writer('counted', { checkpoint: { signer, everyRecords: 10, everyMs: 3_600_000 }, onCheckpoint: (c) => written.push(c) });
    for (let index = 0; index < 25; index += 1) await w.append(sampleRecord());
    await w.close();

    const stored = await readCheckpoints(audit.db, 'counted');
    expect(stored.length).toBeGreaterThanOrEqual(2);
    expect(stored.map((c) => c.seq)).toContain(10);
    expect(stored.at(-1)).toMatchObject({ seq: 25, keyId: signer.keyId });
    expect(written.map((c) => c.seq)).toEqual(stored.map((c) => c.seq));
    const report = await verifyAuditLog(audit.db, { chainIds: ['counted'], publicKeys: [keys.publicKey] });
    expect(report).toMatchObject({ intact: true, checkpointSignatures: 'verified' });
    expect(report.chains[0]!.checkpoints).toMatchObject({ total: stored.length, verified: stored.length, latest: { seq: 25, signature: 'valid' } });
  });

  it('signs the head after M ms when fewer than N records came', async () => {
    let resolveFirst: (checkpoint: Checkpoint) => void = () => undefined;
    const first = new Promise<Checkpoint>((resolve) => (resolveFirst = resolve));
    const w = writer('timed', { checkpoint: { signer, everyRecords: 1000, everyMs: 50 }, onCheckpoint: (c) => resolveFirst(c) });
    await w.append(sampleRecord());
    const last = await w.append(sampleRecord());
    const checkpoint = await first;
    expect(checkpoint).toMatchObject({ chainId: 'timed', seq: 2, hash: last.hash });
  });

  it('does not sign again at close when the head has not moved since the last checkpoint', async () => {
    const w = writer('unmoved', { checkpoint: { signer, everyRecords: 2, everyMs: 3_600_000 } });
    await w.append(sampleRecord());
    await w.append(sampleRecord());
    await w.close();
    const again = writer('unmoved', { checkpoint: { signer, everyRecords: 2, everyMs: 3_600_000 } });
    await again.append(sampleRecord({ outcome: 'failed' }));
    await again.append(sampleRecord());
    await again.close();
    expect((await readCheckpoints(audit.db, 'unmoved')).map((c) => c.seq)).toEqual([2, 4]);
  });
});
