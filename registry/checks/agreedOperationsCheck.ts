import { CriticalityLevel, type Change } from '@graphql-inspector/core';
import type { GraphQLSchema } from 'graphql';
import type { AgreedOperation } from '../../agreements/agreedOperations';
import { touches } from './breakingChanges';
import { analyseOperations } from './operationUsage';
import type { Finding } from './report';

/** Agreements that bind now or will: neither revoked nor ended (one not yet valid is already promised). */
export function bindingAgreedOperations(operations: readonly AgreedOperation[], now: Date): AgreedOperation[] {
  return operations.filter((operation) => operation.revokedAt === null && operation.validTo.getTime() > now.getTime());
}

/**
 * The agreed operations (agreements/) a candidate would break: an application may run only the exact
 * documents its agreements hold, by hash, so it cannot adapt one without a new agreement — a change that
 * breaks one blocks, whether or not it ran within the audit window. Each finding names the agreement, the
 * application, the purpose and until when it is in force. Pure.
 */
export function agreedOperationFindings(
  agreed: readonly AgreedOperation[],
  served: GraphQLSchema,
  candidate: GraphQLSchema,
  changes: readonly Change[],
): Finding[] {
  const breaking = changes.filter((change) => change.criticality.level === CriticalityLevel.Breaking);
  // One analysis per distinct document: several agreements may hold the same operation.
  const documents = new Map(agreed.map((operation) => [operation.documentHash, operation]));
  const asRecorded = [...documents.values()].map((operation) => ({
    name: operation.operationName,
    documentHash: operation.documentHash,
    document: operation.document,
    count: 0,
    purposes: [operation.purpose],
    applications: [operation.clientId],
    lastSeen: '',
  }));
  const findings: Finding[] = [];
  for (const use of analyseOperations(asRecorded, served, candidate)) {
    const hits = breaking.filter((change) => touches(change, use));
    if (hits.length === 0 && use.candidateErrors.length === 0) continue;
    const why = hits.length > 0 ? hits.map((change) => change.message).join('; ') : use.candidateErrors.join(' ');
    for (const operation of agreed.filter((candidateOperation) => candidateOperation.documentHash === use.operation.documentHash)) {
      findings.push({
        check: 'operations',
        severity: 'blocking',
        message: `The agreed operation ${operation.operationName} of agreement ${operation.agreementId} (${operation.clientId}, ${operation.purpose}, in force until ${operation.validTo.toISOString()}) would break: ${why}`,
        fix: `Keep what ${operation.operationName} uses (add beside it, deprecate, remove once the agreement has ended or been replaced); its application agrees a changed operation by a new sharing request first.`,
        coordinate: hits[0]?.path ?? null,
        agreementId: operation.agreementId,
      });
    }
  }
  return findings;
}
