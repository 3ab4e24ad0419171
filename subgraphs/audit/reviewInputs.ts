import { GraphQLError } from 'graphql';

/** The most a review note holds (the table's CHECK says the same). */
export const MAX_REVIEW_NOTE_LENGTH = 2_000;

/**
 * A review's note: trimmed, 1–2,000 characters, no control characters but line breaks and tabs. A bad
 * one is the caller's mistake (BAD_USER_INPUT), never a failed CHECK inside the INSERT.
 */
export function reviewNote(value: string): string {
  const note = value.trim();
  const bad = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', argumentName: 'note' } });
  if (note.length === 0) throw bad('`note` must say what the review found');
  if (note.length > MAX_REVIEW_NOTE_LENGTH) throw bad(`\`note\` is at most ${MAX_REVIEW_NOTE_LENGTH} characters`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(note)) throw bad('`note` may not contain control characters');
  return note;
}
