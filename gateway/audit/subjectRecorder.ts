import { subjectPseudonym } from '../../audit/subjectPseudonym';
import type { AuditSubject } from '../../audit/record';
import { applyMask, decideField, type Purpose } from '../../policies';
import { SUBJECT_KEYS } from '../enforcement/answerMarkers';
import type { PseudonymCache } from '../enforcement/pseudonymCache';
import type { PolicyGraph } from '../policyGraph';

export interface SubjectRecorderOptions {
  graph: PolicyGraph;
  purpose: Purpose;
  /** AUDIT_SUBJECT_KEY: the review API finds a person's records with the same key. */
  subjectKey: string;
  pseudonymKey: string;
  /** An identifier the operation itself named: its pseudonym was withheld from the answer, so from the log too. */
  named?: (identifier: string) => boolean;
  /** Remembered HMACs (enforcement/pseudonymCache.ts), shared across requests; computed afresh when absent. */
  pseudonyms?: PseudonymCache;
}

/**
 * Turns the data subjects an answer named into audit subjects: a keyed pseudonym to find them by, and
 * the identifier as this purpose shows it (masked where the purpose masks it, withheld where it may not
 * see it) — the log itself must not hold what the caller could not see.
 */
export function createSubjectRecorder(options: SubjectRecorderOptions): (type: string, identifier: string) => AuditSubject | undefined {
  const displays = new Map<string, (identifier: string) => string>();
  /** The identifier as the purpose shows `type.field`, where it was found. */
  const displayFor = (type: string, field: string) => {
    let display = displays.get(type);
    if (!display) {
      const info = options.graph.description.types.get(type)?.get(field);
      const decision = info ? decideField(options.purpose, { type, field, ...info }) : undefined;
      display =
        decision?.effect === 'allow'
          ? (identifier) => identifier
          : decision?.effect === 'mask' && info
            ? (identifier) =>
                decision.strategy === 'pseudonym' && options.pseudonyms && !options.named?.(identifier)
                  ? options.pseudonyms.mask(options.purpose.name, identifier)
                  : String(
                  applyMask(decision.strategy === 'pseudonym' && options.named?.(identifier) ? 'redact' : decision.strategy, identifier, {
                    kind: info.kind,
                    scalar: info.scalar ?? 'String',
                    nullable: false,
                    purpose: options.purpose.name,
                    pseudonymKey: options.pseudonymKey,
                  }),
                )
            : () => '(withheld)';
      displays.set(type, display);
    }
    return display;
  };
  return (type, identifier) => {
    const found = SUBJECT_KEYS[type];
    if (!found) return undefined;
    return {
      type: found.subject,
      pseudonym: options.pseudonyms ? options.pseudonyms.subject(found.subject, identifier) : subjectPseudonym(options.subjectKey, found.subject, identifier),
      display: displayFor(type, found.key)(identifier),
    };
  };
}
