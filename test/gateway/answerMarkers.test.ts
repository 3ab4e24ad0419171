import { buildSchema, parse, print } from 'graphql';
import { SUBJECT_MARKER, TYPENAME_MARKER, withAnswerMarkers } from '../../gateway/enforcement/answerMarkers';

/** The markers the gateway adds to an operation before executing it, for masking and the audit to read. */
const schema = buildSchema(`
  type Query { person(id: ID!): Person  case(n: ID!): Case }
  type Person { idNumber: ID! name: String! phone: String! cases: [Case!]! }
  type Enterprise { creditCode: ID! name: String! }
  union Party = Person | Enterprise
  type Case { caseNumber: ID! claimAmount: Float parties: [Party!]! }
`);

describe('withAnswerMarkers', () => {
  it('asks for every subject key: on persons directly, on union members through inline fragments', () => {
    const printed = print(withAnswerMarkers(schema, parse(`{ person(id: "1") { phone } case(n: "1") { parties { __typename } } }`)));
    expect(printed).toContain(`${SUBJECT_MARKER}: idNumber`);
    expect(printed).toContain(`... on Enterprise {\n        ${SUBJECT_MARKER}: creditCode`);
  });

  it('adds the typename marker only where a selection is abstract', () => {
    const document = withAnswerMarkers(schema, parse(`{ case(n: "1") { caseNumber parties { ... on Person { name } } } }`));
    const printed = JSON.stringify(document);
    expect(printed.match(new RegExp(TYPENAME_MARKER, 'g'))).toHaveLength(1);
  });
});
