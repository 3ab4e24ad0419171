import pg from 'pg';
import { AuditUnavailableError } from '../../audit/errors';
import { verifyAuditLog } from '../../audit/verify';
import { createAuditWriter, PIPELINE_MIN_RECORDS, type AppendedRecord } from '../../audit/writer';
import { createAuditTestDatabase, sampleRecord, type AuditTestDatabase } from './auditTestDatabase';

/**
 * Pipelined batches: a batch may go out chained on the uncommitted end of the one before. These tests
 * provoke real failures in PostgreSQL (a test-only trigger that refuses one record, slowly, so the batches
 * behind it are already out) and check that no batch commits on top of one that did not.
 */
let audit: AuditTestDatabase;
let admin: pg.Client;

beforeAll(async () => {
  audit = await createAuditTestDatabase('pipeline');
  admin = new pg.Client({ connectionString: audit.url });
  await admin.connect();
  // Only in this test database: a row whose requestId is 'poison' fails its statement, 0.3 s late.
  await admin.query(`
    CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.record->>'requestId' = 'poison' THEN
        PERFORM pg_sleep(0.3);
        RAISE EXCEPTION 'poisoned record';
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER refuse_poison BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION refuse_poison();`);
});

afterAll(async () => {
  await admin?.end();
  await audit?.drop();
});

async function seqs(chainId: string): Promise<number[]> {
  const rows = await audit.db.query<{ seq: number }>('SELECT seq FROM audit_events WHERE chain_id = $1 ORDER BY seq', [chainId]);
  return rows.map((row) => row.seq);
}

function pipelinedWriter(chainId: string) {
  const errors: Error[] = [];
  const commits: number[] = [];
  const writer = createAuditWriter({ db: audit.db, chainId, maxBatchesInFlight: 2, onError: (error) => errors.push(error), onCommit: (batch) => commits.push(batch.records) });
  return { writer, errors, commits };
}

describe('pipelined audit batches', () => {
  it('fails the batch chained on a failed batch: it rolls back, and the head is re-read', async () => {
    const { writer, errors, commits } = pipelinedWriter('first-fails');
    const count = 4 * PIPELINE_MIN_RECORDS;
    // One turn of the event loop: split into two batches, the second chained on the first, which holds the poison.
    const results = await Promise.allSettled(Array.from({ length: count }, (_, index) => writer.append(sampleRecord(index === 3 ? { requestId: 'poison' } : {}))));

    expect(results.every((result) => result.status === 'rejected' && result.reason instanceof AuditUnavailableError)).toBe(true);
    const messages = errors.map((error) => error.message);
    expect(messages).toEqual([expect.stringContaining('poisoned record'), expect.stringContaining('chained on was not committed')]);
    expect(commits).toEqual([]);
    expect(await seqs('first-fails')).toEqual([]);

    // Nothing of either batch landed; the writer re-reads the head and starts the chain at 1.
    expect((await writer.append(sampleRecord())).seq).toBe(1);
    await writer.close();
    expect(await verifyAuditLog(audit.db, { chainIds: ['first-fails'] })).toMatchObject({ intact: true, chains: [{ records: 1 }] });
  });

  it('commits the batches before the failed one, fails every batch chained after it, and goes on after the last commit', async () => {
    const { writer, errors, commits } = pipelinedWriter('middle-fails');
    const half = 2 * PIPELINE_MIN_RECORDS;
    const second: Promise<AppendedRecord>[] = [];
    // Batch A (records 0..half-1) commits; batch B (half..2·half-1) holds the slow poison. A's callers append
    // again as soon as A commits, as requests do: those records go out as batch C, chained on B, while B is out.
    const first = Array.from({ length: 2 * half }, (_, index) => {
      const appended = writer.append(sampleRecord(index === half + 5 ? { requestId: 'poison' } : {}));
      if (index < half) {
        void appended.then(
          () => second.push(writer.append(sampleRecord())),
          () => undefined,
        );
      }
      return appended;
    });
    const settledFirst = await Promise.allSettled(first);
    await writer.flush();
    const settledSecond = await Promise.allSettled(second);

    const batchA = settledFirst.slice(0, half);
    expect(batchA.map((result) => (result.status === 'fulfilled' ? result.value.seq : result.reason))).toEqual(Array.from({ length: half }, (_, index) => index + 1));
    expect(settledFirst.slice(half).every((result) => result.status === 'rejected' && result.reason instanceof AuditUnavailableError)).toBe(true);
    expect(settledSecond).toHaveLength(half);
    expect(settledSecond.every((result) => result.status === 'rejected' && result.reason instanceof AuditUnavailableError)).toBe(true);
    expect(errors.map((error) => error.message)).toEqual([expect.stringContaining('poisoned record'), expect.stringContaining('chained on was not committed')]);
    expect(commits).toEqual([half]);

    // In the database: A only, no gap and nothing after it; the next record continues A.
    expect(await seqs('middle-fails')).toEqual(Array.from({ length: half }, (_, index) => index + 1));
    expect((await writer.append(sampleRecord())).seq).toBe(half + 1);
    await writer.close();
    expect(await verifyAuditLog(audit.db, { chainIds: ['middle-fails'] })).toMatchObject({ intact: true, chains: [{ records: half + 1 }] });
  });

  it('fails pipelined batches that outlive their deadline, and continues after them once they land', async () => {
    const errors: Error[] = [];
    const writer = createAuditWriter({ db: audit.db, chainId: 'stuck', maxBatchesInFlight: 2, timeoutMs: 300, onError: (error) => errors.push(error) });
    await writer.append(sampleRecord());
    const blocker = new pg.Client({ connectionString: audit.url });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE audit_events IN EXCLUSIVE MODE');
      // Two batches out, the second chained on the first; both wait for the lock past their deadline.
      const stuck = await Promise.allSettled(Array.from({ length: 4 * PIPELINE_MIN_RECORDS }, () => writer.append(sampleRecord())));
      expect(stuck.every((result) => result.status === 'rejected' && result.reason instanceof AuditUnavailableError)).toBe(true);
      await expect(writer.append(sampleRecord())).rejects.toThrow(/not answering/);
      await blocker.query('COMMIT');
      await writer.flush();
    } finally {
      await blocker.end();
    }
    // Both landed after their callers were answered 503, in order; the writer re-reads the head and goes on after them.
    const landed = await seqs('stuck');
    expect(landed).toEqual(Array.from({ length: 1 + 4 * PIPELINE_MIN_RECORDS }, (_, index) => index + 1));
    expect((await writer.append(sampleRecord())).seq).toBe(landed.length + 1);
    await writer.close();
    expect(errors.length).toBeGreaterThanOrEqual(1);
    expect(await verifyAuditLog(audit.db, { chainIds: ['stuck'] })).toMatchObject({ intact: true, chains: [{ records: landed.length + 1 }] });
  });

  it('gives many concurrent appenders unique, contiguous seqs, with batches in flight together, and the chain verifies', async () => {
    const { writer, errors, commits } = pipelinedWriter('concurrent');
    const appenders = 64;
    const each = 25;
    const appended: AppendedRecord[] = [];
    audit.db.resetStatementCount();
    await Promise.all(
      Array.from({ length: appenders }, async (_, appender) => {
        for (let index = 0; index < each; index += 1) {
          // Some callers come back at once, some a turn later: batches of every size, pipelined and not.
          if ((appender + index) % 3 === 0) await new Promise((resolve) => setImmediate(resolve));
          appended.push(await writer.append(sampleRecord()));
        }
      }),
    );
    await writer.close();

    const total = appenders * each;
    expect(errors).toEqual([]);
    expect(appended.map((record) => record.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: total }, (_, index) => index + 1));
    expect(new Set(appended.map((record) => record.id)).size).toBe(total);
    expect(commits.reduce((sum, records) => sum + records, 0)).toBe(total);
    // A batch alone is one statement through db.query; a chained one goes on a connection of its own:
    // fewer statements than batches means batches were chained on batches still in flight.
    expect(audit.db.statementCount).toBeLessThan(commits.length);
    expect(await seqs('concurrent')).toEqual(Array.from({ length: total }, (_, index) => index + 1));
    const report = await verifyAuditLog(audit.db, { chainIds: ['concurrent'] });
    expect(report).toMatchObject({ intact: true, chains: [{ records: total }] });
    // Each append's hash is the one stored at its seq (what the gateway hands out is what the chain holds).
    const stored = new Map((await audit.db.query<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_events WHERE chain_id = $1', ['concurrent'])).map((row) => [row.seq, row.hash]));
    for (const record of appended) expect(stored.get(record.seq)).toBe(record.hash);
  });
});
