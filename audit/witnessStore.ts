import type { Database } from '../subgraphs/kit/database';
import type { Checkpoint } from './checkpoint';
import { storedCheckpoint, type CheckpointRow, type StoredCheckpoint } from './checkpointStore';

/**
 * The witness's table, witness_checkpoints (audit/witnessMigrations). The gateway's role may insert and
 * read (chain_id, seq); the verifier, running as the owner or a reader, reads whole rows.
 */

/** Adds checkpoints; one already there (re-shipped) is skipped, not an error. One statement. */
export async function insertWitnessCheckpoints(db: Database, checkpoints: readonly Checkpoint[]): Promise<void> {
  if (checkpoints.length === 0) return;
  await db.query(
    `INSERT INTO witness_checkpoints (chain_id, seq, hash, signed_at, key_id, signature)
     SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::timestamptz[], $5::text[], $6::text[])
     ON CONFLICT DO NOTHING`,
    [
      checkpoints.map((checkpoint) => checkpoint.chainId),
      checkpoints.map((checkpoint) => checkpoint.seq),
      checkpoints.map((checkpoint) => checkpoint.hash),
      checkpoints.map((checkpoint) => checkpoint.signedAt),
      checkpoints.map((checkpoint) => checkpoint.keyId),
      checkpoints.map((checkpoint) => checkpoint.signature),
    ],
  );
}

/** The highest seq the witness holds for a chain; 0 when none. */
export async function latestWitnessedSeq(db: Database, chainId: string): Promise<number> {
  const [row] = await db.query<{ seq: number | null }>('SELECT max(seq) AS seq FROM witness_checkpoints WHERE chain_id = $1', [chainId]);
  return row?.seq ?? 0;
}

/** A chain's witnessed checkpoints in chain order (ids are the witness's own row ids). */
export async function readWitnessCheckpoints(db: Database, chainId: string): Promise<StoredCheckpoint[]> {
  const rows = await db.query<CheckpointRow>(
    'SELECT id, seq, hash, signed_at, key_id, signature FROM witness_checkpoints WHERE chain_id = $1 ORDER BY seq, id',
    [chainId],
  );
  return rows.map((row) => storedCheckpoint(chainId, row));
}

/** Every chain the witness has seen. */
export async function listWitnessChains(db: Database): Promise<string[]> {
  const rows = await db.query<{ chain_id: string }>('SELECT DISTINCT chain_id FROM witness_checkpoints ORDER BY chain_id');
  return rows.map((row) => row.chain_id);
}
