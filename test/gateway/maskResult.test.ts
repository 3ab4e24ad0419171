import { buildSchema, parse, print } from 'graphql';
import { selectedOperation } from '../../gateway/enforcement/fieldCoordinates';
import { maskResult } from '../../gateway/enforcement/maskResult';
import { SUBJECT_MARKER, TYPENAME_MARKER, withAnswerMarkers } from '../../gateway/enforcement/answerMarkers';

const schema = buildSchema(`
  type Query { person(id: ID!): Person  case(n: ID!): Case }
  type Person { idNumber: ID! name: String! phone: String! cases: [Case!]! }
  type Enterprise { creditCode: ID! name: String! }
  union Party = Person | Enterprise
  type Case { caseNumber: ID! claimAmount: Float parties: [Party!]! }
`);

const strategies: Record<string, string> = { 'Person.name': 'surname', 'Person.phone': 'partial', 'Case.claimAmount': 'band' };

function run(query: string, data: Record<string, unknown>) {
  const document = withAnswerMarkers(schema, parse(query));
  const masked = maskResult({
    schema,
    document,
    operation: selectedOperation(document)!,
    data,
    strategyFor: (coordinate) => strategies[coordinate],
    mask: (strategy, value) => `${strategy}(${String(value)})`,
  });
  return { data, masked };
}

describe('maskResult', () => {
  it('masks aliased fields and fields in named and inline fragments, once each', () => {
    const { data, masked } = run(
      `query { p: person(id: "1") { who: name ...Contact ... on Person { name } } }
       fragment Contact on Person { phone name }`,
      { p: { who: '王建国', phone: '13800008000', name: '王建国' } },
    );
    expect(data).toEqual({ p: { who: 'surname(王建国)', phone: 'partial(13800008000)', name: 'surname(王建国)' } });
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
    const { data, masked } = run(`{ person(id: "1") { cases { claimAmount } } }`, {
      person: { cases: [{ claimAmount: 1200 }, { claimAmount: null }, { claimAmount: 99 }] },
    });
    expect(data).toEqual({ person: { cases: [{ claimAmount: 'band(1200)' }, { claimAmount: null }, { claimAmount: 'band(99)' }] } });
    expect(masked).toEqual([{ path: 'person.cases[*].claimAmount', coordinate: 'Case.claimAmount', strategy: 'band' }]);
  });

  it('tells union members apart by the typename marker and removes the marker', () => {
    const { data } = run(
      `{ case(n: "1") { parties { ... on Person { name } ... on Enterprise { name } } } }`,
      {
        case: {
          parties: [
            { name: '张伟', [TYPENAME_MARKER]: 'Person' },
            { name: '台州路桥汇通投资有限公司', [TYPENAME_MARKER]: 'Enterprise' },
          ],
        },
      },
    );
    expect(data).toEqual({ case: { parties: [{ name: 'surname(张伟)' }, { name: '台州路桥汇通投资有限公司' }] } });
  });

  it('fails closed when an abstract value has no concrete type', () => {
    expect(() => run(`{ case(n: "1") { parties { ... on Person { name } } } }`, { case: { parties: [{ name: '张伟' }] } })).toThrow(
      /concrete type/,
    );
  });

  it('reports each person and enterprise the answer holds, by its key, and removes the subject markers', () => {
    const document = withAnswerMarkers(schema, parse(`{ case(n: "1") { parties { ... on Person { name } } } person(id: "1") { phone } }`));
    const data = {
      case: {
        parties: [
          { name: '张伟', [TYPENAME_MARKER]: 'Person', [SUBJECT_MARKER]: '331004199001010133' },
          { [TYPENAME_MARKER]: 'Enterprise', [SUBJECT_MARKER]: '91331004MA2J8L4Q7U' },
        ],
      },
      person: { phone: '13805718000', [SUBJECT_MARKER]: '330110197803150018' },
    };
    const subjects: string[] = [];
    maskResult({
      schema,
      document,
      operation: selectedOperation(document)!,
      data,
      strategyFor: () => undefined,
      mask: (_strategy, value) => value,
      onSubject: (type, identifier) => subjects.push(`${type}:${identifier}`),
    });
    expect(subjects).toEqual(['Person:331004199001010133', 'Enterprise:91331004MA2J8L4Q7U', 'Person:330110197803150018']);
    expect(data).toEqual({ case: { parties: [{ name: '张伟' }, {}] }, person: { phone: '13805718000' } });
  });

  it('reads the subject key raw and reports no masked path for it, even where the key field itself is masked', () => {
    const document = withAnswerMarkers(schema, parse(`{ person(id: "1") { idNumber } }`));
    const data = { person: { idNumber: '330110197803150018', [SUBJECT_MARKER]: '330110197803150018' } };
    const subjects: string[] = [];
    const masked = maskResult({
      schema,
      document,
      operation: selectedOperation(document)!,
      data,
      strategyFor: (coordinate) => (coordinate === 'Person.idNumber' ? 'partial' : undefined),
      mask: (strategy, value) => `${strategy}(${String(value)})`,
      onSubject: (type, identifier) => subjects.push(`${type}:${identifier}`),
    });
    expect(subjects).toEqual(['Person:330110197803150018']);
    expect(data).toEqual({ person: { idNumber: 'partial(330110197803150018)' } });
    expect(masked).toEqual([{ path: 'person.idNumber', coordinate: 'Person.idNumber', strategy: 'partial' }]);
  });

  it('asks for every subject key: on persons directly, on union members through inline fragments', () => {
    const printed = print(withAnswerMarkers(schema, parse(`{ person(id: "1") { phone } case(n: "1") { parties { __typename } } }`)));
    expect(printed).toContain(`${SUBJECT_MARKER}: idNumber`);
    expect(printed).toContain(`... on Enterprise {\n        ${SUBJECT_MARKER}: creditCode`);
  });

  it('adds the marker only where a selection is abstract', () => {
    const document = withAnswerMarkers(schema, parse(`{ case(n: "1") { caseNumber parties { ... on Person { name } } } }`));
    const printed = JSON.stringify(document);
    expect(printed.match(new RegExp(TYPENAME_MARKER, 'g'))).toHaveLength(1);
  });
});
