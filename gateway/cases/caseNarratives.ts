import { maskSubjectNames, type Purpose } from '../../policies';
import { REDACTED_TEXT } from '../../policies/masks/redact';
import type { ValueOwner } from '../enforcement/answerSubjects';
import { subjectKey, type CaseFile } from './caseFile';

/** How a `caseRecordsOnly` narrative shows in `extensions.privacy.masked`: released with names masked, or redacted. */
export const CASE_NARRATIVE_STRATEGY = 'case-narrative';

/**
 * A free-text field the purpose releases for the case's own records only (`caseRecordsOnly`, issue 9,
 * item 4): the text of one of the case's records (caseVerification.ts lists them: the dispute itself and
 * its parties' petitions; a fraud case's subjects' incidents) goes out with every name of the case's
 * subjects masked as the purpose masks names; any other record's text is redacted, keeping its type.
 * Without a verified case, or a record id to tell, it is redacted (fail closed).
 */
export function releaseNarrative(
  purpose: Purpose,
  file: CaseFile | undefined,
  owner: ValueOwner,
  value: unknown,
  pseudonymKey: string,
): unknown {
  if (typeof value !== 'string') return value;
  if (!file || owner.record === undefined || !file.records.has(subjectKey(owner.type, owner.record))) return REDACTED_TEXT;
  return maskSubjectNames(purpose, value, file.names, { pseudonymKey });
}
