import type { AnswerSubject } from '../enforcement/answerSubjects';
import { subjectKey, type CaseFile } from './caseFile';

/**
 * Whether a data subject an answer carries is within the case (issue 9, item 2): one of the case's own
 * subjects, or an enterprise or account hanging directly off one of them (the company a party represents,
 * an account the holder also holds). A person must be one of the case's subjects, however the answer reached
 * them: through a party's court cases, an incident's involved persons or an entity reference alike.
 */
export function subjectInScope(file: CaseFile, subject: AnswerSubject, enclosing: AnswerSubject | undefined): boolean {
  if (file.subjects.has(subjectKey(subject.type, subject.identifier))) return true;
  if (subject.type === 'Person' || !enclosing) return false;
  return file.subjects.has(subjectKey(enclosing.type, enclosing.identifier));
}
