import { readFileSync } from 'node:fs';
import { operationAgencies } from '../../agreements/operationAgencies';
import { sha256Hex, splitOperations } from '../../agreements/operationDocuments';
import { checkSubmission, exceededLimits, type ExceededLimit, type SharingRequestInput } from '../../agreements/submission';
import type { Actor } from '../../agreements/workflow';
import { WorkflowError } from '../../agreements/workflowError';
import { EXAMPLE_APPLICATIONS } from '../../examples/catalog';
import { DEFAULT_OPERATION_LIMITS } from '../../gateway/limits/operationLimits';
import { recursiveSelections } from '../../gateway/limits/recursiveSelections';
import { buildPolicyGraph } from '../../gateway/policyGraph';
import { loadSupergraphSdl } from '../../gateway/supergraph';
import { apiSchemaOf } from '../../schema/apiSchema';
import { parse } from 'graphql';

const sdl = loadSupergraphSdl();
const graph = buildPolicyGraph(apiSchemaOf(sdl), sdl);
const agenciesOf = operationAgencies(sdl);
const now = new Date('2026-12-01T00:00:00Z');
const limits = DEFAULT_OPERATION_LIMITS;
const antiFraud: Actor = { subject: 'a', username: 'service-account-app-anti-fraud', roles: ['police-investigator'], agency: 'police', clientId: 'app-anti-fraud' };
const riskCard: Actor = { subject: 'r', username: 'service-account-app-risk-card', roles: ['risk-analyst'], agency: 'procuratorate', clientId: 'app-risk-card' };

const input = (document: string, purpose = 'fraud-investigation'): SharingRequestInput => ({
  title: 'test',
  justification: 'because',
  purpose,
  document,
  validFrom: '2026-12-01',
  validTo: '2027-06-01',
});

function refusal(run: () => unknown): WorkflowError {
  try {
    run();
  } catch (error) {
    if (error instanceof WorkflowError) return error;
    throw error;
  }
  throw new Error('expected a WorkflowError');
}

describe('splitOperations', () => {
  it('gives each named operation a document of its own with the fragments it uses, transitively, in file order', () => {
    const [first, second] = splitOperations(
      parse(`
        fragment Unused on Person { name }
        query A($id: ID!) { person(idNumber: $id) { ...P } }
        fragment Q on Case { caseNumber }
        fragment P on Person { name cases { ...Q } }
        query B { __typename }
      `),
    );
    expect(first!.name).toBe('A');
    expect(first!.variables).toEqual(['id']);
    expect(first!.document).toBe('query A($id: ID!) {\n  person(idNumber: $id) {\n    ...P\n  }\n}\n\nfragment Q on Case {\n  caseNumber\n}\n\nfragment P on Person {\n  name\n  cases {\n    ...Q\n  }\n}');
    expect(first!.documentHash).toBe(sha256Hex(first!.document));
    expect(second!.document).toBe('query B {\n  __typename\n}');
  });
});

describe('checkSubmission over the served graph', () => {
  it('each example application’s operations pass, with the agencies its query plan reads', () => {
    const agencies = Object.fromEntries(
      EXAMPLE_APPLICATIONS.map((example) => {
        const roles = { 'app-dispute-cockpit': ['mediator'], 'app-anti-fraud': ['police-investigator'], 'app-risk-card': ['risk-analyst'], 'app-precursor': ['market-inspector'], 'app-litigation-source': ['court-clerk'] }[example.clientId]!;
        const checked = checkSubmission(input(readFileSync(example.operationsFile, 'utf8'), example.purpose), { ...antiFraud, roles, clientId: example.clientId }, graph, agenciesOf, now, limits);
        return [example.name, checked.agencies];
      }),
    );
    expect(agencies['anti-fraud']).toEqual(expect.arrayContaining(['bank', 'police']));
    expect(agencies['dispute-cockpit']).toEqual(expect.arrayContaining(['petitions']));
    expect(agencies['risk-card']).toEqual(expect.arrayContaining(['court', 'market']));
  });

  it('the decision view lists masked fields with their strategy, and the agencies an entity fetch reaches', () => {
    const checked = checkSubmission(
      input('query Risk($code: ID!) { enterprise(creditCode: $code) { name cases { caseNumber claimAmount } } }', 'financial-risk-monitoring'),
      riskCard,
      graph,
      agenciesOf,
      now,
      limits,
    );
    const [operation] = checked.operations;
    expect(operation!.agencies).toEqual(expect.arrayContaining(['court', 'market']));
    expect(operation!.fields.find((field) => field.coordinate === 'Case.claimAmount')).toMatchObject({ effect: 'mask', strategy: expect.any(String) });
    expect(operation!.fields.find((field) => field.coordinate === 'Enterprise.name')).toEqual({ coordinate: 'Enterprise.name', effect: 'allow' });
    expect(operation!.fields.every((field) => field.effect !== 'deny')).toBe(true);
    expect(checked.agencies).toEqual(operation!.agencies);
  });

  it('refuses an operation with a field the purpose denies, naming it — also when hidden in a fragment or behind an alias', () => {
    const direct = refusal(() => checkSubmission(input('query Q($id: ID!) { person(idNumber: $id) { phone } }', 'financial-risk-monitoring'), riskCard, graph, agenciesOf, now, limits));
    expect(direct.code).toBe('BAD_USER_INPUT');
    expect(direct.message).toMatch(/Person\.phone \(in Q\)/);
    const hidden = refusal(() =>
      checkSubmission(
        input('query Ok { __typename }\nquery Q($id: ID!) { person(idNumber: $id) { ...F } }\nfragment F on Person { telephone: phone }', 'financial-risk-monitoring'),
        riskCard,
        graph,
        agenciesOf,
        now,
        limits,
      ),
    );
    expect(hidden.details).toMatchObject({ refusedFields: [expect.objectContaining({ operation: 'Q', coordinate: 'Person.phone' })] });
  });

  it.each([
    ['a mutation', 'mutation M { __typename }', /Only queries can be agreed: M is a mutation/],
    ['an anonymous operation', '{ __typename }', /needs a name/],
    ['a syntax error', 'query Q {', /does not parse/],
    ['a field the graph lacks', 'query Q { nothing }', /not valid against the graph/],
    ['an empty document', '   ', /empty/],
    ['only fragments', 'fragment F on Person { name }', /not valid against the graph|no operation/],
  ])('refuses %s', (_case, document, message) => {
    const error = refusal(() => checkSubmission(input(document), antiFraud, graph, agenciesOf, now, limits));
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.message).toMatch(message);
  });

  it('refuses a purpose that is unknown, or that the application’s roles do not permit', () => {
    expect(refusal(() => checkSubmission(input('query Q { __typename }', 'curiosity'), antiFraud, graph, agenciesOf, now, limits)).message).toMatch(/not a known purpose/);
    const notPermitted = refusal(() => checkSubmission(input('query Q { __typename }', 'audit-review'), antiFraud, graph, agenciesOf, now, limits));
    expect(notPermitted.details).toMatchObject({ permittedRoles: ['privacy-officer'] });
  });

  it('refuses a period the rules do not allow', () => {
    expect(refusal(() => checkSubmission({ ...input('query Q { __typename }'), validTo: '2030-01-01' }, antiFraud, graph, agenciesOf, now, limits)).message).toMatch(/at most/);
  });
});

describe('checkSubmission against the gateway’s operation limits', () => {
  // Seven levels and about 8 400 estimated values: a full page of cases, their parties, each party's cases.
  const COSTLY = `query Costly($n: Int) { cases(first: $n) { edges { node { parties { party { ... on Person { cases { caseNumber } } } } } } } }`;
  const deep = (levels: number) => `query Deep($id: ID!) { person(idNumber: $id) { ...L1 } }\n${Array.from({ length: levels }, (_, i) => `fragment L${i + 1} on Person { cases { parties { party { ... on Person { name ${i + 1 < levels ? `...L${i + 2}` : ''} } } } } }`).join('\n')}`;

  it('passes every example application’s operations under the default limits, and under limits just above what they measure', () => {
    const tight = { ...limits, maxDepth: 5, maxCost: 1_800, maxRootFields: 3, maxAliases: 0, maxDirectives: 0 };
    for (const example of EXAMPLE_APPLICATIONS) {
      const document = readFileSync(example.operationsFile, 'utf8');
      const operations = splitOperations(parse(document));
      expect([example.name, exceededLimits(operations, graph, limits)]).toEqual([example.name, []]);
      expect([example.name, exceededLimits(operations, graph, tight)]).toEqual([example.name, []]);
    }
  });

  it('refuses a too-deep operation — nested through fragments — naming it, the limit and the depth, and not the operation beside it', () => {
    const error = refusal(() => checkSubmission(input(`query Ok { __typename }\n${deep(7)}`), antiFraud, graph, agenciesOf, now, limits));
    expect(error.code).toBe('BAD_USER_INPUT');
    const exceeded = error.details.exceededLimits as ExceededLimit[];
    // So deep a nesting of lists is too costly as well: both are refusals the gateway would make.
    expect(exceeded).toContainEqual({ operation: 'Deep', code: 'QUERY_TOO_DEEP', limit: 20, measured: 23 });
    expect(exceeded.every((found) => found.operation === 'Deep')).toBe(true);
    expect(error.message).toMatch(/Deep \(QUERY_TOO_DEEP: 23, at most 20\)/);
    expect(error.message).not.toMatch(/\bOk\b/);
    // Six levels of the same fragments stay within the depth: the refusal is the depth's, not the fragments'.
    expect(exceededLimits(splitOperations(parse(deep(6))), graph, limits).map((found) => found.code)).not.toContain('QUERY_TOO_DEEP');
  });

  it('refuses a too-costly operation whose page size is a variable (counted as a full page)', () => {
    const error = refusal(() => checkSubmission(input(COSTLY), antiFraud, graph, agenciesOf, now, { ...limits, maxCost: 5_000 }));
    const [exceeded] = error.details.exceededLimits as ExceededLimit[];
    expect(exceeded).toMatchObject({ operation: 'Costly', code: 'QUERY_TOO_COSTLY', limit: 5_000 });
    expect(exceeded!.measured).toBeGreaterThan(5_000);
    expect(exceededLimits(splitOperations(parse(COSTLY)), graph, limits)).toEqual([]);
  });

  it('applies the limits it is given: root fields and aliases (also spread from a fragment), directives, tokens — every one exceeded, listed', () => {
    const document = `query Many($yes: Boolean!, $id: ID!) { ...Roots a: person(idNumber: $id) @include(if: $yes) { name } b: person(idNumber: $id) @skip(if: $yes) { name } }
      fragment Roots on Query { c: person(idNumber: $id) { name } d: person(idNumber: $id) { name } }`;
    const error = refusal(() =>
      checkSubmission(input(document), antiFraud, graph, agenciesOf, now, { ...limits, maxRootFields: 3, maxAliases: 3, maxDirectives: 1 }),
    );
    expect((error.details.exceededLimits as ExceededLimit[]).map(({ code, limit, measured }) => ({ code, limit, measured }))).toEqual([
      { code: 'TOO_MANY_ROOT_FIELDS', limit: 3, measured: 4 },
      { code: 'TOO_MANY_ALIASES', limit: 3, measured: 4 },
      { code: 'TOO_MANY_DIRECTIVES', limit: 1, measured: 2 },
    ]);
    // Tokens are counted in each operation's own document, as the application sends it, not in the whole submission.
    const two = 'query A { a: __typename b: __typename }\nquery B { a: __typename b: __typename }';
    const tokens = splitOperations(parse(two))[0]!.document.match(/[{}:]|\w+/g)!.length;
    expect(() => checkSubmission(input(two), antiFraud, graph, agenciesOf, now, { ...limits, maxTokens: tokens })).not.toThrow();
    const tooLong = refusal(() => checkSubmission(input(two), antiFraud, graph, agenciesOf, now, { ...limits, maxTokens: tokens - 1 }));
    expect(tooLong.details.exceededLimits).toEqual([
      { operation: 'A', code: 'TOO_MANY_TOKENS', limit: tokens - 1 },
      { operation: 'B', code: 'TOO_MANY_TOKENS', limit: tokens - 1 },
    ]);
  });

  it('refuses a fragment bomb by its expanded selections before any rule walks the expansion, as the gateway does', () => {
    const bomb = (levels: number) =>
      `query Bomb { ...F0 }\n${Array.from({ length: levels }, (_, i) => `fragment F${i} on Query { ${i + 1 < levels ? `...F${i + 1} a${i}: __typename ...F${i + 1}` : '__typename'} }`).join('\n')}`;
    // The last fragment is 1, each one above 3 + 2·the next (two spreads and a field), the operation 1 + F0:
    // 2^(levels + 1) − 2 selections.
    expect(recursiveSelections(splitOperations(parse(bomb(5)))[0]!.ast)).toEqual([62]);
    // 300 levels are within the token limit and expand to some 10^90 selections: walked, it would never end.
    const error = refusal(() => checkSubmission(input(bomb(300)), antiFraud, graph, agenciesOf, now, limits));
    const exceeded = error.details.exceededLimits as ExceededLimit[];
    expect(exceeded).toEqual([{ operation: 'Bomb', code: 'TOO_MANY_SELECTIONS', limit: limits.maxSelections, measured: expect.any(Number) }]);
    expect(exceeded[0]!.measured).toBeGreaterThan(1e90);
    expect(error.message).toMatch(/Bomb \(TOO_MANY_SELECTIONS: .*, at most 2000\)/);
    // 1 022 selections are within the limit, and then the rules count what the expansion holds.
    expect(exceededLimits(splitOperations(parse(bomb(9))), graph, limits).map((found) => found.code)).toEqual(['TOO_MANY_ROOT_FIELDS']);
    expect(exceededLimits(splitOperations(parse(bomb(12))), graph, limits)[0]).toEqual({ operation: 'Bomb', code: 'TOO_MANY_SELECTIONS', limit: 2_000, measured: 2 ** 13 - 2 });
  });
});
