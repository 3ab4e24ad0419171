import type { Database } from '../subgraphs/kit/database';
import type { Checkpoint } from './checkpoint';

/** A checkpoint as stored: its row id besides what was signed. */
export interface StoredCheckpoint extends Checkpoint {
  readonly id: number;
}

export async function insertCheckpoint(db: Database, checkpoint: Checkpoint): Promise<void> {
  await db.query(
    'INSERT INTO audit_checkpoints (chain_id, seq, hash, signed_at, key_id, signature) VALUES ($1, $2, $3, $4, $5, $6)',
    [checkpoint.chainId, checkpoint.seq, checkpoint.hash, checkpoint.signedAt, checkpoint.keyId, checkpoint.signature],
  );
}

/**
 * A chain's checkpoints in chain order. They are few (one per many records), so they are read whole.
 * signed_at comes back as ISO-8601 with milliseconds (the database's type parser), as it was signed.
 */
export async function readCheckpoints(db: Database, chainId: string): Promise<StoredCheckpoint[]> {
  return readCheckpointsAfter(db, chainId, 0);
}

/** A chain's checkpoints after `seq`, in chain order (after 0: all of them; after the witness's latest: what it lacks). */
export async function readCheckpointsAfter(db: Database, chainId: string, seq: number): Promise<StoredCheckpoint[]> {
  const rows = await db.query<CheckpointRow>(
    `SELECT id, seq, hash, signed_at, key_id, signature FROM audit_checkpoints WHERE chain_id = $1 AND seq > $2 ORDER BY seq, id`,
    [chainId, seq],
  );
  return rows.map((row) => storedCheckpoint(chainId, row));
}

/** A row of audit_checkpoints or witness_checkpoints (the same columns). */
export interface CheckpointRow {
  id: number;
  seq: number;
  hash: string;
  signed_at: string;
  key_id: string;
  signature: string;
}

export function storedCheckpoint(chainId: string, row: CheckpointRow): StoredCheckpoint {
  return { id: row.id, chainId, seq: row.seq, hash: row.hash, signedAt: row.signed_at, keyId: row.key_id, signature: row.signature };
}
