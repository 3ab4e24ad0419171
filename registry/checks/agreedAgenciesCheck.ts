import type { AgreedOperation } from '../../agreements/agreedOperations';
import type { RoutesOf } from './plannedRoutes';
import type { Finding } from './report';

/**
 * The agreed operations a candidate would make read an agency whose steward never approved them. The seats
 * of a sharing request are fixed at submission from the plan of the day; a later version (an `@override`,
 * a subgraph resolving a field another already did) can move a field the operation selects to another
 * agency, and the gateway, which admits agreed operations by hash, would then fetch from it. Blocking for
 * each field the candidate newly asks such an agency for (coordinate: the first); a warning when the served
 * graph already did (not this change's doing; the agreement still needs renewing). An operation the
 * candidate cannot plan is left to the operations check, which blocks it. Pure over the plans it is given.
 */
export function agreedAgencyFindings(
  agreed: readonly AgreedOperation[],
  approvedAgencies: ReadonlyMap<string, readonly string[]>,
  served: RoutesOf,
  candidate: RoutesOf,
): Finding[] {
  const findings: Finding[] = [];
  for (const operation of agreed) {
    const planned = candidate(operation);
    if (!planned) continue;
    // An agreement whose seats cannot be read was approved by no one: every agency is unapproved (fails closed).
    const approved = new Set(approvedAgencies.get(operation.agreementId) ?? []);
    const before = served(operation) ?? new Map<string, readonly string[]>();
    for (const [agency, fields] of planned) {
      if (approved.has(agency)) continue;
      const already = new Set(before.get(agency) ?? []);
      const moved = fields.filter((field) => !already.has(field));
      const who = `${operation.operationName} of agreement ${operation.agreementId} (${operation.clientId}, ${operation.purpose})`;
      const approvers = approved.size > 0 ? [...approved].sort().join(', ') : 'no agency';
      if (moved.length > 0) {
        findings.push({
          check: 'agreed-operations',
          severity: 'blocking',
          message: `The agreed operation ${who} would read ${agency}, whose steward never approved it (approved by ${approvers}): the candidate asks ${agency} for ${moved.join(', ')}.`,
          fix: `Submit a new sharing request for ${operation.operationName} so that ${agency}'s data steward decides on it, or keep the field where it was (resolved by ${[...before.keys()].filter((other) => other !== agency).join(', ') || 'the agencies it is now'}) until that request is approved.`,
          coordinate: moved[0]!,
          agreementId: operation.agreementId,
        });
      } else {
        findings.push({
          check: 'agreed-operations',
          severity: 'warning',
          message: `The agreed operation ${who} already reads ${agency} in the served graph, whose steward never approved it (approved by ${approvers}): this change does not cause it.`,
          fix: `The application submits a new sharing request for ${operation.operationName} so that ${agency}'s data steward decides on it.`,
          coordinate: fields[0] ?? null,
          agreementId: operation.agreementId,
        });
      }
    }
  }
  return findings;
}
