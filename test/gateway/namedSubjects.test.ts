import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import { namedSubjects } from '../../gateway/audit/namedSubjects';

/** Which subjects an operation names: the root lookups by identifier, however the document spells them. */
function named(query: string, variables: Record<string, unknown> = {}, operationName?: string) {
  const document = parse(query);
  const operation = document.definitions.find(
    (definition): definition is OperationDefinitionNode =>
      definition.kind === Kind.OPERATION_DEFINITION && (operationName === undefined || definition.name?.value === operationName),
  )!;
  return namedSubjects(document, operation, variables);
}

const WANG = '330110197803150018';
const wang = { type: 'Person', identifier: WANG };

describe('namedSubjects', () => {
  it.each<[string, string, Record<string, unknown>]>([
    ['a string literal', `{ person(idNumber: "${WANG}") { name } }`, {}],
    ['an integer literal (its digits, not a lossy number)', `{ person(idNumber: ${WANG}) { name } }`, {}],
    ['a variable', 'query($id: ID!) { person(idNumber: $id) { name } }', { id: WANG }],
    ['an alias', `{ who: person(idNumber: "${WANG}") { name } }`, {}],
    ['a fragment spread', `{ ...Root } fragment Root on Query { person(idNumber: "${WANG}") { name } }`, {}],
    ['an inline fragment', `{ ... on Query { person(idNumber: "${WANG}") { name } } }`, {}],
    ['nested fragments, spread twice', 'query($id: ID!) { ...A ...A } fragment A on Query { ...B } fragment B on Query { x: person(idNumber: $id) { name } }', { id: WANG }],
    ['padding around it', `{ person(idNumber: "  ${WANG}  ") { name } }`, {}],
  ])('finds 王建国 named by %s', (_, query, variables) => {
    expect(named(query, variables)).toEqual([wang]);
  });

  it('finds every subject once: persons, enterprises and accounts, repeated and aliased', () => {
    const query = `query($a: ID!, $b: ID!) {
      one: person(idNumber: $a) { name } two: person(idNumber: $a) { name } three: person(idNumber: "331004199001010133") { name }
      enterprise(creditCode: "91330110MA2H3K7P6N") { name } account(accountNumber: $b) { bank } }`;
    expect(named(query, { a: WANG, b: '6222021203001234565' })).toEqual([
      wang,
      { type: 'Person', identifier: '331004199001010133' },
      { type: 'Enterprise', identifier: '91330110MA2H3K7P6N' },
      { type: 'Account', identifier: '6222021203001234565' },
    ]);
  });

  it('upper-cases a resident ID check character, as the access report looks it up', () => {
    expect(named('{ person(idNumber: "33011019780315001x") { name } }')).toEqual([{ type: 'Person', identifier: '33011019780315001X' }]);
  });

  it('only reads the operation asked for, and only root lookups', () => {
    const query = `query A { person(idNumber: "${WANG}") { name } } query B { petitions(first: 5) { edges { node { petitioner { idNumber } } } } }`;
    expect(named(query, {}, 'B')).toEqual([]);
    // A nested argument is not a lookup; nor is a variable that is not a string or an exact integer.
    expect(named('query($id: ID) { person(idNumber: $id) { name } }', { id: { idNumber: WANG } })).toEqual([]);
    expect(named('query($id: ID) { person(idNumber: $id) { name } }', { id: 1e300 })).toEqual([]);
    expect(named('query($id: ID) { person(idNumber: $id) { name } }', {})).toEqual([]);
  });

  it('stays bounded whatever the document holds', () => {
    const many = Array.from({ length: 1_500 }, (_, i) => `p${i}: person(idNumber: "${String(i).padStart(18, '0')}") { name }`).join(' ');
    expect(named(`{ ${many} }`)).toHaveLength(1_000);
  });
});
