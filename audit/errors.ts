/**
 * What an append can fail with. The gateway answers AUDIT_UNAVAILABLE (503) and sends no data; the
 * message is safe to show a client (the cause, for the log, may name the database).
 */
export class AuditUnavailableError extends Error {
  override name = 'AuditUnavailableError';
  readonly code = 'AUDIT_UNAVAILABLE';
  constructor(detail = 'the audit log could not record this request', options?: { cause?: unknown }) {
    super(`${detail}: no answer leaves without its audit record; retry later`, options);
  }
}

/**
 * The writer's queue is full (maxQueue records waiting for their commit): the record was not queued.
 * The gateway answers AUDIT_OVERLOADED (503, Retry-After) and sends no data; the store is slower than
 * the load, so new work is refused instead of the queue growing without bound.
 */
export class AuditOverloadedError extends Error {
  override name = 'AuditOverloadedError';
  readonly code = 'AUDIT_OVERLOADED';
  constructor(detail = 'the audit log is overloaded') {
    super(`${detail}: no answer leaves without its audit record; retry later`);
  }
}

/**
 * The record itself is malformed (a gateway bug, not an outage): refused before it joins a batch, so
 * it never sinks the other records of the batch. The gateway must still send no data.
 */
export class AuditRecordError extends Error {
  override name = 'AuditRecordError';
  readonly code = 'AUDIT_RECORD_INVALID';
}

/**
 * Another writer appended to this chain: two gateway instances share one AUDIT_CHAIN_ID. The primary
 * key refuses the second write of a position, so the chain never forks; the writer reports this
 * through onError and its appends fail with AuditUnavailableError until it has re-read the head.
 */
export class AuditChainConflictError extends Error {
  override name = 'AuditChainConflictError';
  readonly code = 'AUDIT_CHAIN_CONFLICT';
}
