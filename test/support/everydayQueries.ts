import { getIntrospectionQuery } from 'graphql';
import { EXAMPLE_CASE_REF, EXAMPLE_QUERY } from '../../runtime/banner';

/**
 * What the README and the seed systems ask every day, each with the user, purpose and case reference it is
 * asked under: the operation limits' defaults must let every one of them through.
 */
export interface EverydayQuery {
  name: string;
  username: string;
  purpose: string;
  caseRef?: string;
  query: string;
  variables?: Record<string, unknown>;
}

const WANG = '330110197803150018';
const LI_FRAUD_CASE = 'DZ-2025-00000001';
const JIANGUO_CO = '91330110MA2H3K7P6N';
const HUITONG_CO = '91331004MA2J8L4Q7U';

const PERSON_CARD = `idNumber name phone district
  petitions { id category status receivedAt district }
  cases { caseNumber causeOfAction status filedAt parties { role party { ... on Person { name } ... on Enterprise { name creditCode } } } }
  incidents { id category reportedAt district }`;

export const EVERYDAY_QUERIES: readonly EverydayQuery[] = [
  { name: 'the README example', username: 'mediator.wang', purpose: 'dispute-resolution', caseRef: EXAMPLE_CASE_REF, query: EXAMPLE_QUERY },
  {
    name: "the dispute cockpit: a dispute's parties, their petitions, cases and incident categories",
    username: 'mediator.wang',
    purpose: 'dispute-resolution',
    caseRef: EXAMPLE_CASE_REF,
    query: `query Cockpit($id: ID!) { dispute(id: $id) { id registeredAt module complexityGrade mediator outcome district
      parties { role person { ${PERSON_CARD} enterprises { name creditCode status } } } } }`,
    variables: { id: EXAMPLE_CASE_REF },
  },
  {
    name: 'the anti-fraud desk: fraud case → payee accounts → holders and stop-payment orders',
    username: 'investigator.li',
    purpose: 'fraud-investigation',
    caseRef: LI_FRAUD_CASE,
    query: `query Desk($id: ID!) { fraudCase(id: $id) { id reportedAt modus status district lossAmount
      victim { idNumber name phone }
      stopPaymentOrders { id issuedAt amount status }
      payeeAccounts { accountNumber bank status balance
        holder { ... on Person { idNumber name phone incidents { id category } } ... on Enterprise { creditCode name } }
        stopPaymentOrders { id issuedAt amount status fraudCase { id } }
        flaggedTransactions { id occurredAt direction amount counterpartyAccount counterpartyName channel flagReason } } } }`,
    variables: { id: LI_FRAUD_CASE },
  },
  {
    name: 'the risk card: enterprise → court cases, penalties, suspicious-transaction reports',
    username: 'analyst.chen',
    purpose: 'financial-risk-monitoring',
    query: `query RiskCard($code: ID!) { enterprise(creditCode: $code) { creditCode name status registeredCapital district industry dishonestDebtor
      legalRepresentative { idNumber district }
      cases { caseNumber kind causeOfAction filedAt status claimAmount parties { role party { ... on Enterprise { name } ... on Person { idNumber } } } }
      penalties { decisionNumber decidedAt violation penaltyAmount authority }
      suspiciousTransactionReports { id reportedAt reportingBank reason amountTotal } } }`,
    variables: { code: HUITONG_CO },
  },
  {
    name: 'the risk desk: a page of suspicious-transaction reports with their enterprises',
    username: 'analyst.chen',
    purpose: 'financial-risk-monitoring',
    query: `query Reports($first: Int) { suspiciousTransactionReports(first: $first) { edges { cursor node { id reportedAt reportingBank reason amountTotal
      enterprise { creditCode name cases { caseNumber status } penalties { decisionNumber } } } } pageInfo { hasNextPage endCursor } } }`,
    variables: { first: 100 },
  },
  {
    name: 'precursor supervision: enterprise → permits, inspections, penalties',
    username: 'inspector.sun',
    purpose: 'precursor-chemical-supervision',
    query: `query Precursors($code: ID!) { enterprise(creditCode: $code) { creditCode name status address district
      precursorPermits { permitNumber kind chemical quantityKg validFrom validUntil district }
      inspections { id inspectedAt inspectorUnit result notes }
      penalties { decisionNumber decidedAt violation penaltyAmount authority } } }`,
    variables: { code: JIANGUO_CO },
  },
  {
    name: 'litigation-source governance: counts by category and district through the connection searches',
    username: 'clerk.zhao',
    purpose: 'litigation-source-governance',
    query: `query Counts($district: String) {
      cases(filter: { district: $district }, first: 100) { edges { node { caseNumber kind causeOfAction district filedAt status claimAmount } } pageInfo { hasNextPage endCursor } }
      petitions(filter: { district: $district }, first: 100) { edges { node { id category district receivedAt status } } pageInfo { hasNextPage endCursor } }
      incidents(filter: { district: $district }, first: 100) { edges { node { id category district reportedAt } } pageInfo { hasNextPage endCursor } } }`,
    variables: { district: '330110' },
  },
  {
    name: "GraphiQL's standard introspection query",
    username: 'mediator.wang',
    purpose: 'dispute-resolution',
    caseRef: EXAMPLE_CASE_REF,
    query: getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true }),
  },
];
