/** What each check is called in a report. */
export type CheckName = 'composition' | 'breaking-change' | 'operations' | 'agreed-operations' | 'classification' | 'purpose-coverage' | 'policy-graph';

/**
 * `blocking`: the version is refused; `approval`: it waits for a privacy officer; `warning` and `info`
 * are reported and change nothing.
 */
export type Severity = 'blocking' | 'approval' | 'warning' | 'info';

/** A recorded operation (audit log) that a change would break: grouped by its keyed document hash. */
export interface BrokenOperation {
  name: string | null;
  documentHash: string;
  count: number;
  purposes: string[];
  applications: string[];
  lastSeen: string;
}

export interface Finding {
  check: CheckName;
  severity: Severity;
  message: string;
  /** What the publisher can do about it. */
  fix: string | null;
  /** `Type.field` (or a type) the finding is about. */
  coordinate: string | null;
  operations?: BrokenOperation[];
  /** The agreement in force the finding is about (agreed-operation checks). */
  agreementId?: string;
}

export interface CheckReport {
  blocking: boolean;
  needsApproval: boolean;
  findings: Finding[];
}

const ORDER: Readonly<Record<Severity, number>> = { blocking: 0, approval: 1, warning: 2, info: 3 };

/** The report of a set of findings: blocking ones first. */
export function reportOf(findings: readonly Finding[]): CheckReport {
  const sorted = [...findings].sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
  return {
    blocking: sorted.some((finding) => finding.severity === 'blocking'),
    needsApproval: sorted.some((finding) => finding.severity === 'approval'),
    findings: sorted,
  };
}
