import { buildSubgraphSchema } from '@apollo/subgraph';
import { getOperationAST, parse, validate, type GraphQLSchema } from 'graphql';
import { fieldShieldTable } from '../../subgraphs/kit/deniedFields';
import { operationRefusals } from '../../subgraphs/kit/fieldShield';
import { subgraphFields } from '../../subgraphs/kit/subgraphFields';
import { recordsTestPurpose } from '../support/accessContexts';

/**
 * The field shield's decision, alone: which operations a purpose is refused, from the fields they select,
 * before anything executes. A small subgraph with what the agencies' own schemas lack: an interface whose
 * implementations a purpose covers differently. (test/subgraphs/defenceInDepth.test.ts runs the shield
 * in the real agencies, over HTTP, counting statements.)
 */
const typeDefs = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
  interface Named { name: String }
  type Person implements Named @key(fields: "idNumber") { idNumber: ID! name: String friends: [Person!]! secret: Secret }
  type Secret implements Named @key(fields: "id") { id: ID! name: String }
  union Anything = Person | Secret
  type Query { named: [Named!]! anything: [Anything!]! person(idNumber: ID!): Person }
`);
const schema: GraphQLSchema = buildSubgraphSchema({ typeDefs, resolvers: {} });
/** Covers persons (and the query root and the abstract types leading to them), not secrets. */
const PERSONS = recordsTestPurpose('persons-only', ['Query', 'Person', 'Named', 'Anything']);
const table = fieldShieldTable(subgraphFields(schema, typeDefs), [PERSONS]);

/** The coordinates refused to `purpose`, after the document passed validation as Apollo would check it. */
function refusedTo(purpose: string | undefined, query: string): string[] {
  const document = parse(query);
  expect(validate(schema, document)).toEqual([]);
  const operation = getOperationAST(document);
  if (!operation) throw new Error('no operation');
  return operationRefusals(table, purpose, schema, document, operation).map((error) => error.extensions.coordinate as string);
}
const refused = (query: string) => refusedTo(PERSONS.name, query);

describe('the field shield’s decision, before execution', () => {
  it('serves what the purpose covers, however it is selected', () => {
    expect(refused(`{ person(idNumber: "1") { name ...F friends { ... on Person { n: name } } } } fragment F on Person { idNumber }`)).toEqual([]);
  });

  it('counts a field selected on an interface for every type that could answer it there, and no other', () => {
    expect(refused(`{ named { name } }`)).toEqual(['Secret.name']);
    expect(refused(`{ named { ... on Named { ... on Person { name } } } }`)).toEqual([]);
    // a person's `... on Named` can only be answered by a Person
    expect(refused(`{ person(idNumber: "1") { ... on Named { name } } }`)).toEqual([]);
  });

  it('refuses a field in an inline fragment on a union member, or in a fragment on the interface spread into the union', () => {
    expect(refused(`{ anything { ... on Secret { id name } } }`)).toEqual(['Secret.name']);
    expect(refused(`{ anything { ...N } } fragment N on Named { name }`)).toEqual(['Secret.name']);
  });

  it('refuses inside _entities whatever the representations say: the selection names the type', () => {
    expect(refused(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Secret { name } } }`)).toEqual(['Secret.name']);
    // keys, __typename and the plumbing stay reachable: the gateway joins through them
    expect(refused(`query($r: [_Any!]!) { _entities(representations: $r) { __typename ... on Secret { id } } _service { sdl } }`)).toEqual([]);
  });

  it('refuses a field under @skip/@include whatever the variable: the decision does not wait for values', () => {
    expect(refused(`query($no: Boolean!) { anything { ... on Secret @include(if: $no) { name @skip(if: true) } } }`)).toEqual(['Secret.name']);
  });

  it('walks each fragment once, however often it is spread (no exponential fragment fan-out)', () => {
    // F0 spreads F1 twice, F1 spreads F2 twice, …: 2^40 paths to F40's field, one walk of each fragment.
    const fragments = Array.from({ length: 40 }, (_, index) => `fragment F${index} on Person { friends { ...F${index + 1} ...F${index + 1} } }`);
    const query = `{ person(idNumber: "1") { ...F0 } } ${fragments.join(' ')} fragment F40 on Person { ... on Named { name } }`;
    expect(refused(query)).toEqual([]);
    // the same depth, one denied field at the bottom: found, once
    expect(refused(query.replace('{ ... on Named { name } }', '{ ... on Named { name } secret { id } }'))).toEqual(['Person.secret']);
  });

  it('fails closed on a purpose it does not know: everything but the plumbing and the keys is refused', () => {
    expect(refusedTo('curiosity', `{ person(idNumber: "1") { idNumber name } _service { sdl } }`)).toEqual(['Query.person']);
    expect(refusedTo(undefined, `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { idNumber name } } }`)).toEqual(['Person.name']);
  });

  it('gives FORBIDDEN naming the coordinate, with the policy’s reason and every place it is selected', () => {
    const query = `{ a: anything { ... on Secret { name } } b: named { name } }`;
    const document = parse(query);
    const [error, ...others] = operationRefusals(table, PERSONS.name, schema, document, getOperationAST(document)!);
    expect(others).toEqual([]);
    expect(error?.toJSON()).toEqual({
      message: expect.stringContaining('Secret.name'),
      locations: [{ line: 1, column: query.indexOf('name') + 1 }, { line: 1, column: query.lastIndexOf('name') + 1 }],
      extensions: { code: 'FORBIDDEN', coordinate: 'Secret.name' },
    });
  });
});
