import { performance } from 'node:perf_hooks';
import { copyIn, copyTextField } from '../subgraphs/kit/copyIn';
import type { Database } from '../subgraphs/kit/database';
import { CanonicalJsonError } from './canonicalJson';
import { canonicalRecordInput, placedCanonicalJson, type CanonicalRecordInput } from './canonicalRecord';
import { EMPTY_CHAIN_HEAD, hashCanonical, type ChainHead } from './chain';
import type { Checkpoint, CheckpointSigner } from './checkpoint';
import { insertCheckpoint } from './checkpointStore';
import { AuditChainConflictError, AuditOverloadedError, AuditRecordError, AuditUnavailableError } from './errors';
import { auditRecordInputSchema, type AuditRecordInput } from './record';
import type { CheckpointWitness } from './witness';
import { loggerFor } from '@govgraph/observability';

/**
 * The audit writer: durable before the answer. `append` resolves only after the record's COMMIT has
 * returned, so the gateway sends no data whose record could still be lost.
 *
 * Group commit: appends queue up and go out in batches of up to `maxBatch`, each ONE COPY, with
 * seq and hashes computed in order from the in-memory head — so under load each commit carries many
 * records, and throughput grows with concurrency instead of being capped by commit latency.
 *
 * Pipelined (maxBatchesInFlight 2): while a batch is out, a second one (of at least PIPELINE_MIN_RECORDS) may go out chained on
 * its uncommitted end, on a connection of its own, inside a transaction that commits only after the batch
 * before has committed — and rolls back, failing its appends, when that one fails. So PostgreSQL inserts
 * one batch while the other commits and its callers append again, and the table never holds a batch
 * whose predecessor is missing. Records are canonicalised once, at append (audit/canonicalRecord.ts).
 *
 * Failure: every record of the batch (and of any batch chained on it) rejects with AuditUnavailableError;
 * the head is forgotten and re-read from the database before the next batch (a COMMIT whose answer was
 * lost may have landed).
 * Nothing is retried inside a request: the gateway answers 503 at once, and the next append tries
 * again on a fresh connection, so service resumes by itself when the store is back.
 *
 * Bounded: at most `maxQueue` records wait for their commit (queued or in a batch in flight); an
 * append past that fails at once with AuditOverloadedError instead of the queue growing. `admitting()`
 * tells the gateway's door to refuse new requests earlier, while a quarter of the queue is still free
 * for the records of requests already admitted and for the door's own refusals. Each record's deadline
 * counts from its append: one still waiting `timeoutMs` later fails, wherever it waits.
 */

export interface AuditWriterCheckpoints {
  signer: CheckpointSigner;
  /** Sign the head after this many records… */
  everyRecords: number;
  /** …or after this many ms, whichever comes first (only when the head moved). */
  everyMs: number;
}

export interface AuditWriterOptions {
  db: Database;
  /** This writer's chain: one per gateway instance (AUDIT_CHAIN_ID). */
  chainId: string;
  /** Most records in one batch (default 256). */
  maxBatch?: number;
  /**
   * How a batch goes in: 'copy' (default), one `COPY … FROM STDIN` of the rows as text; 'insert', the
   * earlier INSERT … SELECT over one jsonb array — kept so that bench/auditOverhead.ts measures the two
   * side by side, and for a connection pooler that does not pass COPY through.
   */
  batchStatement?: 'copy' | 'insert';
  /**
   * Most batches out at once. 2: a batch may go out chained on the uncommitted end of the one before, on
   * its own connection, and commit after it — for a store across a network, where it hides the round
   * trip. Default 1, one batch at a time: on one 2-core machine shared with PostgreSQL there is no idle
   * core to overlap with, and the extra BEGIN/COMMIT round trips and halved batches measured 0.87–0.98×.
   */
  maxBatchesInFlight?: number;
  /** Most records waiting for their commit (AUDIT_QUEUE_LIMIT); past it appends fail with AuditOverloadedError. */
  maxQueue?: number;
  /**
   * A record not committed this many ms after its append fails (the gateway answers 503 rather than
   * hang); a batch out that long makes new appends fail at once until it settles. It may still commit:
   * records for answers never sent are possible, answers without records are not.
   */
  timeoutMs?: number;
  checkpoint?: AuditWriterCheckpoints;
  /** Outages, chain conflicts, checkpoint failures: for the operator's log. Default: the `audit` logger (packages/observability/logger.ts). */
  onError?: (error: Error) => void;
  /** Each batch committed: how many records, and ms from its INSERT to its COMMIT (for metrics and the benchmark). */
  onCommit?: (batch: { records: number; milliseconds: number }) => void;
  /** Each checkpoint written to the audit log. */
  onCheckpoint?: (checkpoint: Checkpoint) => void;
  /**
   * Where each checkpoint goes next, outside the audit database (audit/witness.ts). Shipped in the
   * checkpoint step, never on an append's path; when the witness is down the checkpoint stays in the
   * audit log and is shipped with the next step (each tick retries), and at close.
   */
  witness?: CheckpointWitness;
}

export interface AppendedRecord {
  id: string;
  chainId: string;
  seq: number;
  hash: string;
}

export interface AuditWriter {
  readonly chainId: string;
  readonly maxQueue: number;
  readonly timeoutMs: number;
  /** Records waiting for their commit: queued, and in the batches in flight. */
  readonly backlog: number;
  /** Whether new work may start: the backlog leaves a quarter of maxQueue free for records already due. */
  admitting(): boolean;
  /** Resolves once the record is committed; rejects with AuditUnavailableError, AuditOverloadedError (or AuditRecordError). */
  append(input: AuditRecordInput): Promise<AppendedRecord>;
  /** Settles everything appended so far. */
  flush(): Promise<void>;
  /**
   * Refuses further appends, flushes, signs the final head and ships it to the witness. The database
   * stays open (the caller owns it): close the writer before the database, and stop taking requests first.
   */
  close(): Promise<void>;
}

export const CHAIN_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** A batch sent: its records, and whether it committed (what a batch chained on it waits for). */
interface Batch {
  pending: Pending[];
  committed: Deferred<boolean>;
}

/** A batch's rows as COPY_BATCH (text) or INSERT_BATCH (values) takes them, what each append resolves to, and the head after it. */
interface PlacedBatch {
  rows: { copy: string } | { values: unknown[] };
  appended: AppendedRecord[];
  end: ChainHead;
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
}

function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((settle) => (resolve = settle));
  return { promise, resolve };
}

interface Pending {
  /** The record as appended, canonicalised once (also the private copy: the caller's object is not kept). */
  record: CanonicalRecordInput;
  /** performance.now() by which the record must be committed: its append plus timeoutMs. */
  deadline: number;
  /** In a batch sent: its deadline is then the batch's (settle). */
  taken: boolean;
  resolve(appended: AppendedRecord): void;
  reject(error: Error): void;
}

/** Records waiting at once when AUDIT_QUEUE_LIMIT is not set: ~10 MB of 1 KB records, seconds of a slow store. */
export const DEFAULT_MAX_QUEUE = 10_000;

const TIMED_OUT = Symbol('timed out');

/** A second batch goes out while one is in flight only with at least this many records (and a batch is split in two from twice this). */
export const PIPELINE_MIN_RECORDS = 16;

// COPY: PostgreSQL's cheapest way in — measured 15–20 % less server CPU per row than INSERT_BATCH, whose
// jsonb array is parsed whole and then taken apart again (README, "Measured"; bench/auditInsertCost.ts). Autocommit:
// the COPY commits when it returns, with synchronous_commit as configured (on).
const COPY_BATCH = 'COPY audit_events (chain_id, seq, id, record, prev_hash, hash) FROM STDIN';

// INSERT (batchStatement 'insert'): the records go as ONE jsonb array text (they are JSON already, so joining them costs nothing), not as a
// text[]: pg escapes every quote of every element of an array parameter, which profiled at a tenth of the
// writer's CPU. PostgreSQL's planning is negligible here (≈ 0.05 ms), so the statement is not prepared.
const INSERT_BATCH = `
  INSERT INTO audit_events (chain_id, seq, id, record, prev_hash, hash)
  SELECT $1, t.seq, t.id, r.record, t.prev_hash, t.hash
  FROM unnest($2::bigint[], $3::uuid[], $5::text[], $6::text[]) WITH ORDINALITY AS t(seq, id, prev_hash, hash, n)
  JOIN jsonb_array_elements($4::jsonb) WITH ORDINALITY AS r(record, n) USING (n)`;

// One statement: the chain's head and its latest checkpoint, both by index.
const READ_HEAD = `
  SELECT (SELECT seq FROM audit_events WHERE chain_id = $1 ORDER BY seq DESC LIMIT 1) AS seq,
         (SELECT hash FROM audit_events WHERE chain_id = $1 ORDER BY seq DESC LIMIT 1) AS hash,
         (SELECT max(seq) FROM audit_checkpoints WHERE chain_id = $1) AS checkpointed`;

export function createAuditWriter(options: AuditWriterOptions): AuditWriter {
  const { db, chainId, checkpoint } = options;
  const maxBatch = options.maxBatch ?? 256;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const maxQueue = options.maxQueue ?? DEFAULT_MAX_QUEUE;
  const maxBatchesInFlight = options.maxBatchesInFlight ?? 1;
  const byCopy = (options.batchStatement ?? 'copy') === 'copy';
  const report = options.onError ?? ((error: Error) => loggerFor('audit').error(error.message));
  if (!CHAIN_ID_PATTERN.test(chainId)) {
    throw new Error(`audit chain id ${JSON.stringify(chainId)}: use letters, digits and . _ : - (at most 128)`);
  }
  if (!Number.isInteger(maxBatch) || maxBatch < 1) throw new Error('audit writer: maxBatch must be a positive integer');
  if (!Number.isInteger(maxBatchesInFlight) || maxBatchesInFlight < 1) throw new Error('audit writer: maxBatchesInFlight must be a positive integer');
  if (!Number.isInteger(maxQueue) || maxQueue < 4) throw new Error('audit writer: maxQueue must be an integer of at least 4');
  // New work stops here; the rest of the queue is for records already due (admitted requests, refusals).
  const admissionLimit = maxQueue - Math.ceil(maxQueue / 4);
  if (checkpoint && !(checkpoint.everyRecords >= 1 && checkpoint.everyMs >= 1)) {
    throw new Error('audit writer: checkpoint.everyRecords and checkpoint.everyMs must be positive');
  }

  /** Committed head; null when unknown (before the first batch, after a failure). The checkpoints sign it. */
  let head: ChainHead | null = null;
  /**
   * Where the next batch goes: the head after the last batch sent, committed or not. Null when unknown:
   * then no batch goes out until those in flight have settled, and the next one reads the head first.
   */
  let tip: ChainHead | null = null;
  /** Seq of the chain's latest checkpoint, as far as this writer knows. */
  let checkpointedSeq = 0;
  let queue: Pending[] = [];
  /** Batches sent and not settled, in chain order (at most maxBatchesInFlight). */
  const active: Batch[] = [];
  /** Records in those batches. */
  let inFlight = 0;
  /** The queue filled up and the operator has been told; reset when it drains below the admission limit. */
  let overloadReported = false;
  let pumpScheduled = false;
  /** Resolves once nothing is queued or in flight (flush, close). */
  let idle: { promise: Promise<void>; resolve(): void } | null = null;
  let checkpointing: Promise<void> | null = null;
  /** Checkpoints may be in the audit log and not at the witness: true at first (a previous run may have left some). */
  let witnessBehind = options.witness !== undefined;
  /** A batch outlived timeoutMs and has not settled: appends fail at once instead of piling up. */
  let stalled = false;
  let closed = false;

  const timer = checkpoint ? setInterval(() => void checkpointIfMoved(), checkpoint.everyMs) : undefined;
  timer?.unref();

  function append(input: AuditRecordInput): Promise<AppendedRecord> {
    if (closed) return Promise.reject(new AuditUnavailableError('the audit writer is closed'));
    const captured = capture(input);
    if (typeof captured === 'string') return Promise.reject(new AuditRecordError(`audit record refused: ${captured}`));
    if (stalled) return Promise.reject(new AuditUnavailableError('the audit log is not answering'));
    if (queue.length + inFlight >= maxQueue) {
      if (!overloadReported) {
        overloadReported = true;
        report(new Error(`audit chain ${chainId}: ${maxQueue} records wait for their commit (AUDIT_QUEUE_LIMIT); refusing new records`));
      }
      return Promise.reject(new AuditOverloadedError());
    }
    return new Promise<AppendedRecord>((resolve, reject) => {
      let settled = false;
      // The deadline counts from now, not from when a batch takes the record: waiting in the queue counts.
      // A record already being written is failed by its batch's timer instead (settle), which stalls the writer.
      const deadline = setTimeout(() => {
        if (pending.taken) return;
        queue = queue.filter((queued) => queued !== pending);
        pending.reject(new AuditUnavailableError(`the audit log did not commit the record within ${timeoutMs} ms`));
      }, timeoutMs);
      const pending: Pending = {
        record: captured,
        deadline: performance.now() + timeoutMs,
        taken: false,
        resolve: (appended) => {
          if (settled) return;
          settled = true;
          clearTimeout(deadline);
          resolve(appended);
        },
        reject: (error) => {
          if (settled) return;
          settled = true;
          clearTimeout(deadline);
          reject(error);
        },
      };
      queue.push(pending);
      schedulePump();
    });
  }

  function admitting(): boolean {
    const admit = queue.length + inFlight < admissionLimit;
    if (admit) overloadReported = false;
    return admit;
  }

  /** Appends made in the same turn of the event loop (and records released by one commit) join one batch. */
  function schedulePump(): void {
    idle ??= deferred();
    if (pumpScheduled) return;
    pumpScheduled = true;
    queueMicrotask(() => {
      pumpScheduled = false;
      pump();
    });
  }

  /**
   * Sends what is queued. One batch goes out while none is in flight. A second goes out, chained on the
   * first's uncommitted end, only when enough is queued to be worth it (PIPELINE_MIN_RECORDS: a record
   * or two just waits, as before) and the tip is known; and when nothing is in flight and much is queued,
   * the queue is split in two so that one batch's COPY runs while the other commits and its callers
   * append again.
   */
  function pump(): void {
    while (!stalled && queue.length > 0 && active.length < maxBatchesInFlight) {
      if (active.length > 0 && (tip === null || queue.length < PIPELINE_MIN_RECORDS)) break;
      const splitting = maxBatchesInFlight > 1 && active.length === 0 && queue.length >= 2 * PIPELINE_MIN_RECORDS;
      const size = Math.min(maxBatch, splitting ? Math.ceil(queue.length / 2) : queue.length);
      launch(queue.splice(0, size));
    }
    if (queue.length === 0 && active.length === 0 && idle) {
      idle.resolve();
      idle = null;
    }
  }

  function launch(pending: Pending[]): void {
    for (const entry of pending) entry.taken = true;
    const predecessor = active.at(-1);
    const start = tip;
    let placed: PlacedBatch | null = null;
    if (start) {
      placed = place(pending, start);
      tip = placed.end;
    }
    const batch: Batch = { pending, committed: deferred<boolean>() };
    active.push(batch);
    inFlight += pending.length;
    const work = (async () => {
      if (!placed) {
        // Nothing in flight (pump): the head read here is the committed one.
        placed = place(pending, await readHead());
        tip = placed.end;
        schedulePump();
      }
      const startedAt = performance.now();
      await (predecessor ? insertChained(placed, predecessor) : insertAlone(placed));
      head = placed.end;
      options.onCommit?.({ records: pending.length, milliseconds: performance.now() - startedAt });
      return placed.appended;
    })();
    void settle(batch, work);
  }

  /** Seq and hashes in order from `start`: the rows of one batch, and the head after it. */
  function place(pending: Pending[], start: ChainHead): PlacedBatch {
    return byCopy ? placeForCopy(pending, start) : placeForInsert(pending, start);
  }

  /** The rows in COPY's text format: tab-separated, one a line. Chain id, uuid and hex need no escaping (CHAIN_ID_PATTERN, the schema). */
  function placeForCopy(pending: Pending[], start: ChainHead): PlacedBatch {
    let copy = '';
    const appended: AppendedRecord[] = [];
    let prevHash = start.hash;
    pending.forEach(({ record }, index) => {
      const seq = start.seq + 1 + index;
      const canonical = placedCanonicalJson(record, chainId, seq);
      const hash = hashCanonical(prevHash, canonical);
      copy += `${chainId}\t${seq}\t${record.id}\t${copyTextField(canonical)}\t${prevHash}\t${hash}\n`;
      appended.push({ id: record.id, chainId, seq, hash });
      prevHash = hash;
    });
    return { rows: { copy }, appended, end: { seq: start.seq + pending.length, hash: prevHash } };
  }

  function placeForInsert(pending: Pending[], start: ChainHead): PlacedBatch {
    const seqs: number[] = [];
    const ids: string[] = [];
    const records: string[] = [];
    const prevHashes: string[] = [];
    const hashes: string[] = [];
    const appended: AppendedRecord[] = [];
    let prevHash = start.hash;
    pending.forEach(({ record }, index) => {
      const seq = start.seq + 1 + index;
      const canonical = placedCanonicalJson(record, chainId, seq);
      const hash = hashCanonical(prevHash, canonical);
      seqs.push(seq);
      ids.push(record.id);
      records.push(canonical);
      prevHashes.push(prevHash);
      hashes.push(hash);
      appended.push({ id: record.id, chainId, seq, hash });
      prevHash = hash;
    });
    return { rows: { values: [chainId, seqs, ids, `[${records.join(',')}]`, prevHashes, hashes] }, appended, end: { seq: start.seq + pending.length, hash: prevHash } };
  }

  /** No batch before it in flight: one autocommit statement. */
  async function insertAlone(placed: PlacedBatch): Promise<void> {
    if ('copy' in placed.rows) await db.copyIn(COPY_BATCH, placed.rows.copy);
    else await db.query(INSERT_BATCH, placed.rows.values);
  }

  /**
   * Chained on a batch still in flight: its COPY runs now, in a transaction on a connection of its own,
   * and commits only once the batch before has committed — so the chain in the database never has a gap,
   * whatever fails. When the batch before fails, this one rolls back and fails too.
   */
  async function insertChained(placed: PlacedBatch, predecessor: Batch): Promise<void> {
    const client = await db.pool.connect();
    let broken: Error | undefined;
    try {
      if ('copy' in placed.rows) {
        // BEGIN and the COPY in one Query message, its data with it: one round trip before the wait.
        await copyIn(client, `BEGIN; ${COPY_BATCH}`, placed.rows.copy);
      } else {
        await client.query('BEGIN');
        await client.query(INSERT_BATCH, placed.rows.values);
      }
      if (!(await predecessor.committed.promise)) {
        throw new AuditUnavailableError('the batch this one was chained on was not committed; rolled back');
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
      throw error;
    } finally {
      // A connection whose ROLLBACK failed is in an unknown state: the pool drops it.
      client.release(broken);
    }
  }

  /** Answers the batch's records from its outcome, or fails them at the oldest one's deadline. */
  async function settle(batch: Batch, work: Promise<AppendedRecord[]>): Promise<void> {
    const { pending } = batch;
    let timeout: NodeJS.Timeout | undefined;
    // Tagged, not `instanceof Error`: errors from node:net and pg can come from another realm (a test VM),
    // and a failure mistaken for a result would fail open.
    const outcome = await Promise.race([
      work.then(
        (appended) => ({ appended }),
        (error: unknown) => ({ failure: error instanceof Object && 'message' in error ? (error as Error) : new Error(String(error)) }),
      ),
      // The oldest record's deadline (the queue is in append order): its wait in the queue counts.
      new Promise<typeof TIMED_OUT>((resolve) => {
        timeout = setTimeout(() => resolve(TIMED_OUT), Math.max(0, pending[0]!.deadline - performance.now()));
      }),
    ]);
    clearTimeout(timeout);

    if (outcome === TIMED_OUT) {
      stalled = true;
      head = null;
      tip = null;
      const error = new AuditUnavailableError('the audit log did not commit in time');
      report(new Error(`audit chain ${chainId}: a batch of ${pending.length} did not commit within ${timeoutMs} ms of its first append; failing appends until it settles`));
      for (const entry of [...pending, ...queue]) entry.reject(error);
      queue = [];
      // Nothing new goes out until every batch in flight has settled: new batches would only queue behind the stuck one.
      const committed = await work.then(
        () => true,
        () => false,
      );
      finish(batch, committed);
      return;
    }
    if ('failure' in outcome) {
      const failure = outcome.failure;
      head = null;
      tip = null;
      const cause = isChainConflict(failure)
        ? new AuditChainConflictError(
            `audit chain ${chainId}: another writer appended to this chain (a position was already taken). ` +
              'Give each gateway instance its own AUDIT_CHAIN_ID.',
            { cause: failure },
          )
        : failure;
      report(cause === failure ? new Error(`audit chain ${chainId}: batch of ${pending.length} not written: ${failure.message}`, { cause }) : cause);
      const error = cause instanceof AuditUnavailableError ? cause : new AuditUnavailableError(undefined, { cause });
      for (const entry of pending) entry.reject(error);
      finish(batch, false);
      return;
    }
    pending.forEach((entry, index) => entry.resolve(outcome.appended[index]!));
    finish(batch, true);
    if (checkpoint && head && head.seq - checkpointedSeq >= checkpoint.everyRecords) void checkpointIfMoved();
  }

  /** Takes a settled batch out of flight, tells the batch chained on it, and sends what waits. */
  function finish(batch: Batch, committed: boolean): void {
    active.splice(active.indexOf(batch), 1);
    inFlight -= batch.pending.length;
    batch.committed.resolve(committed);
    if (!committed) {
      // Also when the batch had timed out and set the tip again since (its head read was still out): nothing may chain on it.
      head = null;
      tip = null;
    }
    if (active.length === 0) stalled = false;
    schedulePump();
  }

  async function readHead(): Promise<ChainHead> {
    const [row] = await db.query<{ seq: number | null; hash: string | null; checkpointed: number | null }>(READ_HEAD, [chainId]);
    checkpointedSeq = row?.checkpointed ?? 0;
    return row?.seq != null && row.hash != null ? { seq: row.seq, hash: row.hash } : EMPTY_CHAIN_HEAD;
  }

  /**
   * Signs and stores the committed head when it moved since the last checkpoint, then catches the
   * witness up (also when only the witness is behind); one at a time.
   */
  function checkpointIfMoved(): Promise<void> {
    if (!checkpoint || checkpointing) return checkpointing ?? Promise.resolve();
    const signed = head;
    const moved = signed !== null && signed.seq > checkpointedSeq;
    if (!moved && !witnessBehind) return Promise.resolve();
    checkpointing = (async () => {
      try {
        if (moved) {
          try {
            const written = checkpoint.signer.sign(chainId, signed);
            await insertCheckpoint(db, written);
            checkpointedSeq = Math.max(checkpointedSeq, signed.seq);
            witnessBehind = options.witness !== undefined;
            options.onCheckpoint?.(written);
          } catch (error) {
            report(new Error(`audit chain ${chainId}: checkpoint at seq ${signed.seq} not written: ${(error as Error).message}`, { cause: error }));
          }
        }
        if (witnessBehind) await shipToWitness();
      } finally {
        checkpointing = null;
      }
    })();
    return checkpointing;
  }

  async function shipToWitness(): Promise<void> {
    try {
      await options.witness!.ship(chainId);
      witnessBehind = false;
    } catch (error) {
      report(
        new Error(`audit chain ${chainId}: checkpoints not shipped to the witness (kept in the audit log, shipped with the next checkpoint): ${(error as Error).message}`, {
          cause: error,
        }),
      );
    }
  }

  async function flush(): Promise<void> {
    while (idle) await idle.promise;
  }

  return {
    chainId,
    maxQueue,
    timeoutMs,
    get backlog() {
      return queue.length + inFlight;
    },
    admitting,
    append,
    flush,
    async close() {
      closed = true;
      if (timer) clearInterval(timer);
      await flush();
      await checkpointing;
      await checkpointIfMoved();
    },
  };
}

/**
 * The record as it is when appended, in canonical form — a private copy, so a caller changing its object
 * afterwards changes nothing in the log — or why it cannot be written. Checked before it joins a batch.
 */
function capture(input: AuditRecordInput): CanonicalRecordInput | string {
  const parsed = auditRecordInputSchema.safeParse(input);
  if (!parsed.success) {
    return parsed.error.issues.map((issue) => `${issue.path.join('.') || 'record'}: ${issue.message}`).join('; ');
  }
  try {
    return canonicalRecordInput(input);
  } catch (error) {
    if (error instanceof CanonicalJsonError) return error.message;
    throw error;
  }
}

/** The primary key (chain_id, seq) refused a position: someone else wrote it. */
function isChainConflict(error: Error): boolean {
  const pgError = error as { code?: string; constraint?: string };
  return pgError.code === '23505' && pgError.constraint === 'audit_events_pkey';
}
