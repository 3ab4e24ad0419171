import { parse, type OperationDefinitionNode } from 'graphql';
import { rootLookups } from '../../gateway/budgets/rootLookups';
import { namedValues } from '../../gateway/enforcement/namedValues';

/** The lookups the budget counts, however an operation is written; and the values it names (3c). */
function lookupsOf(query: string, variables?: Record<string, unknown>) {
  const document = parse(query);
  const operation = document.definitions.find((definition): definition is OperationDefinitionNode => definition.kind === 'OperationDefinition')!;
  return rootLookups(document, operation, 'Query', variables).map(({ coordinate, argument, distinctValues }) => ({ coordinate, argument, distinctValues }));
}

describe('rootLookups', () => {
  it('counts aliases, distinct values only, case- and space-insensitively', () => {
    expect(lookupsOf('{ a: person(idNumber: "1") { gender } b: person(idNumber: "2") { gender } c: person(idNumber: " 1 ") { gender } d: person(idNumber: "x") { gender } e: person(idNumber: "X") { gender } }')).toEqual([
      { coordinate: 'Query.person', argument: 'idNumber', distinctValues: 3 },
    ]);
  });

  it('resolves variables, their defaults, lists, fragments and inline fragments', () => {
    const query = `query Q($a: ID!, $b: ID = "B", $many: [String]) {
      x: person(idNumber: $a) { gender } ...F ... on Query { z: person(idNumber: "C") { gender } } petitions(first: 2) { totalCount } other(ids: $many)
    }
    fragment F on Query { y: person(idNumber: $b) { gender } w: person(idNumber: $a) { gender } }`;
    expect(lookupsOf(query, { a: 'A', many: ['1', '2'] })).toEqual([
      { coordinate: 'Query.person', argument: 'idNumber', distinctValues: 3 },
      { coordinate: 'Query.petitions', argument: 'first', distinctValues: 1 },
      { coordinate: 'Query.other', argument: 'ids', distinctValues: 2 },
    ]);
  });

  it('does not take filter objects for identifiers', () => {
    expect(lookupsOf('{ petitions(filter: { district: "330110" }) { totalCount } }')).toEqual([
      { coordinate: 'Query.petitions', argument: 'filter', distinctValues: 0 },
    ]);
  });
});

describe('namedValues', () => {
  it('collects every literal and variable value, nested ones included', () => {
    const named = namedValues(parse('query Q($v: ID!) { person(idNumber: $v) { cases(filter: { kind: "civil" }) { id } } p: person(idNumber: "33011019780315001x") { id } }'), {
      v: ' 330110197803150018 ',
      deep: { list: ['abc'] },
    });
    expect([...named].sort()).toEqual(['330110197803150018', '33011019780315001X', 'ABC', 'CIVIL'].sort());
  });
});
