import { buildSchema, parse } from 'graphql';
import { RECORD_MARKER, SUBJECT_MARKER, TYPENAME_MARKER, withAnswerMarkers } from '../../gateway/enforcement/answerMarkers';
import type { ValueOwner } from '../../gateway/enforcement/answerSubjects';
import { selectedOperation } from '../../gateway/enforcement/fieldCoordinates';
import { compileMaskPlan, runMaskPlan } from '../../gateway/enforcement/maskPlan';
import { maskWalk } from '../support/maskWalk';

/**
 * The compiled mask plan, run as the gateway runs it (compileMaskPlan over the marked document, then
 * runMaskPlan over the answer): what it does to an answer on its own, and beside the walk it replaced
 * (test/support/maskWalk.ts): on the same document and answer both must leave the same data, report the same
 * masked paths and subjects, and hand the masks the same owners.
 */
const schema = buildSchema(`
  type Query { person(id: ID!): Person  case(n: ID!): Case  cases: [Case]  grid: [[Case]]  node(id: ID!): Node  dispute(id: ID!): Dispute }
  interface Node { id: ID! }
  type Person implements Node { id: ID! idNumber: ID! name: String phone: String cases: [Case!]! friends: [Person] }
  type Enterprise implements Node { id: ID! creditCode: ID! name: String! }
  union Party = Person | Enterprise
  type Case implements Node { id: ID! caseNumber: ID! claimAmount: Float tags: [String] parties: [Party!]! }
  type Dispute { id: ID! narrative: String parties: [Person!]! }
`);

const STRATEGIES: Record<string, string> = {
  'Person.name': 'surname',
  'Person.phone': 'partial',
  'Case.claimAmount': 'band',
  'Case.tags': 'redact',
  'Enterprise.name': 'partial',
  'Dispute.narrative': 'narrative',
};

interface Outcome {
  data: unknown;
  masked: unknown[];
  subjects: string[];
  owners: string[];
  error?: string;
}

function both(query: string, answer: Record<string, unknown>, options: { named?: string[]; strategies?: Record<string, string> } = {}): { walk: Outcome; plan: Outcome } {
  const document = withAnswerMarkers(schema, parse(query));
  const operation = selectedOperation(document)!;
  const strategies = options.strategies ?? STRATEGIES;
  const strategyFor = (coordinate: string) => strategies[coordinate];
  const hooks = () => {
    const outcome: Outcome = { data: structuredClone(answer), masked: [], subjects: [], owners: [] };
    return {
      outcome,
      mask: (strategy: string, value: unknown, coordinate: string, owner: ValueOwner) => {
        outcome.owners.push(`${coordinate}@${owner.type}${owner.record ? `#${owner.record}` : ''}`);
        return `${strategy}(${String(value)})`;
      },
      strategyOf: (strategy: string, value: unknown) => (options.named?.includes(String(value)) ? 'redact' : strategy),
      onSubject: (type: string, identifier: string, path: string, enclosing: { identifier: string } | undefined) =>
        outcome.subjects.push(`${type}:${identifier}@${path}<${enclosing?.identifier ?? '-'}`),
    };
  };
  const walkHooks = hooks();
  try {
    walkHooks.outcome.masked = maskWalk({ schema, document, operation, data: walkHooks.outcome.data as Record<string, unknown>, strategyFor, ...walkHooks });
  } catch (error) {
    walkHooks.outcome.error = (error as Error).message;
  }
  const planHooks = hooks();
  try {
    const plan = compileMaskPlan({ schema, document, operation, strategyFor });
    planHooks.outcome.masked = runMaskPlan(plan, planHooks.outcome.data as Record<string, unknown>, planHooks);
  } catch (error) {
    planHooks.outcome.error = (error as Error).message;
  }
  return { walk: walkHooks.outcome, plan: planHooks.outcome };
}

function expectSame({ walk, plan }: { walk: Outcome; plan: Outcome }) {
  expect(plan.error).toBe(walk.error);
  expect(plan.data).toStrictEqual(walk.data);
  expect(plan.masked).toEqual(walk.masked);
  expect(plan.subjects).toEqual(walk.subjects);
  expect(plan.owners).toEqual(walk.owners);
}

const person = (id: string, extra: Record<string, unknown> = {}) => ({ name: `姓${id}`, phone: `1380000${id}`, [SUBJECT_MARKER]: `ID${id}`, ...extra });

/** The plan alone, on `query`'s marked document: the answer masked in place, the masked paths, the subjects. */
function planned(query: string, data: Record<string, unknown>, strategies: Record<string, string> = { 'Person.name': 'surname', 'Person.phone': 'partial', 'Case.claimAmount': 'band' }) {
  const document = withAnswerMarkers(schema, parse(query));
  const plan = compileMaskPlan({ schema, document, operation: selectedOperation(document)!, strategyFor: (coordinate) => strategies[coordinate] });
  const subjects: string[] = [];
  const masked = runMaskPlan(plan, data, {
    mask: (strategy, value) => `${strategy}(${String(value)})`,
    onSubject: (type, identifier) => subjects.push(`${type}:${identifier}`),
  });
  return { data, masked, subjects };
}

describe('the compiled mask plan', () => {
  it('masks aliased fields and fields in named and inline fragments, once each', () => {
    const { data, masked } = planned(
      `query { p: person(id: "1") { who: name ...Contact ... on Person { name } } }
       fragment Contact on Person { phone name }`,
      { p: { who: '王建国', phone: '13800008000', name: '王建国' } },
    );
    expect(data).toStrictEqual({ p: { who: 'surname(王建国)', phone: 'partial(13800008000)', name: 'surname(王建国)' } });
    expect(masked).toEqual(
      expect.arrayContaining([
        { path: 'p.who', coordinate: 'Person.name', strategy: 'surname' },
        { path: 'p.name', coordinate: 'Person.name', strategy: 'surname' },
        { path: 'p.phone', coordinate: 'Person.phone', strategy: 'partial' },
      ]),
    );
    expect(masked).toHaveLength(3);
  });

  it('masks inside lists and nested entities, reporting list positions as [*]', () => {
    const { data, masked } = planned(`{ person(id: "1") { cases { claimAmount } } }`, {
      person: { cases: [{ claimAmount: 1200 }, { claimAmount: null }, { claimAmount: 99 }] },
    });
    expect(data).toStrictEqual({ person: { cases: [{ claimAmount: 'band(1200)' }, { claimAmount: null }, { claimAmount: 'band(99)' }] } });
    expect(masked).toEqual([{ path: 'person.cases[*].claimAmount', coordinate: 'Case.claimAmount', strategy: 'band' }]);
  });

  it('tells union members apart by the typename marker and removes the marker', () => {
    const { data } = planned(`{ case(n: "1") { parties { ... on Person { name } ... on Enterprise { name } } } }`, {
      case: {
        parties: [
          { name: '张伟', [TYPENAME_MARKER]: 'Person' },
          { name: '台州路桥汇通投资有限公司', [TYPENAME_MARKER]: 'Enterprise' },
        ],
      },
    });
    expect(data).toStrictEqual({ case: { parties: [{ name: 'surname(张伟)' }, { name: '台州路桥汇通投资有限公司' }] } });
  });

  it('fails closed when an abstract value has no concrete type', () => {
    expect(() => planned(`{ case(n: "1") { parties { ... on Person { name } } } }`, { case: { parties: [{ name: '张伟' }] } })).toThrow(/concrete type/);
  });

  it('reports each person and enterprise the answer holds, by its key, and removes the subject markers', () => {
    const { data, masked, subjects } = planned(
      `{ case(n: "1") { parties { ... on Person { name } } } person(id: "1") { phone } }`,
      {
        case: {
          parties: [
            { name: '张伟', [TYPENAME_MARKER]: 'Person', [SUBJECT_MARKER]: '331004199001010133' },
            { [TYPENAME_MARKER]: 'Enterprise', [SUBJECT_MARKER]: '91331004MA2J8L4Q7U' },
          ],
        },
        person: { phone: '13805718000', [SUBJECT_MARKER]: '330110197803150018' },
      },
      {},
    );
    expect(subjects).toEqual(['Person:331004199001010133', 'Enterprise:91331004MA2J8L4Q7U', 'Person:330110197803150018']);
    expect(data).toStrictEqual({ case: { parties: [{ name: '张伟' }, {}] }, person: { phone: '13805718000' } });
    expect(masked).toEqual([]);
  });

  it('reads the subject key raw and reports no masked path for it, even where the key field itself is masked', () => {
    const { data, masked, subjects } = planned(
      `{ person(id: "1") { idNumber } }`,
      { person: { idNumber: '330110197803150018', [SUBJECT_MARKER]: '330110197803150018' } },
      { 'Person.idNumber': 'partial' },
    );
    expect(subjects).toEqual(['Person:330110197803150018']);
    expect(data).toStrictEqual({ person: { idNumber: 'partial(330110197803150018)' } });
    expect(masked).toEqual([{ path: 'person.idNumber', coordinate: 'Person.idNumber', strategy: 'partial' }]);
  });
});

describe('the compiled mask plan does what the walk does', () => {
  it('on aliases, and the same field selected under two aliases', () => {
    const result = both(`{ p: person(id: "1") { who: name again: name phone } }`, { p: { who: '王建国', again: '王建国', phone: '138', [SUBJECT_MARKER]: 'W' } });
    expectSame(result);
    expect(result.plan.data).toStrictEqual({ p: { who: 'surname(王建国)', again: 'surname(王建国)', phone: 'partial(138)' } });
  });

  it('on named and inline fragments selecting the same field as the selection itself (masked once)', () => {
    const result = both(
      `query { p: person(id: "1") { name ...Contact ... on Person { name phone } ... on Node { id } } }
       fragment Contact on Person { phone name }`,
      { p: { name: '王建国', phone: '138', id: 'n1', [SUBJECT_MARKER]: 'W' } },
    );
    expectSame(result);
    expect(result.plan.data).toStrictEqual({ p: { name: 'surname(王建国)', phone: 'partial(138)', id: 'n1' } });
  });

  it('on unions and interfaces: each member by its typename marker, the markers removed', () => {
    const result = both(
      `{ case(n: "1") { parties { ... on Person { name } ... on Enterprise { name creditCode } } }
         node(id: "x") { id ... on Person { phone } ... on Case { claimAmount } } }`,
      {
        case: {
          parties: [
            { name: '张伟', [TYPENAME_MARKER]: 'Person', [SUBJECT_MARKER]: 'P1' },
            { name: '汇通', creditCode: 'C1', [TYPENAME_MARKER]: 'Enterprise', [SUBJECT_MARKER]: 'C1' },
          ],
        },
        node: { id: 'x', claimAmount: 12, [TYPENAME_MARKER]: 'Case' },
      },
    );
    expectSame(result);
    expect(JSON.stringify(result.plan.data)).not.toMatch(/_govgraph/);
  });

  it('on nested lists, lists of scalars, and nulls everywhere (null objects, null items, null values)', () => {
    const result = both(`{ grid { claimAmount tags parties { ... on Person { name } } } cases { claimAmount } person(id: "1") { name friends { name } } }`, {
      grid: [
        [{ claimAmount: 1, tags: ['a', null, 'b'], parties: [] }, null, { claimAmount: null, tags: null, parties: [{ name: null, [TYPENAME_MARKER]: 'Person', [SUBJECT_MARKER]: 'P9' }] }],
        null,
        [],
      ],
      cases: null,
      person: person('1', { name: null, friends: [null, person('2'), person('3', { name: null })] }),
    });
    expectSame(result);
  });

  it('on a selection with nothing masked and no subjects: the answer is left alone', () => {
    const answer = { cases: [{ caseNumber: 'A' }, { caseNumber: 'B' }] };
    const result = both(`{ cases { caseNumber } }`, answer);
    expectSame(result);
    expect(result.plan.data).toStrictEqual(answer);
  });

  it('on subjects nested in subjects: each reported with its path and the subject around it', () => {
    const result = both(`{ person(id: "1") { cases { parties { ... on Person { phone } } } friends { idNumber } } }`, {
      person: person('1', {
        cases: [{ parties: [{ phone: '139', [TYPENAME_MARKER]: 'Person', [SUBJECT_MARKER]: 'P2' }, { [TYPENAME_MARKER]: 'Enterprise', [SUBJECT_MARKER]: 'E1' }] }],
        friends: [{ idNumber: 'F1', [SUBJECT_MARKER]: 'F1' }],
      }),
    });
    expectSame(result);
    expect(result.plan.subjects).toContain('Person:P2@person.cases[*].parties[*]<ID1');
  });

  it('on the owner record a case-only narrative is masked under', () => {
    const result = both(`{ dispute(id: "D1") { id narrative parties { name } } }`, {
      dispute: { id: 'D1', narrative: 'text', [RECORD_MARKER]: 'D1', parties: [person('1')] },
    });
    expectSame(result);
    expect(result.plan.owners).toContain('Dispute.narrative@Dispute#D1');
  });

  it('on a value the operation named: its pseudonym withheld, the reported strategy what was applied', () => {
    const strategies = { 'Person.idNumber': 'pseudonym' };
    const result = both(`{ person(id: "1") { idNumber friends { idNumber } } }`, {
      person: { idNumber: 'N1', [SUBJECT_MARKER]: 'N1', friends: [{ idNumber: 'N2', [SUBJECT_MARKER]: 'N2' }, { idNumber: 'N1', [SUBJECT_MARKER]: 'N1' }] },
    }, { named: ['N1'], strategies });
    expectSame(result);
    expect(result.plan.masked).toContainEqual({ path: 'person.friends[*].idNumber', coordinate: 'Person.idNumber', strategy: 'redact' });
  });

  it('on a field missing from the answer (a failed agency): skipped, not invented', () => {
    expectSame(both(`{ person(id: "1") { name phone cases { claimAmount } } }`, { person: { name: 'x', [SUBJECT_MARKER]: 'A' } }));
  });

  it('fails closed, as the walk does, when an abstract value has no concrete type', () => {
    const result = both(`{ case(n: "1") { parties { ... on Person { name } } } }`, { case: { parties: [{ name: '张伟' }] } });
    expect(result.walk.error).toMatch(/concrete type/);
    expectSame(result);
  });

  it('fails closed on an abstract value whose typename is not one of its members', () => {
    const result = both(`{ case(n: "1") { parties { ... on Person { name } } } }`, { case: { parties: [{ name: 'x', [TYPENAME_MARKER]: 'Dispute' }] } });
    expect(result.plan.error).toMatch(/concrete type/);
  });

  it('on a 200-row answer with a mix of everything', () => {
    const rows = Array.from({ length: 200 }, (_, index) => ({
      claimAmount: index % 7 === 0 ? null : index * 10,
      caseNumber: `C${index}`,
      tags: index % 3 === 0 ? null : ['t', String(index)],
      parties: [
        { name: `P${index}`, [TYPENAME_MARKER]: 'Person', [SUBJECT_MARKER]: `P${index}` },
        { name: `E${index}`, creditCode: `E${index}`, [TYPENAME_MARKER]: 'Enterprise', [SUBJECT_MARKER]: `E${index}` },
      ],
    }));
    expectSame(both(`{ cases { caseNumber claimAmount tags parties { ... on Person { name } ... on Enterprise { creditCode name } } } }`, { cases: rows }));
  });
});

describe('the compiled mask plan walks only what it must', () => {
  it('does not visit rows that hold nothing masked and no marker', () => {
    const document = withAnswerMarkers(schema, parse(`{ cases { caseNumber tags } person(id: "1") { phone } }`));
    const plan = compileMaskPlan({ schema, document, operation: selectedOperation(document)!, strategyFor: (coordinate) => (coordinate === 'Person.phone' ? 'partial' : undefined) });
    const visited: string[] = [];
    const trap = (row: Record<string, unknown>) => new Proxy(row, { has: (target, key) => (visited.push(String(key)), key in target), get: (target, key) => (visited.push(String(key)), target[key as string]) });
    const data = { cases: [trap({ caseNumber: 'A', tags: ['x'] }), trap({ caseNumber: 'B', tags: null })], person: { phone: '138', [SUBJECT_MARKER]: 'W' } };
    runMaskPlan(plan, data, { mask: (strategy, value) => `${strategy}(${String(value)})` });
    expect(visited).toEqual([]);
    expect(data.person).toStrictEqual({ phone: 'partial(138)' });
  });

  it('compiles to nothing for an answer with nothing to do', () => {
    const document = withAnswerMarkers(schema, parse(`{ cases { caseNumber } }`));
    expect(compileMaskPlan({ schema, document, operation: selectedOperation(document)!, strategyFor: () => undefined }).root).toBeUndefined();
  });
});
