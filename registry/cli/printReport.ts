import type { BrokenOperation, CheckReport, Finding } from '../checks/report';

const MARK: Readonly<Record<Finding['severity'], string>> = { blocking: '✗ BLOCKING', approval: '! APPROVAL', warning: '~ warning', info: '· info' };

function operationLine(operation: BrokenOperation): string {
  const used = `${operation.count}× under ${operation.purposes.join(', ') || '(no purpose)'} from ${operation.applications.join(', ') || '(no application)'}`;
  return `      - ${operation.name ?? '(anonymous)'} [${operation.documentHash.slice(0, 12)}…] ${used}, last ${operation.lastSeen}`;
}

/** The report as a publisher reads it in a terminal or a CI log: blocking first, each with its fix. Pure. */
export function formatReport(report: CheckReport): string {
  const lines: string[] = [];
  for (const finding of report.findings) {
    lines.push(`${MARK[finding.severity]} [${finding.check}]${finding.coordinate ? ` ${finding.coordinate}:` : ''} ${finding.message}`);
    if (finding.fix) lines.push(`    fix: ${finding.fix}`);
    if (finding.operations && finding.operations.length > 0) {
      lines.push('    recorded operations it breaks:');
      lines.push(...finding.operations.map(operationLine));
    }
  }
  const count = (severity: Finding['severity']) => report.findings.filter((finding) => finding.severity === severity).length;
  lines.push(
    '',
    `${count('blocking')} blocking, ${count('approval')} needing approval, ${count('warning')} warnings, ${count('info')} notes: ${
      report.blocking ? 'REFUSED' : report.needsApproval ? 'WAITS FOR A PRIVACY OFFICER' : 'PASSES'
    }`,
  );
  return lines.join('\n');
}

/** The CLI's exit code for a report: 1 blocking, 3 waiting for approval, 0 otherwise. */
export function exitCodeOf(report: CheckReport): 0 | 1 | 3 {
  if (report.blocking) return 1;
  return report.needsApproval ? 3 : 0;
}
