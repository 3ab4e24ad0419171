import {
  allow,
  definePurpose,
  deny,
  describeSchema,
  formatProblems,
  mask,
  validatePurposes,
  type FieldInfo,
  type MaskStrategyName,
  type Purpose,
  type SchemaDescription,
} from '../../policies';
import { buildSchema } from 'graphql';

/** A small graph, as data: a person with a classified name and phone, an account with a non-null balance. */
function schemaOf(types: Record<string, Record<string, FieldInfo>>): SchemaDescription {
  return {
    types: new Map(Object.entries(types).map(([type, fields]) => [type, new Map(Object.entries(fields))])),
  };
}

const SCHEMA = schemaOf({
  Query: {
    person: { returnType: 'Person', returnTypeIsObject: true, nullable: true },
    account: { returnType: 'Account', returnTypeIsObject: true, nullable: true },
  },
  Person: {
    idNumber: { kind: 'ID_NUMBER', returnType: 'ID', returnTypeIsObject: false, scalar: 'ID', nullable: false },
    name: { kind: 'PERSON_NAME', returnType: 'String', returnTypeIsObject: false, scalar: 'String', nullable: false },
    phone: { kind: 'PHONE', returnType: 'String', returnTypeIsObject: false, scalar: 'String', nullable: false },
    gender: { returnType: 'String', returnTypeIsObject: false, scalar: 'String', nullable: false },
    accounts: { returnType: 'Account', returnTypeIsObject: true, nullable: false },
  },
  Account: {
    accountNumber: { kind: 'BANK_ACCOUNT', returnType: 'ID', returnTypeIsObject: false, scalar: 'ID', nullable: false },
    balance: { kind: 'MONEY_AMOUNT', returnType: 'Float', returnTypeIsObject: false, scalar: 'Float', nullable: false },
    holder: { returnType: 'Person', returnTypeIsObject: true, nullable: false },
  },
});

/** A purpose that is right for SCHEMA; each test breaks one thing. */
function goodPurpose(overrides: Partial<Purpose> = {}): Purpose {
  return definePurpose({
    name: 'fixture-purpose',
    title: '测试用途',
    description: 'A purpose for validation tests.',
    legalBasis: ['《个人信息保护法》第十三条第一款第三项'],
    roles: ['tester'],
    caseRef: { required: false },
    coveredTypes: ['Person', 'Account'],
    kindRules: {
      ID_NUMBER: mask('partial'),
      PERSON_NAME: mask('surname'),
      PHONE: deny('not needed'),
      BANK_ACCOUNT: mask('partial'),
      MONEY_AMOUNT: mask('band'),
    },
    fieldRules: { 'Person.gender': allow() },
    ...overrides,
  });
}

function messages(purposes: Purpose[], schema?: SchemaDescription) {
  return validatePurposes(purposes, schema).map((problem) => `${problem.severity}: ${problem.message}`);
}

describe('validatePurposes', () => {
  it('finds nothing wrong with a consistent purpose', () => {
    expect(validatePurposes([goodPurpose()], SCHEMA)).toEqual([]);
  });

  it('reports an unknown strategy name, suggesting the likely one', () => {
    const purpose = goodPurpose({ kindRules: { ...goodPurpose().kindRules, PERSON_NAME: mask('surnam' as MaskStrategyName) } });
    expect(messages([purpose])).toEqual([
      'error: Purpose "fixture-purpose": the rule for PERSON_NAME fields masks with "surnam", which is not a mask strategy (did you mean surname?). Use one of partial, surname, year, district, band, pseudonym, redact.',
    ]);
  });

  it('reports a strategy not meant for the kind (surname on MONEY_AMOUNT)', () => {
    const purpose = goodPurpose({ kindRules: { ...goodPurpose().kindRules, MONEY_AMOUNT: mask('surname') } });
    const found = validatePurposes([purpose], SCHEMA);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: 'error', purpose: 'fixture-purpose' });
    expect(found[0]?.message).toMatch(/rule for MONEY_AMOUNT fields masks with surname, which is meant for PERSON_NAME, not MONEY_AMOUNT/);
  });

  it('reports a strategy that cannot keep the field’s type (redact on a non-null Float)', () => {
    const purpose = goodPurpose({ kindRules: { ...goodPurpose().kindRules, MONEY_AMOUNT: mask('redact') } });
    expect(validatePurposes([purpose])).toEqual([]); // fine for the kind, so only the schema shows it
    const found = validatePurposes([purpose], SCHEMA);
    expect(found).toEqual([
      {
        severity: 'error',
        purpose: 'fixture-purpose',
        coordinate: 'Account.balance',
        message: expect.stringMatching(
          /the rule for MONEY_AMOUNT fields cannot mask Account\.balance \(Float!\): redact cannot withhold a non-null Float.*Add a rule for Account\.balance/,
        ),
      },
    ]);
  });

  it('reports a field rule whose strategy is not meant for the field’s kind, once', () => {
    const purpose = goodPurpose({ fieldRules: { 'Account.balance': mask('surname') } });
    expect(messages([purpose], SCHEMA)).toEqual([
      'error: Purpose "fixture-purpose": the rule for Account.balance masks Account.balance (MONEY_AMOUNT) with surname, which is meant for PERSON_NAME. Use a strategy that fits the field, or deny it.',
    ]);
  });

  it('reports a coordinate rule naming a field that does not exist', () => {
    const purpose = goodPurpose({ fieldRules: { 'Person.gendr': allow(), 'Persn.name': deny('x') } });
    expect(messages([purpose], SCHEMA)).toEqual([
      'error: Purpose "fixture-purpose": the rule for Person.gendr names a field Person does not have (did you mean gender?). Fix the coordinate or remove the rule.',
      'error: Purpose "fixture-purpose": the rule for Persn.name names the type Persn, which the schema does not have (did you mean Person?). Fix the coordinate or remove the rule.',
    ]);
  });

  it('reports a covered type that does not exist, and only warns for a planned one', () => {
    const purpose = goodPurpose({ coveredTypes: ['Person', 'Account', 'Acount', 'AuditEvent'] });
    expect(messages([purpose], SCHEMA)).toEqual([
      'error: Purpose "fixture-purpose": it covers Acount, which is not an object, interface or union type of the schema (did you mean Account?). Fix the name or remove it.',
      'warning: Purpose "fixture-purpose": it covers AuditEvent, which is planned but not in the schema yet. Nothing to do until it is composed; then it must exist.',
    ]);
    expect(validatePurposes([purpose], SCHEMA, { plannedTypes: [] }).filter((p) => p.severity === 'error')).toHaveLength(2);
  });

  it('reports a classified field of a covered type left undecided', () => {
    const { PHONE: _phone, ...withoutPhone } = goodPurpose().kindRules;
    const purpose = goodPurpose({ kindRules: withoutPhone });
    expect(validatePurposes([purpose], SCHEMA)).toEqual([
      {
        severity: 'error',
        purpose: 'fixture-purpose',
        coordinate: 'Person.phone',
        message:
          'Purpose "fixture-purpose": Person.phone is classified PHONE and the purpose covers Person, but it has neither a rule for PHONE fields nor one for Person.phone, so the field is denied by default. Decide it: add a PHONE rule or a rule for Person.phone (allow, mask or deny).',
      },
    ]);
    // a field rule decides it as well as a kind rule does
    expect(validatePurposes([goodPurpose({ kindRules: withoutPhone, fieldRules: { 'Person.phone': deny('no') } })], SCHEMA)).toEqual([]);
  });

  it('does not ask for a decision on classified fields the purpose cannot reach', () => {
    // Account is not covered: its classified fields are denied by coverage, nothing to decide
    const purpose = goodPurpose({ coveredTypes: ['Person'], kindRules: { ID_NUMBER: allow(), PERSON_NAME: allow(), PHONE: allow() } });
    expect(validatePurposes([purpose], SCHEMA)).toEqual([]);
  });

  it('reports a mask on an object field and warns on a mask of an unclassified field', () => {
    const purpose = goodPurpose({ fieldRules: { 'Person.accounts': mask('redact'), 'Person.gender': mask('redact') } });
    expect(messages([purpose], SCHEMA)).toEqual([
      'error: Purpose "fixture-purpose": the rule for Person.accounts cannot mask Person.accounts (Account!): redact masks scalar values and this field returns an object type. Use a strategy that fits the field, or deny it.',
      'warning: Purpose "fixture-purpose": the rule for Person.gender masks a field that is not classified. Classify it with @sensitive(kind: …) in its subgraph, so every purpose has to decide it.',
    ]);
  });

  it('checks a purpose’s own shape: name, roles, basis, case reference, rule keys, reasons', () => {
    const purpose = goodPurpose({
      name: 'Bad Name',
      roles: [],
      legalBasis: [],
      caseRef: { required: true, description: '', pattern: /^TJ-\d+$/g },
      kindRules: { ...goodPurpose().kindRules, ...({ SALARY: allow() } as object) },
      fieldRules: { 'Person-name': allow(), 'Person.phone': { effect: 'deny', reason: '  ' } },
    });
    const found = messages([purpose]);
    expect(found).toEqual([
      expect.stringMatching(/the name "Bad Name" is not lower-case words joined by hyphens/),
      expect.stringMatching(/cites no legal basis/),
      expect.stringMatching(/no role is permitted to use it/),
      expect.stringMatching(/requires a case reference but does not say what one is/),
      expect.stringMatching(/has the g or y flag/),
      expect.stringMatching(/has a rule for "SALARY", which is not a sensitive kind/),
      expect.stringMatching(/the field rule key "Person-name" is not a coordinate of the form Type\.field/),
      expect.stringMatching(/the rule for Person\.phone denies without a reason/),
    ]);
  });

  it('reports two purposes with the same name', () => {
    expect(messages([goodPurpose(), goodPurpose()])).toEqual([
      'error: Purpose "fixture-purpose" is defined twice; X-Purpose could not tell them apart. Rename or remove one.',
    ]);
  });

  it('formats problems one per line', () => {
    const text = formatProblems(validatePurposes([goodPurpose({ roles: [] })]));
    expect(text).toBe('- error: Purpose "fixture-purpose": no role is permitted to use it, so nobody can. Add the Keycloak realm roles that may.');
  });
});

describe('describeSchema', () => {
  const schema = buildSchema(`
    type Query { person(id: ID!): Person, people: [Person!]! }
    type Person { idNumber: ID!, nicknames: [String]!, balance: Float!, employer: Holder, tags: [String!] }
    type Company { name: String! }
    union Holder = Person | Company
  `);

  it('turns a graphql-js schema and a classification into plain data', () => {
    const description = describeSchema(
      schema,
      new Map([
        ['Person.idNumber', 'ID_NUMBER'],
        ['Person.balance', 'MONEY_AMOUNT'],
      ]),
    );
    const person = description.types.get('Person');
    expect(person?.get('idNumber')).toEqual({ kind: 'ID_NUMBER', returnType: 'ID', returnTypeIsObject: false, scalar: 'ID', nullable: false });
    expect(person?.get('nicknames')).toEqual({ returnType: 'String', returnTypeIsObject: false, scalar: 'String', nullable: true });
    expect(person?.get('tags')?.nullable).toBe(false); // the elements of [String!] are non-null
    expect(person?.get('employer')).toEqual({ returnType: 'Holder', returnTypeIsObject: true, nullable: true });
    expect(description.types.get('Holder')?.size).toBe(0);
    expect(description.types.get('Query')?.get('people')).toMatchObject({ returnType: 'Person', returnTypeIsObject: true });
    expect(description.unmatchedClassifications).toEqual([]);
  });

  it('reports classified coordinates the schema does not have', () => {
    const description = describeSchema(schema, new Map([['Person.phone', 'PHONE']]));
    expect(description.unmatchedClassifications).toEqual(['Person.phone']);
    expect(validatePurposes([], description)).toEqual([
      {
        severity: 'error',
        coordinate: 'Person.phone',
        message: 'The classification names Person.phone, which the schema does not have. Fix the @sensitive classification (or the name).',
      },
    ]);
  });
});
