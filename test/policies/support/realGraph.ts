import type { GraphQLSchema } from 'graphql';
import type { SensitiveKind } from '../../../policies';
import { apiSchemaOf } from '../../../schema/apiSchema';
import { composeSupergraph } from '../../../schema/compose';

/**
 * The classification the policies were written against. The subgraph SDLs carry it as `@sensitive(kind: …)`;
 * the real-graph test checks that the composed supergraph says exactly this.
 */
export const CLASSIFICATION: ReadonlyMap<string, SensitiveKind> = new Map<string, SensitiveKind>([
  ['Person.idNumber', 'ID_NUMBER'],
  ['Person.name', 'PERSON_NAME'],
  ['Person.phone', 'PHONE'],
  ['Person.registeredAddress', 'ADDRESS'],
  ['Person.currentAddress', 'ADDRESS'],
  ['Person.birthDate', 'BIRTH_DATE'],
  ['Incident.summary', 'FREE_TEXT'],
  ['Incident.location', 'ADDRESS'],
  ['IncidentInvolvement.role', 'CRIMINAL'],
  ['FraudCase.lossAmount', 'MONEY_AMOUNT'],
  ['Case.claimAmount', 'MONEY_AMOUNT'],
  ['Case.judgmentAmount', 'MONEY_AMOUNT'],
  ['Petition.content', 'FREE_TEXT'],
  ['Petition.respondent', 'PERSON_NAME'],
  ['Dispute.summary', 'FREE_TEXT'],
  ['ConsumerComplaint.content', 'FREE_TEXT'],
  ['Account.accountNumber', 'BANK_ACCOUNT'],
  ['Account.balance', 'MONEY_AMOUNT'],
  ['FlaggedTransaction.amount', 'MONEY_AMOUNT'],
  ['FlaggedTransaction.counterpartyAccount', 'BANK_ACCOUNT'],
  ['FlaggedTransaction.counterpartyName', 'PERSON_NAME'],
  ['StopPaymentOrder.amount', 'MONEY_AMOUNT'],
  ['SuspiciousTransactionReport.amountTotal', 'MONEY_AMOUNT'],
  // the audit review API: who looked at whom
  ['AuditUser.username', 'PERSON_NAME'],
  ['AuditUserStatistics.username', 'PERSON_NAME'],
  ['AuditSubject.display', 'ID_NUMBER'],
  ['SubjectAccessReport.idNumber', 'ID_NUMBER'],
  ['AuditEvent.variables', 'FREE_TEXT'],
  ['AuditBreakGlass.justification', 'FREE_TEXT'],
  ['AuditOperation.document', 'FREE_TEXT'],
  ['AuditReviewItem.justification', 'FREE_TEXT'],
  ['AuditReview.note', 'FREE_TEXT'],
]);

export interface ComposedGraph {
  readonly supergraphSdl: string;
  /** The API schema, as the gateway serves it (composed directives dropped). */
  readonly apiSchema: GraphQLSchema;
}

/** The graph as `npm run compose` composes it: the five agencies and the audit review API. */
export function composeRealGraph(): ComposedGraph {
  const supergraphSdl = composeSupergraph();
  return { supergraphSdl, apiSchema: apiSchemaOf(supergraphSdl) };
}
