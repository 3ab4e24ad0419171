import { CriticalityLevel, diff, type Change } from '@graphql-inspector/core';
import type { GraphQLSchema } from 'graphql';
import type { OperationUse } from './operationUsage';
import type { BrokenOperation, Finding } from './report';

/** The report's view of the recorded operations behind a finding. */
export function brokenOperationsOf(uses: readonly OperationUse[]): BrokenOperation[] {
  return uses.map(({ operation }) => ({
    name: operation.name,
    documentHash: operation.documentHash,
    count: operation.count,
    purposes: operation.purposes,
    applications: operation.applications,
    lastSeen: operation.lastSeen,
  }));
}

/**
 * Whether an operation uses what a change touches: the coordinate itself (`Person.phone`, `Enum.VALUE`, a
 * removed type) or, for an argument's change (`Query.person.idNumber`), the field it belongs to.
 */
function touches(change: Change, use: OperationUse): boolean {
  if (!change.path) return false;
  if (use.uses.has(change.path)) return true;
  const [type, field, argument] = change.path.split('.');
  return argument !== undefined && use.uses.has(`${type}.${field}`);
}

export interface BreakingChangeFindings {
  findings: Finding[];
  /** Operations named by a blocking breaking-change finding. */
  named: ReadonlySet<OperationUse>;
}

/**
 * The changes between the served and the candidate API schemas (@graphql-inspector/core), by criticality:
 * a breaking change that recorded operations use blocks and names them; one no recorded operation uses
 * is a warning; a dangerous change is a warning; the rest are information.
 */
export async function breakingChangeFindings(
  served: GraphQLSchema,
  candidate: GraphQLSchema,
  uses: readonly OperationUse[],
  windowDays: number,
): Promise<BreakingChangeFindings> {
  const findings: Finding[] = [];
  const named = new Set<OperationUse>();
  for (const change of await diff(served, candidate)) {
    const coordinate = change.path ?? null;
    if (change.criticality.level === CriticalityLevel.Breaking) {
      const users = uses.filter((use) => touches(change, use));
      users.forEach((use) => named.add(use));
      findings.push(
        users.length > 0
          ? {
              check: 'breaking-change',
              severity: 'blocking',
              message: `${change.message}: ${users.length} operation${users.length === 1 ? '' : 's'} recorded in the last ${windowDays} days use${users.length === 1 ? 's' : ''} it.`,
              fix: 'Keep the old shape beside the new one (add, deprecate with @deprecated, remove once the operations have moved), or ask the applications named here to change their operations first.',
              coordinate,
              operations: brokenOperationsOf(users),
            }
          : {
              check: 'breaking-change',
              severity: 'warning',
              message: `${change.message}: no operation recorded in the last ${windowDays} days uses it.`,
              fix: change.criticality.reason ?? 'Clients not seen in the audit window (or new ones) may still break: deprecate first where you can.',
              coordinate,
            },
      );
    } else if (change.criticality.level === CriticalityLevel.Dangerous) {
      findings.push({ check: 'breaking-change', severity: 'warning', message: change.message, fix: change.criticality.reason ?? null, coordinate });
    } else {
      findings.push({ check: 'breaking-change', severity: 'info', message: change.message, fix: null, coordinate });
    }
  }
  return { findings, named };
}

/**
 * Recorded operations the candidate no longer validates that no blocking breaking change named already
 * (e.g. a change @graphql-inspector rates safe but these documents rely on): each blocks, with its reason.
 */
export function operationFindings(uses: readonly OperationUse[], named: ReadonlySet<OperationUse>, windowDays: number): Finding[] {
  return uses
    .filter((use) => use.candidateErrors.length > 0 && !named.has(use))
    .map((use) => ({
      check: 'operations' as const,
      severity: 'blocking' as const,
      message: `The operation ${use.operation.name ?? '(anonymous)'}, recorded ${use.operation.count} time${use.operation.count === 1 ? '' : 's'} in the last ${windowDays} days, would no longer validate: ${use.candidateErrors.join(' ')}`,
      fix: 'Keep what the operation uses, or ask the applications named here to change it first.',
      coordinate: null,
      operations: brokenOperationsOf([use]),
    }));
}
