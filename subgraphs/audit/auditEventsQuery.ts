import { GraphQLError } from 'graphql';
import type { RowScope } from '../../policies/jurisdiction';
import { jurisdictionCondition } from '../kit/pageQuery';
import { decodeCursor } from '../kit/pagination';
import { AUDIT_EVENT_COLUMNS } from './auditRecord';
import { isRecordId, isRecordTime } from './inputs';

/**
 * The `auditEvents` search as one keyset-paginated statement, newest first on (record->>'time', id).
 * Record times are ISO-8601 UTC with milliseconds, so their text order is their time order and the
 * expression indexes on `record->>'time'` serve it. (The kit's buildPageQuery compares columns only;
 * subjects and agencies fetched from are matched by jsonb containment, which the GIN index serves.)
 */
export interface AuditEventSearch {
  readonly username?: string | null;
  readonly agency?: string | null;
  readonly subgraph?: string | null;
  readonly purpose?: string | null;
  /** The subject's pseudonym, already computed from the ID number. */
  readonly subjectPseudonym?: string | null;
  /** Normalised record times (inputs.ts). */
  readonly from?: string | null;
  readonly to?: string | null;
  /** allowed | refused | failed. */
  readonly outcome?: string | null;
}

export interface AuditEventsPage {
  readonly search: AuditEventSearch;
  readonly scope: RowScope;
  readonly after?: string | null;
  readonly size: number;
}

/** The cursor as `toConnection` wrote it: the last row's time and id (the review queue pages the same way). */
export function cursorPosition(after: string): [string, string] {
  const [time, id] = decodeCursor(after, 2) as [string, string];
  if (!isRecordTime(time) || !isRecordId(id)) {
    throw new GraphQLError('`after` is not a cursor returned by this field', {
      extensions: { code: 'BAD_USER_INPUT', argumentName: 'after' },
    });
  }
  return [time, id];
}

export function buildAuditEventsQuery(page: AuditEventsPage): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const placeholder = (value: unknown, cast?: string) => {
    values.push(value);
    return cast ? `$${values.length}::${cast}` : `$${values.length}`;
  };
  const { search } = page;
  const given = (value: string | null | undefined): value is string => value !== undefined && value !== null;
  const conditions: string[] = [];
  if (given(search.username)) conditions.push(`e.record->'user'->>'username' = ${placeholder(search.username)}`);
  if (given(search.agency)) conditions.push(`e.record->'user'->>'agency' = ${placeholder(search.agency)}`);
  if (given(search.subgraph)) conditions.push(`(e.record->'subgraphs') @> ${placeholder(JSON.stringify([search.subgraph]), 'jsonb')}`);
  if (given(search.purpose)) conditions.push(`e.record->>'purpose' = ${placeholder(search.purpose)}`);
  if (given(search.subjectPseudonym)) {
    conditions.push(`(e.record->'subjectPseudonyms') @> ${placeholder(JSON.stringify([search.subjectPseudonym]), 'jsonb')}`);
  }
  if (given(search.from)) conditions.push(`e.record->>'time' >= ${placeholder(search.from, 'text')}`);
  if (given(search.to)) conditions.push(`e.record->>'time' < ${placeholder(search.to, 'text')}`);
  if (given(search.outcome)) conditions.push(`e.record->>'outcome' = ${placeholder(search.outcome)}`);
  conditions.push(jurisdictionCondition({ column: null, scope: page.scope }, values));
  if (page.after) {
    const [time, id] = cursorPosition(page.after);
    conditions.push(`(e.record->>'time', e.id) < (${placeholder(time, 'text')}, ${placeholder(id, 'uuid')})`);
  }
  const text = `SELECT ${AUDIT_EVENT_COLUMNS} FROM audit_events e WHERE ${conditions.join(' AND ')}
    ORDER BY e.record->>'time' DESC, e.id DESC LIMIT ${placeholder(page.size + 1)}`;
  return { text, values };
}
