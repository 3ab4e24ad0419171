import type { RowScope } from '../../policies/jurisdiction';
import { jurisdictionCondition } from '../kit/pageQuery';
import { AUDIT_EVENT_COLUMNS } from './auditRecord';
import { cursorPosition } from './auditEventsQuery';
import { BUDGET_REFUSAL_CODES, CASE_REFUSAL_CODES, REVIEW_QUEUE_CODES, type ReviewKind } from './reviewKinds';

/**
 * The review queue as one keyset-paginated statement over audit_events, newest first on
 * (record->>'time', id), like `auditEvents`. The queue condition is written exactly as the partial index
 * audit_events_review_queue's predicate (003_reviews.sql), with the codes as literals: only then can the
 * planner prove the index applies, and the queue reads its own rows however long the log is.
 */
export interface ReviewQueuePage {
  readonly kind?: ReviewKind | null;
  /** true: reviewed at least once; false: never; null/undefined: either. */
  readonly reviewed?: boolean | null;
  readonly scope: RowScope;
  readonly after?: string | null;
  readonly size: number;
}

/** The codes as a SQL text array literal; they are the gateway's fixed code names, checked to be nothing else. */
function codeArray(codes: readonly string[]): string {
  for (const code of codes) if (!/^[A-Z_]+$/.test(code)) throw new TypeError(`not an error code: ${code}`);
  return `ARRAY[${codes.map((code) => `'${code}'`).join(', ')}]`;
}

const BREAK_GLASS = `e.record ? 'breakGlass'`;
const hasAnyCode = (codes: readonly string[]) => `(e.record->'errorCodes') ?| ${codeArray(codes)}`;
/** The partial index's predicate, verbatim. */
export const REVIEW_QUEUE_CONDITION = `(${BREAK_GLASS} OR ${hasAnyCode(REVIEW_QUEUE_CODES)})`;

/** One kind per record, as reviewKindOf decides it: break-glass first, then budgets, then cases. */
const KIND_CONDITIONS: Readonly<Record<ReviewKind, string>> = Object.freeze({
  BREAK_GLASS,
  BUDGET_REFUSAL: `NOT (${BREAK_GLASS}) AND ${hasAnyCode(BUDGET_REFUSAL_CODES)}`,
  CASE_REFUSAL: `NOT (${BREAK_GLASS}) AND NOT ${hasAnyCode(BUDGET_REFUSAL_CODES)} AND ${hasAnyCode(CASE_REFUSAL_CODES)}`,
});

const REVIEWED = 'EXISTS (SELECT 1 FROM audit_reviews r WHERE r.event_id = e.id)';

export function buildReviewQueueQuery(page: ReviewQueuePage): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const placeholder = (value: unknown, cast?: string) => {
    values.push(value);
    return cast ? `$${values.length}::${cast}` : `$${values.length}`;
  };
  const conditions = [REVIEW_QUEUE_CONDITION];
  if (page.kind) conditions.push(KIND_CONDITIONS[page.kind]);
  if (page.reviewed === true) conditions.push(REVIEWED);
  if (page.reviewed === false) conditions.push(`NOT ${REVIEWED}`);
  conditions.push(jurisdictionCondition({ column: null, scope: page.scope }, values));
  if (page.after) {
    const [time, id] = cursorPosition(page.after);
    conditions.push(`(e.record->>'time', e.id) < (${placeholder(time, 'text')}, ${placeholder(id, 'uuid')})`);
  }
  const text = `SELECT ${AUDIT_EVENT_COLUMNS} FROM audit_events e WHERE ${conditions.join(' AND ')}
    ORDER BY e.record->>'time' DESC, e.id DESC LIMIT ${placeholder(page.size + 1)}`;
  return { text, values };
}
