import {
  allow,
  BUDGET_CEILINGS,
  DEFAULT_BUDGETS,
  definePurpose,
  explainPurposes,
  PURPOSE_LIST,
  validatePurposes,
  type PurposeDefinition,
} from '../../policies';

function purpose(extra: Partial<PurposeDefinition> = {}) {
  return definePurpose({
    name: 'budget-probe',
    title: '测试：预算',
    description: 'Test only.',
    legalBasis: ['test only'],
    roles: ['tester'],
    caseRef: { required: false },
    coveredTypes: [],
    kindRules: {},
    fieldRules: {},
    ...extra,
  });
}

const CASE_BOUND = { caseRef: { required: true, description: 'the id of the test case', pattern: /^T-\d+$/ } } as const;

function messages(extra: Partial<PurposeDefinition>): string[] {
  return validatePurposes([purpose(extra)]).map((problem) => `${problem.severity}: ${problem.message}`);
}

describe('per-purpose budgets', () => {
  it('defaults to the audit anomaly thresholds’ numbers and a small lookup budget, frozen', () => {
    const probe = purpose();
    expect(probe.budgets).toEqual({
      subjectsPerUserHour: 50,
      identifierLookupsPerOperation: 3,
      identifierLookupsPerUserHour: 20,
      refusalBurst: { refusals: 5, windowMinutes: 10 },
    });
    expect(probe.budgets).toEqual(DEFAULT_BUDGETS);
    expect(Object.isFrozen(probe.budgets) && Object.isFrozen(probe.budgets.refusalBurst)).toBe(true);
    expect(messages({})).toEqual([]);
  });

  it('fills a partial refusal burst from the defaults', () => {
    expect(purpose({ budgets: { refusalBurst: { refusals: 3 } } }).budgets.refusalBurst).toEqual({ refusals: 3, windowMinutes: 10 });
  });

  it('refuses a budget that is not a positive whole number', () => {
    for (const bad of [0, -1, 2.5, Number.NaN]) {
      expect(messages({ budgets: { subjectsPerUserHour: bad } })).toEqual([
        expect.stringMatching(/^error: .*its budget subjectsPerUserHour is .*; a budget is a whole number of at least 1 \(the default is 50\)/),
      ]);
    }
    expect(messages({ budgets: { refusalBurst: { windowMinutes: 0 } } })).toEqual([expect.stringContaining('refusalBurst.windowMinutes is 0')]);
  });

  it('lets only a case-bound purpose loosen a budget, never past the ceiling', () => {
    const looser = { subjectsPerUserHour: 200, identifierLookupsPerOperation: 10, identifierLookupsPerUserHour: 100 };
    expect(messages({ budgets: looser })).toEqual([
      expect.stringContaining('its budget subjectsPerUserHour is 200, looser than the default of 50; only a purpose bound to a case reference may loosen'),
      expect.stringContaining('identifierLookupsPerOperation is 10, looser'),
      expect.stringContaining('identifierLookupsPerUserHour is 100, looser'),
    ]);
    expect(messages({ ...CASE_BOUND, budgets: looser })).toEqual([]);
    expect(messages({ ...CASE_BOUND, budgets: { subjectsPerUserHour: BUDGET_CEILINGS.subjectsPerUserHour + 1 } })).toEqual([
      expect.stringContaining('above the ceiling of 500 for any purpose'),
    ]);
    // a shorter refusal window is the looser one
    expect(messages({ budgets: { refusalBurst: { windowMinutes: 5 } } })).toEqual([expect.stringContaining('refusalBurst.windowMinutes is 5, looser')]);
    expect(messages({ budgets: { refusalBurst: { windowMinutes: 30, refusals: 2 } } })).toEqual([]);
  });

  it('refuses a per-operation lookup budget larger than the hourly one', () => {
    expect(messages({ budgets: { identifierLookupsPerOperation: 3, identifierLookupsPerUserHour: 2 } })).toEqual([
      expect.stringContaining('identifierLookupsPerOperation (3) exceeds its identifierLookupsPerUserHour (2)'),
    ]);
  });

  it('shows every shipped purpose’s budgets in the policy document; the case-bound fraud investigation’s are looser', () => {
    const markdown = explainPurposes(PURPOSE_LIST);
    expect(markdown).toContain(
      '- **Budgets (per user):** 50 distinct subjects an hour; 3 lookups by an identifier it masks per operation, 20 an hour; stopped at 5 refusals within 10 minutes',
    );
    expect(markdown).toContain('- **Budgets (per user):** 200 distinct subjects an hour; 20 lookups by an identifier it masks per operation, 200 an hour');
    expect(markdown.match(/\*\*Budgets \(per user\):\*\*/g)).toHaveLength(PURPOSE_LIST.length);
  });
});

describe('free text released only for the case’s own records', () => {
  it('is data on the case-bound purposes: the dispute’s summary and its parties’ petitions; the fraud case’s incidents', () => {
    const byName = Object.fromEntries(PURPOSE_LIST.map((shipped) => [shipped.name, Object.keys(shipped.caseRecordsOnly)]));
    expect(byName['dispute-resolution']).toEqual(['Dispute.summary', 'Petition.content']);
    expect(byName['fraud-investigation']).toEqual(['Incident.summary']);
    for (const shipped of PURPOSE_LIST.filter((candidate) => !candidate.caseRef.required)) expect(byName[shipped.name]).toEqual([]);
    expect(explainPurposes(PURPOSE_LIST)).toContain("- **Released only for the case's own records:** `Dispute.summary` (the dispute being mediated");
  });

  it('is refused on a purpose without a case reference, and on a malformed key', () => {
    expect(messages({ caseRecordsOnly: { 'Dispute.summary': 'the dispute' } })).toEqual([
      expect.stringContaining('it releases Dispute.summary only for the case\'s own records, but it has no case reference'),
    ]);
    expect(messages({ ...CASE_BOUND, caseRecordsOnly: { summary: 'the dispute' } })).toEqual([expect.stringContaining('"summary" is not a coordinate')]);
  });

  it('must name a field of the graph that the purpose releases at all', () => {
    const schema = {
      types: new Map([
        ['Dispute', new Map([['summary', { kind: 'FREE_TEXT' as const, returnType: 'String', returnTypeIsObject: false, scalar: 'String', nullable: false }]])],
      ]),
    };
    const denied = purpose({ ...CASE_BOUND, coveredTypes: ['Dispute'], caseRecordsOnly: { 'Dispute.summary': 'the dispute' } });
    expect(validatePurposes([denied], schema).map((problem) => problem.message)).toEqual(
      expect.arrayContaining([expect.stringContaining('but its rules deny the field everywhere')]),
    );
    const allowed = purpose({
      ...CASE_BOUND,
      coveredTypes: ['Dispute'],
      kindRules: { FREE_TEXT: allow() },
      caseRecordsOnly: { 'Dispute.summary': 'the dispute', 'Dispute.nothing': 'x' },
    });
    expect(validatePurposes([allowed], schema).map((problem) => problem.message)).toEqual([
      expect.stringContaining('releases Dispute.nothing only for the case\'s own records, but the schema has no such field'),
    ]);
  });
});
