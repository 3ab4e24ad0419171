import type { AuditUnrecordable } from '../../audit/record';

/**
 * Text the record keeps as it came (a request id, a username, an operation name), made storable: jsonb
 * refuses U+0000 and unpaired surrogates, so each becomes U+FFFD; text past its limit is cut. Either is
 * noted in the record's `unrecordable` under the field's path, never done silently. Pure.
 */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const SUSPECT = /[\u0000\uD800-\uDFFF]/;

export function recordedText(text: string, path: string, notes: AuditUnrecordable[], limit = 256): string {
  let recorded = text;
  if (SUSPECT.test(recorded) && recorded.search(UNSTORABLE) >= 0) {
    recorded = recorded.replace(UNSTORABLE, '\uFFFD');
    notes.push({ path, reason: 'held U+0000 or unpaired surrogates, which PostgreSQL cannot store: each replaced by U+FFFD' });
  }
  if (recorded.length > limit) {
    // Never cut a surrogate pair in two.
    let end = limit;
    const last = recorded.charCodeAt(end - 1);
    if (last >= 0xd800 && last <= 0xdbff) end -= 1;
    notes.push({ path, reason: `${recorded.length} characters: the first ${end} are recorded` });
    recorded = recorded.slice(0, end);
  }
  return recorded;
}

export function recordedNullableText(text: string | null | undefined, path: string, notes: AuditUnrecordable[], limit?: number): string | null {
  return text === null || text === undefined ? null : recordedText(text, path, notes, limit);
}
