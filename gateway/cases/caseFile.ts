/**
 * What the gateway knows of a verified case: read from its owner (and, for the subjects' details, from
 * the agencies that hold them) by caseVerification.ts, kept briefly (verificationCache.ts), and read by
 * the scope and narrative checks.
 */
export interface CaseFile {
  readonly kind: string;
  readonly id: string;
  readonly status: string;
  readonly district: string;
  /** The case's subjects, as `Type:identifier` (`Person:330110…`, `Account:6222…`, `Enterprise:9133…`). */
  readonly subjects: ReadonlySet<string>;
  /** The subjects' names, as the agencies hold them: masked inside released narratives. */
  readonly names: readonly string[];
  /** The case's own records, as `Type:id` (`Dispute:TJ-…`, `Petition:XF-…`, `Incident:JQ-…`). */
  readonly records: ReadonlySet<string>;
}

export const subjectKey = (type: string, identifier: string) => `${type}:${identifier}`;
