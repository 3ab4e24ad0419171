import type { KeyObject } from 'node:crypto';
import type { Database } from '../subgraphs/kit/database';
import { canonicalJson } from './canonicalJson';
import { GENESIS_HASH, hashCanonical, type ChainHead } from './chain';
import { createCheckpointVerifier, type CheckpointSignatureStatus, type CheckpointVerifier } from './checkpoint';
import { readCheckpoints, type StoredCheckpoint } from './checkpointStore';
import { listWitnessChains, readWitnessCheckpoints } from './witnessStore';

/**
 * Verifies the audit log: every chain from seq 1, record by record (content hash, link to the previous
 * record, no gap, columns equal to the record), and every checkpoint (signature by a known key, and the
 * chain really has the signed hash at the signed seq). Records are read in pages by (chain_id, seq), so
 * a log of millions of rows needs memory for one page and the chain's checkpoints only.
 *
 * What each check catches, with the triggers disabled by a superuser:
 * - a record's content edited                          → hash-mismatch at that record
 * - a record edited and its hash recomputed           → prev-hash-mismatch at the next record
 * - records deleted from the middle                    → seq-gap at the first missing seq
 * - the tail rewritten (every hash recomputed)         → checkpoint-hash-mismatch at the first checkpoint after the change
 * - records deleted from the end                       → checkpoint-beyond-chain (when a checkpoint covered them)
 * - a checkpoint forged or edited                      → checkpoint-signature-invalid / checkpoint-unknown-key
 * With a witness (audit/witness.ts), its checkpoints are checked as well as the audit log's:
 * - the tail deleted together with its checkpoints     → checkpoint-beyond-chain, from the witness's copy
 * - checkpoints deleted from the audit log only        → checkpoint-missing-from-log
 * Records after the latest witnessed checkpoint can still be removed from the end without trace: checkpoint often.
 */

export type AuditFailureKind =
  | 'seq-gap'
  | 'record-invalid'
  | 'column-mismatch'
  | 'prev-hash-mismatch'
  | 'hash-mismatch'
  | 'checkpoint-signature-invalid'
  | 'checkpoint-unknown-key'
  | 'checkpoint-hash-mismatch'
  | 'checkpoint-beyond-chain'
  | 'checkpoint-missing-from-log';

/** Where a checkpoint was found: the audit log, the witness, or both. */
export type CheckpointSource = 'log' | 'witness' | 'both';

export interface AuditFailure {
  chainId: string;
  /** The first position that fails (for a gap: the first missing seq). */
  seq: number;
  /** The record at that position; null when it is missing. */
  recordId: string | null;
  /** The checkpoint concerned, for checkpoint failures: its row id in the audit log, or at the witness when only the witness has it. */
  checkpointId?: number;
  checkpointSource?: CheckpointSource;
  /** For records removed from the end: the first and last missing seq. */
  missing?: { from: number; to: number };
  kind: AuditFailureKind;
  message: string;
}

export type CheckpointStatus = CheckpointSignatureStatus | 'not-verified';

export interface CheckpointSummary {
  id: number;
  seq: number;
  hash: string;
  signedAt: string;
  keyId: string;
  /** 'not-verified' when no public key was given. */
  signature: CheckpointStatus;
}

export interface ChainVerification {
  chainId: string;
  /** Records checked and found intact (all of them when the chain is intact). */
  records: number;
  /** The last intact record's position; null for a chain with no intact record. */
  head: ChainHead | null;
  failure: AuditFailure | null;
  checkpoints: {
    total: number;
    /** Signature valid and hash present in the chain. */
    verified: number;
    latest: CheckpointSummary | null;
    /** With a witness: how many of the chain's checkpoints it holds, and its latest seq. */
    witnessed?: { total: number; latestSeq: number | null };
  };
}

export interface AuditVerificationReport {
  intact: boolean;
  /** Whether checkpoint signatures were checked, or why not. */
  checkpointSignatures: 'verified' | 'not verified: no public key given';
  /** Whether the witness's checkpoints were compared with the chains. */
  witness: 'compared' | 'not compared: no witness given';
  chains: ChainVerification[];
  /** The first failure of the first failing chain (chains in id order). */
  firstFailure: AuditFailure | null;
}

export interface VerifyAuditLogOptions {
  /** Public keys of the gateways' checkpoint keys; without them signatures are not checked. */
  publicKeys?: readonly KeyObject[];
  /** The checkpoint witness's database; its checkpoints are checked like the audit log's. */
  witness?: Database;
  /** Only these chains (default: every chain with records or checkpoints, here or at the witness). */
  chainIds?: readonly string[];
  /** Records per page. */
  pageSize?: number;
  /** Called after each page, e.g. for progress output. */
  onProgress?: (chainId: string, recordsChecked: number) => void;
}

export async function verifyAuditLog(db: Database, options: VerifyAuditLogOptions = {}): Promise<AuditVerificationReport> {
  const keys = options.publicKeys ?? [];
  const verifier = keys.length > 0 ? createCheckpointVerifier(keys) : undefined;
  const witness = options.witness;
  const chainIds = options.chainIds
    ? [...options.chainIds].sort()
    : [...new Set([...(await listChains(db)), ...(witness ? await listWitnessChains(witness) : [])])].sort();
  const chains: ChainVerification[] = [];
  for (const chainId of chainIds) {
    chains.push(await verifyChain(db, chainId, witness, verifier, options.pageSize ?? 1000, options.onProgress));
  }
  const firstFailure = chains.find((chain) => chain.failure)?.failure ?? null;
  return {
    intact: firstFailure === null,
    checkpointSignatures: verifier ? 'verified' : 'not verified: no public key given',
    witness: witness ? 'compared' : 'not compared: no witness given',
    chains,
    firstFailure,
  };
}

/** Chain ids in order: a loose index scan over the primary key (no full scan), plus chains with only checkpoints. */
async function listChains(db: Database): Promise<string[]> {
  const rows = await db.query<{ chain_id: string }>(`
    WITH RECURSIVE chains AS (
      (SELECT chain_id FROM audit_events ORDER BY chain_id LIMIT 1)
      UNION ALL
      SELECT (SELECT e.chain_id FROM audit_events e WHERE e.chain_id > chains.chain_id ORDER BY e.chain_id LIMIT 1)
      FROM chains WHERE chains.chain_id IS NOT NULL
    )
    SELECT chain_id FROM chains WHERE chain_id IS NOT NULL
    UNION
    SELECT DISTINCT chain_id FROM audit_checkpoints
    ORDER BY chain_id`);
  return rows.map((row) => row.chain_id);
}

interface EventRow {
  seq: number;
  id: string;
  record: unknown;
  prev_hash: string;
  hash: string;
}

/** A checkpoint and where it was found. */
interface SourcedCheckpoint extends StoredCheckpoint {
  readonly source: CheckpointSource;
}

/** The audit log's checkpoints and the witness's, one entry per signed checkpoint, in chain order. */
function mergeCheckpoints(log: readonly StoredCheckpoint[], witnessed: readonly StoredCheckpoint[]): SourcedCheckpoint[] {
  const key = (checkpoint: StoredCheckpoint) => `${checkpoint.seq}\n${checkpoint.hash}\n${checkpoint.signedAt}\n${checkpoint.keyId}\n${checkpoint.signature}`;
  const atWitness = new Set(witnessed.map(key));
  const inLog = new Set(log.map(key));
  const merged: SourcedCheckpoint[] = [
    ...log.map((checkpoint) => ({ ...checkpoint, source: atWitness.has(key(checkpoint)) ? ('both' as const) : ('log' as const) })),
    ...witnessed.filter((checkpoint) => !inLog.has(key(checkpoint))).map((checkpoint) => ({ ...checkpoint, source: 'witness' as const })),
  ];
  // Stable: at one seq, the audit log's before the witness's.
  return merged.sort((a, b) => a.seq - b.seq);
}

async function verifyChain(
  db: Database,
  chainId: string,
  witness: Database | undefined,
  verifier: CheckpointVerifier | undefined,
  pageSize: number,
  onProgress: VerifyAuditLogOptions['onProgress'],
): Promise<ChainVerification> {
  const logged = await readCheckpoints(db, chainId);
  const witnessed = witness ? await readWitnessCheckpoints(witness, chainId) : [];
  const checkpoints = mergeCheckpoints(logged, witnessed);
  const statuses = new Map<StoredCheckpoint, CheckpointStatus>();
  const statusOf = (checkpoint: StoredCheckpoint): CheckpointStatus => {
    let status = statuses.get(checkpoint);
    if (!status) statuses.set(checkpoint, (status = verifier ? verifier.verify(checkpoint) : 'not-verified'));
    return status;
  };

  let nextCheckpoint = 0;
  let verified = 0;
  let lastMatched: StoredCheckpoint | undefined;
  /** Checkpoints only the witness has that match the chain: the audit log lost them. */
  const missingFromLog: SourcedCheckpoint[] = [];
  let head: ChainHead | null = null;
  let records = 0;
  let failure: AuditFailure | null = null;
  const fail = (seq: number, recordId: string | null, kind: AuditFailureKind, message: string, checkpoint?: SourcedCheckpoint, missing?: AuditFailure['missing']) => {
    failure = {
      chainId,
      seq,
      recordId,
      kind,
      message,
      ...(checkpoint ? { checkpointId: checkpoint.id, checkpointSource: checkpoint.source } : {}),
      ...(missing ? { missing } : {}),
    };
  };

  /** The checkpoint's signature, then whether the chain has its hash at its seq (`row` undefined: no such record). */
  const checkCheckpoint = (checkpoint: SourcedCheckpoint, row: EventRow | undefined): boolean => {
    const where =
      checkpoint.source === 'witness'
        ? `the witness's checkpoint ${checkpoint.id} (seq ${checkpoint.seq}, signed ${checkpoint.signedAt}; not in the audit log)`
        : `checkpoint ${checkpoint.id} (seq ${checkpoint.seq}, signed ${checkpoint.signedAt})`;
    const status = statusOf(checkpoint);
    const recordId = row?.id ?? null;
    if (status === 'invalid-signature') {
      fail(checkpoint.seq, recordId, 'checkpoint-signature-invalid', `${where}: the signature does not verify with key ${checkpoint.keyId} (forged or edited)`, checkpoint);
      return false;
    }
    if (status === 'unknown-key') {
      const known = verifier?.keyIds.join(', ') ?? '';
      fail(checkpoint.seq, recordId, 'checkpoint-unknown-key', `${where}: signed by key ${checkpoint.keyId}, which is not among the given public keys (${known})`, checkpoint);
      return false;
    }
    if (!row) {
      const end = head ? `the chain ends at seq ${head.seq}` : 'the chain has no records';
      const from = (head?.seq ?? 0) + 1;
      // The records gone reach at least to the last checkpoint that still verifies, not just this one.
      const to = checkpoints.reduce((last, other) => (other.seq > last && statusOf(other) !== 'invalid-signature' && statusOf(other) !== 'unknown-key' ? other.seq : last), checkpoint.seq);
      const range = from === to ? `seq ${from} was` : `seqs ${from} to ${to} were`;
      fail(checkpoint.seq, null, 'checkpoint-beyond-chain', `${where} covers seq ${checkpoint.seq}, but ${end}: ${range} removed from the end`, checkpoint, { from, to });
      return false;
    }
    if (row.hash !== checkpoint.hash) {
      const since = lastMatched ? `it still matches the checkpoint at seq ${lastMatched.seq}, so` : 'from seq 1 to';
      fail(
        checkpoint.seq,
        row.id,
        'checkpoint-hash-mismatch',
        `${where} signed hash ${checkpoint.hash}, but the chain has ${row.hash} there: the chain was rewritten (${since} seq ${checkpoint.seq} changed after it was signed)`,
        checkpoint,
      );
      return false;
    }
    if (checkpoint.source === 'witness') missingFromLog.push(checkpoint);
    else if (status === 'valid') verified += 1;
    lastMatched = checkpoint;
    return true;
  };

  let prevHash = GENESIS_HASH;
  let expected = 1;
  pages: for (;;) {
    const rows = await db.query<EventRow>(
      'SELECT seq, id, record, prev_hash, hash FROM audit_events WHERE chain_id = $1 AND seq >= $2 ORDER BY seq LIMIT $3',
      [chainId, expected, pageSize],
    );
    for (const row of rows) {
      const problem = checkRecord(chainId, row, expected, prevHash);
      if (problem) {
        fail(problem.seq, problem.recordId, problem.kind, problem.message);
        break pages;
      }
      // Checkpoints of positions before this one that were never met (seq < 1) name nothing in the chain.
      while (nextCheckpoint < checkpoints.length && checkpoints[nextCheckpoint]!.seq < row.seq) {
        if (!checkCheckpoint(checkpoints[nextCheckpoint]!, undefined)) break pages;
        nextCheckpoint += 1;
      }
      while (nextCheckpoint < checkpoints.length && checkpoints[nextCheckpoint]!.seq === row.seq) {
        if (!checkCheckpoint(checkpoints[nextCheckpoint]!, row)) break pages;
        nextCheckpoint += 1;
      }
      records += 1;
      head = { seq: row.seq, hash: row.hash };
      prevHash = row.hash;
      expected = row.seq + 1;
    }
    onProgress?.(chainId, records);
    if (rows.length < pageSize) break;
  }
  if (!failure) {
    // Checkpoints past the chain's end: records they covered are gone.
    while (nextCheckpoint < checkpoints.length) {
      if (!checkCheckpoint(checkpoints[nextCheckpoint]!, undefined)) break;
      nextCheckpoint += 1;
    }
  }
  const lost = missingFromLog[0];
  if (!failure && lost) {
    const seqs = missingFromLog.map((checkpoint) => checkpoint.seq).join(', ');
    fail(
      lost.seq,
      null,
      'checkpoint-missing-from-log',
      `the witness holds ${missingFromLog.length} checkpoint(s) (seq ${seqs}) that the audit log does not: checkpoints were deleted from the audit database (the chain still matches them)`,
      lost,
    );
  }

  const latest = logged.reduce<StoredCheckpoint | undefined>((best, checkpoint) => (!best || checkpoint.seq >= best.seq ? checkpoint : best), undefined);
  return {
    chainId,
    records,
    head,
    failure,
    checkpoints: {
      total: logged.length,
      verified,
      latest: latest
        ? { id: latest.id, seq: latest.seq, hash: latest.hash, signedAt: latest.signedAt, keyId: latest.keyId, signature: statusOf(latest) }
        : null,
      ...(witness ? { witnessed: { total: witnessed.length, latestSeq: witnessed.at(-1)?.seq ?? null } } : {}),
    },
  };
}

/** One record against its expected position and the previous record's hash. */
function checkRecord(
  chainId: string,
  row: EventRow,
  expected: number,
  prevHash: string,
): Pick<AuditFailure, 'seq' | 'recordId' | 'kind' | 'message'> | undefined {
  if (row.seq !== expected) {
    const missing = row.seq === expected + 1 ? `seq ${expected} is missing` : `seqs ${expected} to ${row.seq - 1} are missing`;
    return { seq: expected, recordId: null, kind: 'seq-gap', message: `${missing} (the next record present is seq ${row.seq}, id ${row.id}): records were deleted` };
  }
  let canonical: string;
  try {
    canonical = canonicalJson(row.record);
  } catch (error) {
    return { seq: row.seq, recordId: row.id, kind: 'record-invalid', message: `the record is not canonical JSON any more (${(error as Error).message}): it was edited` };
  }
  const record = row.record as { id?: unknown; chainId?: unknown; seq?: unknown } | null;
  const differs = [
    record?.id !== row.id ? `record.id ${JSON.stringify(record?.id)} ≠ id ${row.id}` : '',
    record?.chainId !== chainId ? `record.chainId ${JSON.stringify(record?.chainId)} ≠ chain_id ${chainId}` : '',
    record?.seq !== row.seq ? `record.seq ${JSON.stringify(record?.seq)} ≠ seq ${row.seq}` : '',
  ].filter(Boolean);
  if (differs.length > 0) {
    return { seq: row.seq, recordId: row.id, kind: 'column-mismatch', message: `the columns differ from the record: ${differs.join('; ')}` };
  }
  if (row.prev_hash !== prevHash) {
    const before = row.seq === 1 ? 'the genesis hash (64 zeros)' : `the hash of seq ${row.seq - 1}`;
    return {
      seq: row.seq,
      recordId: row.id,
      kind: 'prev-hash-mismatch',
      message: `prev_hash is not ${before}: the record before was rewritten (its hash recomputed), or this link was edited`,
    };
  }
  if (hashCanonical(row.prev_hash, canonical) !== row.hash) {
    return { seq: row.seq, recordId: row.id, kind: 'hash-mismatch', message: 'the hash does not cover the stored content: the record was edited' };
  }
  return undefined;
}
