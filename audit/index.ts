/** The audit log: records, their hash chain, the group-committing writer, signed checkpoints, the verifier. */
export { canonicalJson, CanonicalJsonError } from './canonicalJson';
export { chainHash, EMPTY_CHAIN_HEAD, GENESIS_HASH, type ChainHead } from './chain';
export {
  checkpointMessage,
  createCheckpointSigner,
  createCheckpointVerifier,
  type Checkpoint,
  type CheckpointSigner,
  type CheckpointVerifier,
} from './checkpoint';
export {
  checkpointPublicJwks,
  DEFAULT_CHECKPOINT_KEY_FILE,
  generateCheckpointKeyPair,
  importCheckpointPrivateKey,
  loadOrCreateCheckpointKey,
  parseCheckpointPublicKeys,
  readCheckpointPublicKeyFile,
  type CheckpointKeyPair,
} from './checkpointKeys';
export { auditDatabaseName, openAuditDatabase, type AuditDatabaseSource } from './database';
export { AuditChainConflictError, AuditRecordError, AuditUnavailableError } from './errors';
export type { AuditRecord, AuditRecordInput } from './record';
export { subjectPseudonym, type AuditSubjectType } from './subjectPseudonym';
export { verifyAuditLog, type AuditFailure, type AuditVerificationReport } from './verify';
export { createAuditWriter, type AppendedRecord, type AuditWriter, type AuditWriterOptions } from './writer';
