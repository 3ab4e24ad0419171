import {
  allow,
  decide,
  decideField,
  definePurpose,
  deny,
  disputeResolution,
  mask,
  type FieldCoordinate,
  type Purpose,
} from '../../policies';
import { disputeResolution as fromFolder } from '../../policies/purposes/disputeResolution';

/** Field descriptors as the gateway builds them, for the real graph's shapes. */
const F = {
  personName: { type: 'Person', field: 'name', kind: 'PERSON_NAME', returnType: 'String', returnTypeIsObject: false, scalar: 'String', nullable: false },
  personIdNumber: { type: 'Person', field: 'idNumber', kind: 'ID_NUMBER', returnType: 'ID', returnTypeIsObject: false, scalar: 'ID', nullable: false },
  personGender: { type: 'Person', field: 'gender', returnType: 'String', returnTypeIsObject: false, scalar: 'String', nullable: false },
  personAccounts: { type: 'Person', field: 'accounts', returnType: 'Account', returnTypeIsObject: true, nullable: false },
  personPetitions: { type: 'Person', field: 'petitions', returnType: 'Petition', returnTypeIsObject: true, nullable: false },
  queryAccount: { type: 'Query', field: 'account', returnType: 'Account', returnTypeIsObject: true, nullable: true },
  queryPerson: { type: 'Query', field: 'person', returnType: 'Person', returnTypeIsObject: true, nullable: true },
  accountBank: { type: 'Account', field: 'bank', returnType: 'String', returnTypeIsObject: false, scalar: 'String', nullable: false },
  accountTypename: { type: 'Account', field: '__typename', returnType: 'String', returnTypeIsObject: false, scalar: 'String', nullable: false },
  caseClaim: { type: 'Case', field: 'claimAmount', kind: 'MONEY_AMOUNT', returnType: 'Float', returnTypeIsObject: false, scalar: 'Float', nullable: true },
  caseCause: { type: 'Case', field: 'causeOfAction', returnType: 'String', returnTypeIsObject: false, scalar: 'String', nullable: false },
  incidentSummary: { type: 'Incident', field: 'summary', kind: 'FREE_TEXT', returnType: 'String', returnTypeIsObject: false, scalar: 'String', nullable: false },
  incidentCategory: { type: 'Incident', field: 'category', returnType: 'String', returnTypeIsObject: false, scalar: 'String', nullable: false },
  petitionContent: { type: 'Petition', field: 'content', kind: 'FREE_TEXT', returnType: 'String', returnTypeIsObject: false, scalar: 'String', nullable: false },
  balance: { type: 'Account', field: 'balance', kind: 'MONEY_AMOUNT', returnType: 'Float', returnTypeIsObject: false, scalar: 'Float', nullable: false },
} satisfies Record<string, FieldCoordinate>;

/** A small purpose to probe the order of precedence. */
const probe: Purpose = definePurpose({
  name: 'probe',
  title: '测试',
  description: 'Order-of-precedence probe.',
  legalBasis: ['test'],
  roles: ['tester'],
  caseRef: { required: false },
  coveredTypes: ['Person', 'Account'],
  kindRules: { PERSON_NAME: mask('surname'), MONEY_AMOUNT: mask('redact') },
  fieldRules: {
    'Person.gender': deny('gender is not needed'),
    'Petition.id': allow('a single field of an uncovered type, let through on purpose'),
    'Person.idNumber': mask('pseudonym'),
  },
});

describe('decide: order of precedence', () => {
  it('allows __typename always, even on an uncovered type', () => {
    expect(decideField(probe, F.accountTypename)).toEqual({ effect: 'allow', coordinate: 'Account.__typename', basis: 'typename' });
    expect(decideField(probe, { ...F.accountTypename, type: 'Petition' }).effect).toBe('allow');
  });

  it('lets an explicit Type.field rule win over coverage and over the kind rule', () => {
    expect(decideField(probe, F.personGender)).toMatchObject({ effect: 'deny', basis: 'field-rule' });
    expect(decideField(probe, { type: 'Petition', field: 'id', returnType: 'ID', returnTypeIsObject: false, scalar: 'ID', nullable: false })).toMatchObject({
      effect: 'allow',
      basis: 'field-rule',
    });
    // ID_NUMBER has no kind rule in `probe`, yet the field rule decides it
    expect(decideField(probe, F.personIdNumber)).toEqual({
      effect: 'mask',
      coordinate: 'Person.idNumber',
      strategy: 'pseudonym',
      basis: 'field-rule',
    });
  });

  it('denies every field of an uncovered type', () => {
    const decision = decideField(probe, { ...F.caseCause });
    expect(decision).toMatchObject({ effect: 'deny', basis: 'uncovered-type' });
    expect(decision.effect === 'deny' && decision.reason).toBe(
      'Purpose "probe" (测试) does not cover the type Case, so Case.causeOfAction is denied.',
    );
  });

  it('denies a field returning an uncovered object type, on a covered type and on Query', () => {
    expect(decideField(probe, F.personPetitions)).toMatchObject({ effect: 'deny', basis: 'uncovered-return-type' });
    expect(decideField(probe, F.queryPerson)).toMatchObject({ effect: 'allow', basis: 'covered-type' });
  });

  it('applies the kind rule to a classified field of a covered type', () => {
    expect(decideField(probe, F.personName)).toEqual({ effect: 'mask', coordinate: 'Person.name', strategy: 'surname', basis: 'kind-rule' });
  });

  it('denies a classified field whose kind has no rule (default deny)', () => {
    const phone: FieldCoordinate = { type: 'Person', field: 'phone', kind: 'PHONE', returnType: 'String', returnTypeIsObject: false, scalar: 'String', nullable: false };
    const decision = decideField(probe, phone);
    expect(decision).toMatchObject({ effect: 'deny', basis: 'no-kind-rule' });
    expect(decision.effect === 'deny' && decision.reason).toMatch(/classified PHONE.*has no rule for PHONE/);
  });

  it('allows an unclassified field of a covered type', () => {
    expect(decideField(probe, F.accountBank)).toEqual({ effect: 'allow', coordinate: 'Account.bank', basis: 'covered-type' });
  });

  it('fails closed when a mask rule cannot keep the field’s type (redact on a non-null Float)', () => {
    const decision = decideField(probe, F.balance);
    expect(decision.effect).toBe('deny');
    expect(decision.effect === 'deny' && decision.reason).toMatch(/masks Account\.balance .*non-null Float.*refused rather than shown unmasked/);
    // the same rule on a nullable Float is fine: null keeps the type
    expect(decideField(probe, { ...F.balance, nullable: true })).toMatchObject({ effect: 'mask', strategy: 'redact' });
  });

  it('fails closed on a mask strategy nobody defined', () => {
    const typo = definePurpose({ ...probe, fieldRules: { 'Person.name': { effect: 'mask', strategy: 'scramble' } } });
    expect(decideField(typo, F.personName)).toMatchObject({ effect: 'deny', basis: 'field-rule' });
  });

  it('returns one decision per coordinate, in order', () => {
    const decisions = decide(probe, [F.personName, F.accountBank, F.caseCause]);
    expect(decisions.map((decision) => [decision.coordinate, decision.effect])).toEqual([
      ['Person.name', 'mask'],
      ['Account.bank', 'allow'],
      ['Case.causeOfAction', 'deny'],
    ]);
  });
});

describe('decide: dispute-resolution as design.md describes it', () => {
  it('is the same object from the registry and from its file', () => {
    expect(disputeResolution).toBe(fromFolder);
    expect(Object.isFrozen(disputeResolution)).toBe(true);
    expect(Object.isFrozen(disputeResolution.kindRules)).toBe(true);
  });

  it('masks persons, denies the bank, shows cases without amounts and incidents without summaries', () => {
    const decisions = decide(disputeResolution, [
      F.personIdNumber,
      F.personName,
      F.personGender,
      F.personAccounts,
      F.queryAccount,
      F.accountBank,
      F.caseClaim,
      F.caseCause,
      F.incidentSummary,
      F.incidentCategory,
      F.petitionContent,
    ]);
    expect(Object.fromEntries(decisions.map((d) => [d.coordinate, d.effect === 'mask' ? `mask:${d.strategy}` : d.effect]))).toEqual({
      'Person.idNumber': 'mask:pseudonym',
      'Person.name': 'mask:surname',
      'Person.gender': 'allow',
      'Person.accounts': 'deny',
      'Query.account': 'deny',
      'Account.bank': 'deny',
      'Case.claimAmount': 'deny',
      'Case.causeOfAction': 'allow',
      'Incident.summary': 'deny',
      'Incident.category': 'allow',
      'Petition.content': 'allow',
    });
  });

  it('gives reasons a person can read: purpose, rule and why', () => {
    const [accounts, claim, summary] = decide(disputeResolution, [F.personAccounts, F.caseClaim, F.incidentSummary]);
    expect(accounts).toMatchObject({
      reason: 'Purpose "dispute-resolution" (矛盾纠纷化解) does not cover the type Account, so Person.accounts, which returns it, is denied.',
    });
    expect(claim).toMatchObject({
      reason: 'Purpose "dispute-resolution" (矛盾纠纷化解) denies Case.claimAmount by its rule for Case.claimAmount: court cases are shared without amounts.',
    });
    expect(summary).toMatchObject({
      basis: 'field-rule',
      reason: expect.stringContaining('the mediator sees the incident category only'),
    });
  });
});
