import type { GraphQLSchema } from 'graphql';
import {
  decide,
  describeSchema,
  explainPurposes,
  fieldCoordinateOf,
  formatProblems,
  policyRevision,
  PURPOSE_LIST,
  validatePurposes,
  type Decision,
  type FieldCoordinate,
  type Purpose,
  type SchemaDescription,
} from '../../policies';
import { findPurpose } from '../../policies/purposes';
import { readClassification } from '../../policies';
import { CLASSIFICATION, composeRealGraph } from './support/realGraph';

let supergraphSdl: string;
let schema: GraphQLSchema;
let description: SchemaDescription;

beforeAll(() => {
  ({ supergraphSdl, apiSchema: schema } = composeRealGraph());
  description = describeSchema(schema, CLASSIFICATION);
});

function purpose(name: string): Purpose {
  const found = findPurpose(name);
  if (!found) throw new Error(`no purpose ${name}`);
  return found;
}

/** The decision-point input for a coordinate of the real graph, built the way the gateway would. */
function field(coordinate: string): FieldCoordinate {
  const [typeName, fieldName] = coordinate.split('.') as [string, string];
  const type = schema.getType(typeName);
  if (!type || !('getFields' in type)) throw new Error(`no type ${typeName}`);
  const graphqlField = type.getFields()[fieldName];
  if (!graphqlField) throw new Error(`no field ${coordinate}`);
  return fieldCoordinateOf(type as never, graphqlField as never, CLASSIFICATION.get(coordinate));
}

function summary(decisions: Decision[]): Record<string, string> {
  return Object.fromEntries(decisions.map((d) => [d.coordinate, d.effect === 'mask' ? `mask:${d.strategy}` : d.effect]));
}

describe('the real purposes against the real graph', () => {
  it('finds every classified coordinate in the composed graph', () => {
    expect(description.unmatchedClassifications).toEqual([]);
  });

  it('is classified in the subgraph SDLs exactly as the policies assume', () => {
    const annotated = readClassification(supergraphSdl);
    expect(Object.fromEntries([...annotated].sort())).toEqual(Object.fromEntries([...CLASSIFICATION].sort()));
  });

  it('validates with no errors and no warnings', () => {
    const problems = validatePurposes(PURPOSE_LIST, description);
    expect(formatProblems(problems)).toBe('');
  });

  it('dispute-resolution: persons masked, petitions and disputes, cases without amounts, incident categories, no bank', () => {
    expect(
      summary(
        decide(purpose('dispute-resolution'), [
          'Query.person',
          'Query.account',
          'Query.suspiciousTransactionReports',
          'Person.idNumber',
          'Person.name',
          'Person.phone',
          'Person.registeredAddress',
          'Person.birthDate',
          'Person.accounts',
          'Person.fraudCasesAsVictim',
          'Person.petitions',
          'Person.disputes',
          'Person.cases',
          'Petition.content',
          'Dispute.summary',
          'Case.causeOfAction',
          'Case.claimAmount',
          'Case.judgmentAmount',
          'Incident.category',
          'Incident.summary',
          'IncidentInvolvement.role',
          'Enterprise.accounts',
        ].map(field)),
      ),
    ).toEqual({
      'Query.person': 'allow',
      'Query.account': 'deny',
      'Query.suspiciousTransactionReports': 'deny',
      // Partial ID, phone and birth year together re-identified a party: withheld (see docs/reidentification.md).
      'Person.idNumber': 'mask:pseudonym',
      'Person.name': 'mask:surname',
      'Person.phone': 'mask:redact',
      'Person.registeredAddress': 'mask:district',
      'Person.birthDate': 'mask:redact',
      'Person.accounts': 'deny',
      'Person.fraudCasesAsVictim': 'deny',
      'Person.petitions': 'allow',
      'Person.disputes': 'allow',
      'Person.cases': 'allow',
      'Petition.content': 'allow',
      'Dispute.summary': 'allow',
      'Case.causeOfAction': 'allow',
      'Case.claimAmount': 'deny',
      'Case.judgmentAmount': 'deny',
      'Incident.category': 'allow',
      'Incident.summary': 'deny',
      'IncidentInvolvement.role': 'deny',
      'Enterprise.accounts': 'deny',
    });
  });

  it('fraud-investigation: persons, accounts, transactions and stop-payment orders in clear; no petitions or courts', () => {
    expect(
      summary(
        decide(purpose('fraud-investigation'), [
          'Query.fraudCase',
          'Query.account',
          'Person.idNumber',
          'Person.name',
          'Person.phone',
          'FraudCase.lossAmount',
          'FraudCase.payeeAccounts',
          'Account.accountNumber',
          'Account.balance',
          'Account.holder',
          'FlaggedTransaction.counterpartyAccount',
          'FlaggedTransaction.counterpartyName',
          'StopPaymentOrder.amount',
          'Person.petitions',
          'Person.cases',
          'Query.suspiciousTransactionReports',
        ].map(field)),
      ),
    ).toEqual({
      'Query.fraudCase': 'allow',
      'Query.account': 'allow',
      'Person.idNumber': 'allow',
      'Person.name': 'allow',
      'Person.phone': 'allow',
      'FraudCase.lossAmount': 'allow',
      'FraudCase.payeeAccounts': 'allow',
      'Account.accountNumber': 'allow',
      'Account.balance': 'allow',
      'Account.holder': 'allow',
      'FlaggedTransaction.counterpartyAccount': 'allow',
      'FlaggedTransaction.counterpartyName': 'allow',
      'StopPaymentOrder.amount': 'allow',
      'Person.petitions': 'deny',
      'Person.cases': 'deny',
      'Query.suspiciousTransactionReports': 'deny',
    });
  });

  it('litigation-source-governance: pseudonymous people, masked names, banded amounts, no narratives', () => {
    expect(
      summary(
        decide(purpose('litigation-source-governance'), [
          'Person.idNumber',
          'Person.name',
          'Person.phone',
          'Case.claimAmount',
          'Petition.category',
          'Petition.content',
          'Petition.respondent',
          'Incident.category',
          'Incident.summary',
          'Person.accounts',
        ].map(field)),
      ),
    ).toEqual({
      'Person.idNumber': 'mask:pseudonym',
      'Person.name': 'deny',
      'Person.phone': 'deny',
      'Case.claimAmount': 'mask:band',
      'Petition.category': 'allow',
      'Petition.content': 'deny',
      'Petition.respondent': 'mask:surname',
      'Incident.category': 'allow',
      'Incident.summary': 'deny',
      'Person.accounts': 'deny',
    });
  });

  it('financial-risk-monitoring: enterprises, cases, penalties and suspicious reports; persons masked; no accounts', () => {
    expect(
      summary(
        decide(purpose('financial-risk-monitoring'), [
          'Query.enterprises',
          'Query.suspiciousTransactionReports',
          'Enterprise.name',
          'Enterprise.penalties',
          'Enterprise.cases',
          'Enterprise.legalRepresentative',
          'Person.name',
          'Person.dishonestDebtor',
          'SuspiciousTransactionReport.amountTotal',
          'SuspiciousTransactionReport.account',
          'Enterprise.accounts',
          'Query.account',
          'Query.incidents',
        ].map(field)),
      ),
    ).toEqual({
      'Query.enterprises': 'allow',
      'Query.suspiciousTransactionReports': 'allow',
      'Enterprise.name': 'allow',
      'Enterprise.penalties': 'allow',
      'Enterprise.cases': 'allow',
      'Enterprise.legalRepresentative': 'allow',
      'Person.name': 'deny',
      'Person.dishonestDebtor': 'allow',
      'SuspiciousTransactionReport.amountTotal': 'mask:band',
      'SuspiciousTransactionReport.account': 'deny',
      'Enterprise.accounts': 'deny',
      'Query.account': 'deny',
      'Query.incidents': 'deny',
    });
  });

  it('precursor-chemical-supervision: enterprises, permits, inspections, penalties; no persons', () => {
    expect(
      summary(
        decide(purpose('precursor-chemical-supervision'), [
          'Query.precursorPermit',
          'Enterprise.precursorPermits',
          'Enterprise.inspections',
          'Enterprise.penalties',
          'PrecursorPermit.chemical',
          'Enterprise.legalRepresentative',
          'Enterprise.complaints',
          'Query.person',
        ].map(field)),
      ),
    ).toEqual({
      'Query.precursorPermit': 'allow',
      'Enterprise.precursorPermits': 'allow',
      'Enterprise.inspections': 'allow',
      'Enterprise.penalties': 'allow',
      'PrecursorPermit.chemical': 'allow',
      'Enterprise.legalRepresentative': 'deny',
      'Enterprise.complaints': 'deny',
      'Query.person': 'deny',
    });
  });

  it('audit-review: the audit graph and none of the agencies’ data', () => {
    const everyRootField = Object.keys(schema.getQueryType()?.getFields() ?? {}).map((name) => field(`Query.${name}`));
    expect(everyRootField.length).toBeGreaterThan(10);
    const allowed = decide(purpose('audit-review'), everyRootField)
      .filter((decision) => decision.effect !== 'deny')
      .map((decision) => decision.coordinate);
    expect(allowed.sort()).toEqual(['Query.auditEvent', 'Query.auditEvents', 'Query.auditIntegrity', 'Query.auditReviewQueue', 'Query.auditUserStatistics', 'Query.subjectAccessReport']);
  });

  it('the graph’s one mutation, the officers’ review, is audit-review’s alone', () => {
    const mutations = Object.keys(schema.getMutationType()?.getFields() ?? {}).map((name) => field(`Mutation.${name}`));
    expect(mutations.map((mutation) => `${mutation.type}.${mutation.field}`)).toEqual(['Mutation.reviewAuditEvent']);
    for (const purposeName of PURPOSE_LIST.map((each) => each.name)) {
      const effects = decide(purpose(purposeName), mutations).map((decision) => decision.effect);
      expect([purposeName, effects]).toEqual([purposeName, [purposeName === 'audit-review' ? 'allow' : 'deny']]);
    }
  });

  it('explains the purposes as Markdown tables compact enough for a README', () => {
    const markdown = explainPurposes(PURPOSE_LIST, description);
    expect(markdown).toContain('| `dispute-resolution` | 矛盾纠纷化解 | `mediator`, `grid-worker` |');
    expect(markdown).toContain('## 矛盾纠纷化解 — `dispute-resolution`');
    expect(markdown).toMatch(/\| `Person` \| [^|]*`gender`[^|]* \| [^|]*`idNumber` \(pseudonym\), `name` \(surname\)[^|]* \| [^|]*`accounts` \(→ Account\)/);
    expect(markdown).toMatch(/\| `Case` \| [^|]*`causeOfAction`[^|]* \| — \| [^|]*`claimAmount` \(rule\)/);
    expect(markdown).toContain('《中华人民共和国反电信网络诈骗法》第二十条');
    expect(markdown).toMatch(/required: the id of the dispute being mediated.*pattern `\^TJ-/);
    // one row per covered type at most, plus the header rows: compact
    const tableRows = markdown.split('\n').filter((line) => line.startsWith('| `'));
    expect(tableRows.length).toBeLessThan(80);
  });

  it('names the policy revision, which changes when a rule changes', () => {
    const revision = policyRevision();
    expect(revision).toMatch(/^[0-9a-f]{16}$/);
    expect(policyRevision()).toBe(revision);
    const [first, ...rest] = PURPOSE_LIST as [Purpose, ...Purpose[]];
    const widened = { ...first, kindRules: { ...first.kindRules, PHONE: { effect: 'allow' as const } } };
    expect(policyRevision([widened, ...rest])).not.toBe(revision);
  });
});
