import path from 'node:path';
import { composeServices } from '@apollo/composition';
import { Supergraph } from '@apollo/federation-internals';
import type { GraphQLSchema } from 'graphql';
import type { SensitiveKind } from '../../../policies';
import { loadSchema } from '../../../subgraphs/kit/loadSchema';

const AGENCIES = ['police', 'court', 'petitions', 'market', 'bank'] as const;

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
]);

export interface ComposedGraph {
  readonly supergraphSdl: string;
  /** The API schema, as the gateway serves it (composed directives dropped). */
  readonly apiSchema: GraphQLSchema;
}

/** Composes the five agencies' `schema.graphql` files (behind the shared privacy contract). */
export function composeRealGraph(): ComposedGraph {
  const root = path.join(__dirname, '..', '..', '..', 'subgraphs');
  const result = composeServices(
    AGENCIES.map((agency) => ({
      name: agency,
      url: `http://${agency}.invalid/graphql`,
      typeDefs: loadSchema(path.join(root, agency)),
    })),
  );
  if (result.errors) throw new Error(result.errors.map((error) => error.message).join('\n'));
  return {
    supergraphSdl: result.supergraphSdl,
    apiSchema: Supergraph.build(result.supergraphSdl).apiSchema().toGraphQLJSSchema(),
  };
}
