import type { Change } from '@graphql-inspector/core';
import type { GraphQLSchema } from 'graphql';
import type { AgreedOperation } from '../../agreements/agreedOperations';
import { agreedAgencyFindings } from './agreedAgenciesCheck';
import { agreedOperationFindings, bindingAgreedOperations } from './agreedOperationsCheck';
import { plannedRoutes } from './plannedRoutes';
import type { Finding } from './report';

/** Where a check reads the agreements from: the only I/O, passed in. */
export interface AgreementSources {
  /** Every agreement's operations (agreements/agreedOperations.ts); unset: no agreements database, not checked. */
  agreedOperations?: () => Promise<AgreedOperation[]>;
  /** The agencies each agreement was approved by (agreements/agreementAgencies.ts); read with the operations. */
  agreementAgencies?: () => Promise<ReadonlyMap<string, readonly string[]>>;
}

/**
 * The agreed operations a candidate supergraph would break, and those it would make read an agency that never
 * approved them; the agreements unreadable block (fail closed). Run for a published version and for a rollback.
 */
export async function agreedFindings(
  sources: AgreementSources,
  served: GraphQLSchema,
  candidate: GraphQLSchema,
  changes: readonly Change[],
  supergraphs: { served: string; candidate: string },
): Promise<Finding[]> {
  if (!sources.agreedOperations) {
    return [{ check: 'operations', severity: 'info', message: 'No agreements database is configured: agreed operations were not checked.', fix: null, coordinate: null }];
  }
  let agreed: AgreedOperation[];
  let approvedAgencies: ReadonlyMap<string, readonly string[]> | undefined;
  try {
    agreed = bindingAgreedOperations(await sources.agreedOperations(), new Date());
    approvedAgencies = await sources.agreementAgencies?.();
  } catch (error) {
    console.error(`[registry] the agreements could not be read: ${(error as Error).message}`);
    return [
      {
        check: 'operations',
        severity: 'blocking',
        message: 'The agreements could not be read, so the change cannot be checked against the operations applications are agreed to run.',
        fix: 'Try again when the agreements database is reachable.',
        coordinate: null,
      },
    ];
  }
  const findings = agreedOperationFindings(agreed, served, candidate, changes);
  if (!approvedAgencies) {
    findings.push({ check: 'agreed-operations', severity: 'info', message: "The agreements' approvals were not given to the check: the agencies agreed operations read were not compared.", fix: null, coordinate: null });
    return findings;
  }
  findings.push(...agreedAgencyFindings(agreed, approvedAgencies, plannedRoutes(supergraphs.served), plannedRoutes(supergraphs.candidate)));
  return findings;
}
