import { FINDING_CHECKS, FINDING_SEVERITIES, type Finding } from './registryQueries';

/** Checks in the registry's order first, then any check this console does not know yet (shown by its name). */
export function groupByCheck(findings: readonly Finding[]): [string, Finding[]][] {
  const groups = new Map<string, Finding[]>();
  for (const check of FINDING_CHECKS) groups.set(check, []);
  for (const finding of findings) {
    const group = groups.get(finding.check) ?? [];
    group.push(finding);
    groups.set(finding.check, group);
  }
  const rank = (severity: string) => {
    const index = (FINDING_SEVERITIES as readonly string[]).indexOf(severity);
    return index < 0 ? FINDING_SEVERITIES.length : index;
  };
  return [...groups.entries()]
    .filter(([, group]) => group.length > 0)
    .map(([check, group]) => [check, [...group].sort((a, b) => rank(a.severity) - rank(b.severity))]);
}
