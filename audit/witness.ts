import type { Database } from '../subgraphs/kit/database';
import { readCheckpointsAfter } from './checkpointStore';
import { insertWitnessCheckpoints, latestWitnessedSeq } from './witnessStore';

/**
 * Ships signed checkpoints from the audit log to the witness, a store the gateway may append to but not
 * rewrite (audit/witnessMigrations). Each call catches the witness up: it asks for the latest seq the
 * witness holds and sends every checkpoint of the audit log after it. So a checkpoint signed while the
 * witness was down stays in the audit log and goes out with the next call; nothing is kept in memory.
 */
export interface CheckpointWitness {
  /** Sends the checkpoints of `chainId` the witness lacks; resolves with how many were sent. */
  ship(chainId: string): Promise<number>;
}

export interface CheckpointWitnessOptions {
  /** The audit log, where checkpoints are written first (read: audit_checkpoints). */
  auditDb: Database;
  /** The witness (insert witness_checkpoints, read its (chain_id, seq)). */
  witnessDb: Database;
  /** A call not done after this many ms fails: a hung witness must not hold the writer's shutdown. */
  timeoutMs?: number;
}

export function createCheckpointWitness(options: CheckpointWitnessOptions): CheckpointWitness {
  const timeoutMs = options.timeoutMs ?? 5_000;
  return {
    async ship(chainId: string): Promise<number> {
      const work = (async () => {
        const witnessed = await latestWitnessedSeq(options.witnessDb, chainId);
        const missing = await readCheckpointsAfter(options.auditDb, chainId, witnessed);
        await insertWitnessCheckpoints(options.witnessDb, missing);
        return missing.length;
      })();
      let timer: NodeJS.Timeout | undefined;
      try {
        return await Promise.race([
          work,
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`the checkpoint witness did not answer within ${timeoutMs} ms`)), timeoutMs);
          }),
        ]);
      } finally {
        clearTimeout(timer);
        work.catch(() => undefined);
      }
    },
  };
}
