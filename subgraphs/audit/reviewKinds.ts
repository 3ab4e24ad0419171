import type { AuditRecord } from '../../audit/record';

/**
 * What puts an audit event in the privacy officers' review queue (issue 9: break-glass uses, budget
 * refusals, out-of-scope attempts), as the schema's AuditReviewKind names it. The codes are the gateway's
 * (gateway/errors.ts); audit/migrations/003_reviews.sql indexes exactly these records.
 */
export type ReviewKind = 'BREAK_GLASS' | 'BUDGET_REFUSAL' | 'CASE_REFUSAL';

export const BUDGET_REFUSAL_CODES: readonly string[] = Object.freeze([
  'SUBJECT_BUDGET_EXCEEDED',
  'IDENTIFIER_LOOKUP_BUDGET_EXCEEDED',
  'REFUSAL_BUDGET_EXCEEDED',
]);
export const CASE_REFUSAL_CODES: readonly string[] = Object.freeze([
  'OUTSIDE_CASE_SCOPE',
  'CASE_NOT_FOUND',
  'CASE_CLOSED',
  'CASE_OUT_OF_JURISDICTION',
]);

/** Every code that queues a record, in the migration's order. */
export const REVIEW_QUEUE_CODES: readonly string[] = Object.freeze([...BUDGET_REFUSAL_CODES, ...CASE_REFUSAL_CODES]);

/**
 * One kind per record, the most telling first: a break-glass use (whatever it overrode) is the caller's own
 * decision to go past a limit; then a budget refusal; then a case refusal. Null: not a queue record.
 */
export function reviewKindOf(record: Pick<AuditRecord, 'breakGlass' | 'errorCodes'>): ReviewKind | null {
  if (record.breakGlass) return 'BREAK_GLASS';
  if (record.errorCodes.some((code) => BUDGET_REFUSAL_CODES.includes(code))) return 'BUDGET_REFUSAL';
  if (record.errorCodes.some((code) => CASE_REFUSAL_CODES.includes(code))) return 'CASE_REFUSAL';
  return null;
}

/** What the event overrode (break-glass) or was refused with: the queue's "what" column. */
export function reviewCodesOf(record: Pick<AuditRecord, 'breakGlass' | 'errorCodes'>): string[] {
  return record.breakGlass ? [...record.breakGlass.exceeded] : [...record.errorCodes];
}
