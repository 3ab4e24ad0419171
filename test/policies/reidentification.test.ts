import {
  allow,
  assessReidentification,
  checkReidentification,
  COUNTY_POPULATION,
  definePurpose,
  deny,
  describeSchema,
  disputeResolution,
  mask,
  POPULATION,
  PURPOSE_LIST,
  validatePurposes,
  type Purpose,
  type PurposeDefinition,
  type SchemaDescription,
} from '../../policies';
import { CLASSIFICATION, composeRealGraph } from './support/realGraph';

let graph: SchemaDescription;

beforeAll(() => {
  graph = describeSchema(composeRealGraph().apiSchema, CLASSIFICATION);
});

/** A purpose over persons of the real graph that withholds everything of a Person but what `rules` show. */
function personPurpose(fieldRules: PurposeDefinition['fieldRules'], extra: Partial<PurposeDefinition> = {}): Purpose {
  return definePurpose({
    name: 'leak-probe',
    title: '测试：再识别',
    description: 'Test only: shows chosen fields of a person.',
    legalBasis: ['test only'],
    roles: ['tester'],
    caseRef: { required: false },
    coveredTypes: ['Person'],
    kindRules: {
      ID_NUMBER: mask('redact'),
      PERSON_NAME: mask('redact'),
      PHONE: deny('test'),
      ADDRESS: deny('test'),
      BIRTH_DATE: deny('test'),
    },
    fieldRules: {
      'Person.gender': deny('test'),
      'Person.ethnicity': deny('test'),
      'Person.district': deny('test'),
      'Person.dishonestDebtor': deny('test'),
      ...fieldRules,
    },
    ...extra,
  });
}

function personView(purpose: Purpose) {
  const assessment = assessReidentification(purpose, graph);
  if (assessment.status === 'identifies') throw new Error('declared');
  const view = assessment.views.find((candidate) => candidate.type === 'Person');
  if (!view) throw new Error('no Person view');
  return { assessment, view };
}

/** The attack of issue 9: the masked ID 330110********0018, the birth year and the gender. */
const LEAKY = {
  'Person.idNumber': mask('partial'),
  'Person.birthDate': mask('year'),
  'Person.gender': allow(),
};

describe('the re-identification check', () => {
  it('passes every shipped purpose against the real graph', () => {
    expect(checkReidentification(graph, PURPOSE_LIST).filter((problem) => problem.severity === 'error')).toEqual([]);
  });

  it('warns where a purpose links a person to the public enterprise register, which names legal representatives', () => {
    const warnings = checkReidentification(graph, PURPOSE_LIST);
    expect(warnings.map((warning) => [warning.severity, warning.purpose, warning.coordinate])).toEqual([
      ['warning', 'dispute-resolution', 'Person.enterprises'],
      ['warning', 'financial-risk-monitoring', 'Person.enterprises'],
    ]);
    expect(warnings[0]!.message).toContain('shows Person.enterprises with Enterprise.name and Enterprise.creditCode');
    // shown without a field that finds the enterprise in the register, the relation is no warning
    const withoutName = personPurpose({ 'Person.enterprises': allow(), 'Enterprise.name': deny('t'), 'Enterprise.creditCode': deny('t') }, {
      coveredTypes: ['Person', 'Enterprise'],
    });
    expect(checkReidentification(graph, [withoutName])).toEqual([]);
    const withName = personPurpose({ 'Person.enterprises': allow() }, { coveredTypes: ['Person', 'Enterprise'] });
    expect(checkReidentification(graph, [withName]).map((problem) => problem.severity)).toEqual(['warning']);
  });

  it('fails a purpose showing the partial ID, the birth year and the gender: one person, named by the fields', () => {
    const leaky = personPurpose(LEAKY);
    const { assessment, view } = personView(leaky);
    expect(assessment.status).toBe('fail');
    expect(view.candidates).toBe(1); // 300 k × 1/1000 × 1/11 × 1/80 ≈ 0.3: the subject alone
    expect(view.facts.map((fact) => fact.fact).sort()).toEqual(['birthYear', 'idCheckCharacter', 'idSequence', 'registeredDivision']);
    // the gender is the sequence code's parity: counted once, not twice
    expect(view.facts.some((fact) => fact.fact === 'gender')).toBe(false);

    const problems = checkReidentification(graph, [leaky]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ severity: 'error', purpose: 'leak-probe', coordinate: 'Person' });
    expect(problems[0]!.message).toContain('Person.idNumber');
    expect(problems[0]!.message).toContain('Person.birthDate');
    expect(problems[0]!.message).toMatch(/fewer than its k of 1,000/);
  });

  it('fails the partial ID on its own: about 27 people of a county share 330110********0018', () => {
    const { assessment, view } = personView(personPurpose({ 'Person.idNumber': mask('partial') }));
    expect(assessment.status).toBe('fail');
    expect(view.candidates).toBeCloseTo(COUNTY_POPULATION / 1000 / 11, 5);
  });

  it('fails dispute-resolution as it shipped before issue 9, and passes it as fixed', () => {
    const before = definePurpose({
      ...disputeResolution,
      kindRules: { ...disputeResolution.kindRules, ID_NUMBER: mask('partial'), PHONE: mask('partial'), BIRTH_DATE: mask('year') },
      fieldRules: { 'Petition.content': allow(), 'Dispute.summary': allow() },
    });
    expect(assessReidentification(before, graph).status).toBe('fail');
    const now = personView(disputeResolution);
    expect(now.assessment.status).toBe('pass');
    // county of registration × surname × given-name length × gender
    expect(now.view.candidates).toBeCloseTo(COUNTY_POPULATION / 50 / 2 / 2, 5);
  });

  it('counts a fact shown by several fields once: the ID prefix, Person.district and the district-masked address', () => {
    const { view } = personView(
      personPurpose({ 'Person.district': allow(), 'Person.registeredAddress': mask('district'), 'Person.name': mask('surname') }),
    );
    const county = view.facts.find((fact) => fact.fact === 'registeredDivision');
    expect(county?.fields).toEqual(expect.arrayContaining(['Person.district', 'Person.registeredAddress']));
    expect(view.candidates).toBeCloseTo(COUNTY_POPULATION / 100, 5);
  });

  it('takes a second county as correlated with the first: it narrows to the movers between them, a tenth', () => {
    const one = personView(personPurpose({ 'Person.currentAddress': mask('district') })).view.candidates;
    const both = personView(personPurpose({ 'Person.currentAddress': mask('district'), 'Person.district': allow() })).view.candidates;
    expect(one).toBeCloseTo(COUNTY_POPULATION, 5);
    expect(both).toBeCloseTo(COUNTY_POPULATION / 10, 5);
  });

  it('counts nothing for an unclassified field of Person that a rule redacts', () => {
    const shown = personView(personPurpose({ 'Person.gender': allow(), 'Person.ethnicity': mask('redact') })).view;
    expect(shown.facts.map((fact) => fact.fact)).toEqual(['gender']);
  });

  it('counts what the person’s own accounts show', () => {
    const base = { 'Person.name': mask('surname'), 'Person.district': allow() };
    const withAccounts = personPurpose(base, {
      coveredTypes: ['Person', 'Account'],
      kindRules: { ID_NUMBER: mask('redact'), PERSON_NAME: mask('redact'), PHONE: deny('t'), ADDRESS: deny('t'), BIRTH_DATE: deny('t'), BANK_ACCOUNT: mask('partial'), MONEY_AMOUNT: deny('t') },
    });
    const { view } = personView(withAccounts);
    expect(view.facts.find((fact) => fact.fact === 'accountTail')?.fields).toEqual(['Account.accountNumber']);
    expect(view.candidates).toBeLessThan(1000);
  });

  it('treats a name in clear, a phone in clear or a street address as (nearly) identifying', () => {
    expect(personView(personPurpose({ 'Person.phone': allow() })).view.candidates).toBe(1);
    expect(personView(personPurpose({ 'Person.currentAddress': allow() })).view.candidates).toBeLessThan(10);
    expect(personView(personPurpose({ 'Person.name': allow(), 'Person.district': allow() })).view.candidates).toBeLessThan(10);
  });

  it('respects the purpose’s own k', () => {
    // county × surname × given-name length × gender = 1,500 people
    const rules = { 'Person.name': mask('surname'), 'Person.district': allow(), 'Person.gender': allow() };
    expect(assessReidentification(personPurpose(rules), graph).status).toBe('pass');
    const strict = personPurpose(rules, { kAnonymity: 5000 });
    expect(assessReidentification(strict, graph).status).toBe('fail');
    expect(checkReidentification(graph, [strict])[0]?.message).toMatch(/about 1,500 of 65,000,000 people, fewer than its k of 5,000/);
    // a lower k passes a narrower view, and validation asks the privacy officer to confirm it
    const narrower = { ...rules, 'Person.birthDate': mask('year') }; // ≈ 19 people
    const lax = personPurpose(narrower, { kAnonymity: 10 });
    expect(assessReidentification(personPurpose(narrower), graph).status).toBe('fail');
    expect(assessReidentification(lax, graph).status).toBe('pass');
    expect(validatePurposes([lax]).map((problem) => problem.severity)).toEqual(['warning']);
  });

  it('skips a purpose that declares it identifies people, with its legal basis', () => {
    const declared = personPurpose(
      { 'Person.idNumber': allow(), 'Person.name': allow() },
      { identifiesSubjects: { who: 'the suspects of the case', legalBasis: ['《刑事诉讼法》第五十四条'] } },
    );
    expect(assessReidentification(declared, graph)).toEqual({
      purpose: 'leak-probe',
      status: 'identifies',
      who: 'the suspects of the case',
      legalBasis: ['《刑事诉讼法》第五十四条'],
    });
    expect(checkReidentification(graph, [declared])).toEqual([]);
    for (const name of ['fraud-investigation', 'audit-review']) {
      const shipped = PURPOSE_LIST.find((purpose) => purpose.name === name)!;
      expect(assessReidentification(shipped, graph).status).toBe('identifies');
      expect(shipped.identifiesSubjects?.legalBasis.length).toBeGreaterThan(0);
    }
    // a declaration must say whom and why
    const empty = personPurpose(LEAKY, { identifiesSubjects: { who: '', legalBasis: [] } });
    expect(validatePurposes([empty]).map((problem) => problem.message)).toEqual([
      expect.stringContaining('declares that it identifies subjects without saying whom and on which legal basis'),
    ]);
  });

  it('fails closed on a field of Person the model does not know', () => {
    const schema: SchemaDescription = {
      types: new Map([
        ['Person', new Map([
          ['idNumber', { kind: 'ID_NUMBER' as const, returnType: 'ID', returnTypeIsObject: false, scalar: 'ID', nullable: false }],
          ['shoeSize', { returnType: 'Int', returnTypeIsObject: false, scalar: 'Int', nullable: true }],
        ])],
      ]),
    };
    const problems = checkReidentification(schema, [personPurpose({})]);
    expect(problems).toEqual([
      expect.objectContaining({ severity: 'error', coordinate: 'Person.shoeSize', message: expect.stringContaining('the re-identification model does not know') }),
    ]);
    // denied or redacted, it tells nothing, and the purpose passes
    expect(checkReidentification(schema, [personPurpose({ 'Person.shoeSize': deny('not needed') })])).toEqual([]);
    expect(checkReidentification(schema, [personPurpose({ 'Person.shoeSize': mask('redact') })])).toEqual([]);
  });

  it('checks other types that describe one person: an official’s name in clear is a few hundred people', () => {
    const officials = definePurpose({
      ...personPurpose({}),
      name: 'official-probe',
      coveredTypes: ['AuditUser'],
      kindRules: { PERSON_NAME: allow() },
      fieldRules: {},
    });
    const assessment = assessReidentification(officials, graph);
    expect(assessment).toMatchObject({ status: 'fail', views: [expect.objectContaining({ type: 'AuditUser' })] });
    expect(POPULATION / 100_000).toBe(650);
  });
});
