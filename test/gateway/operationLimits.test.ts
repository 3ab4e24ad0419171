import { getNamedType, GraphQLError, isInputType, parse, specifiedRules, validate, type GraphQLSchema } from 'graphql';
import { withoutSuggestions } from '../../gateway/enforcement/withoutSuggestions';
import { loadSupergraphSdl } from '../../gateway/supergraph';
import { restoreLimitCode } from '../../gateway/limits/limitErrors';
import { DEFAULT_OPERATION_LIMITS, type OperationLimits } from '../../gateway/limits/operationLimits';
import { operationLimitRules } from '../../gateway/limits/validationRules';
import { apiSchemaOf } from '../../schema/apiSchema';
import { httpRefusalOf } from '../../subgraphs/kit/httpErrors';

/**
 * The limit rules on the real API schema, without a server: what the estimate and the counts see in odd
 * documents. The system tests (test/system/operationLimits.test.ts) show them refusing over HTTP.
 */
const schema: GraphQLSchema = apiSchemaOf(loadSupergraphSdl());
const WANG = '330110197803150018';

function refusals(query: string, limits: Partial<OperationLimits> = {}) {
  const document = parse(query);
  expect(validate(schema, document, specifiedRules)).toEqual([]);
  return validate(schema, document, operationLimitRules({ ...DEFAULT_OPERATION_LIMITS, ...limits })).map((error) => ({
    code: error.extensions.code,
    limit: error.extensions.limit,
    measured: error.extensions.measured,
  }));
}

/** The estimated cost, read from the refusal of a limit of 1. */
function costOf(query: string): number {
  const refusal = refusals(query, { maxCost: 1 }).find((error) => error.code === 'QUERY_TOO_COSTLY');
  return refusal ? Number(refusal.measured) : 1;
}

describe('the cost estimate', () => {
  it('can be made for every root field with every argument a required variable (placeholders cover each input type)', () => {
    const query = schema.getQueryType()!;
    for (const field of Object.values(query.getFields())) {
      const variables = field.args.map((argument) => `$${argument.name}: ${String(argument.type).replace(/!$/, '')}!`);
      const args = field.args.map((argument) => `${argument.name}: $${argument.name}`);
      const named = getNamedType(field.type);
      const selection = 'getFields' in named ? ' { __typename }' : '';
      const document = `query${variables.length ? `(${variables.join(', ')})` : ''} { ${field.name}${args.length ? `(${args.join(', ')})` : ''}${selection} }`;
      expect(field.args.every((argument) => isInputType(argument.type))).toBe(true);
      expect([field.name, Number.isFinite(costOf(document))]).toEqual([field.name, true]);
    }
  });

  it('counts both branches of @include and @skip, whatever the variables will say', () => {
    const plain = costOf(`{ person(idNumber: "${WANG}") { cases { caseNumber } } }`);
    expect(costOf(`query($yes: Boolean!) { person(idNumber: "${WANG}") { cases @include(if: $yes) { caseNumber } } }`)).toBe(plain);
    expect(costOf(`query($no: Boolean!) { person(idNumber: "${WANG}") { cases @skip(if: $no) { caseNumber } } }`)).toBe(plain);
  });

  it('counts a variable page size, even with a small default, as the declared maximum', () => {
    expect(costOf(`query($n: Int = 1) { cases(first: $n) { edges { node { caseNumber } } } }`)).toBe(costOf(`{ cases(first: 100) { edges { node { caseNumber } } } }`));
    expect(costOf(`{ cases { edges { node { caseNumber } } } }`)).toBe(costOf(`{ cases(first: 20) { edges { node { caseNumber } } } }`));
  });

  it('checks every operation of a document, not only the one a request names', () => {
    const cheap = `query Cheap { person(idNumber: "${WANG}") { name } }`;
    const costly = `query Costly { cases(first: 100) { edges { node { parties { party { ... on Person { cases { parties { role } } } } } } } } }`;
    expect(refusals(`${cheap} ${costly}`, { maxCost: 10_000 }).map((error) => error.code)).toEqual(['QUERY_TOO_COSTLY']);
  });
});

describe('the counts', () => {
  it('expand fragments at every spread, and stop at a cycle the spec rules report', () => {
    expect(refusals(`{ ...Q ...Q } fragment Q on Query { a: person(idNumber: "1") { name } b: person(idNumber: "2") { name } }`, { maxAliases: 3, maxRootFields: 3 })).toEqual([
      { code: 'TOO_MANY_ROOT_FIELDS', limit: 3, measured: 4 },
      { code: 'TOO_MANY_ALIASES', limit: 3, measured: 4 },
    ]);
    const cyclic = parse(`{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }`);
    expect(() => validate(schema, cyclic, operationLimitRules(DEFAULT_OPERATION_LIMITS))).not.toThrow();
  });

  it('count introspection like any other selection', () => {
    const deep = `{ __schema { types { fields { type { ofType { ofType { ofType { name } } } } } } } }`;
    expect(refusals(deep, { maxDepth: 5 })).toEqual([{ code: 'QUERY_TOO_DEEP', limit: 5, measured: 8 }]);
  });
});

describe('refusals on their way to the client', () => {
  it('get their own code back from Apollo Server’s GRAPHQL_VALIDATION_FAILED, limit and measure kept', () => {
    const original = new GraphQLError('too deep', { extensions: { code: 'QUERY_TOO_DEEP', limit: 5, measured: 7 } });
    const wrapped = new GraphQLError('too deep', { originalError: original, extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: 5, measured: 7 } });
    expect(restoreLimitCode(wrapped.toJSON(), wrapped, DEFAULT_OPERATION_LIMITS).extensions).toEqual({ code: 'QUERY_TOO_DEEP', limit: 5, measured: 7 });
  });

  it('name the token limit and the selection limit, which their own rules do not report as codes', () => {
    const tokens = { message: 'Syntax Error: Document contains more that 5000 tokens. Parsing aborted.', extensions: { code: 'GRAPHQL_PARSE_FAILED' } };
    expect(restoreLimitCode(tokens, undefined, DEFAULT_OPERATION_LIMITS)).toMatchObject({ extensions: { code: 'TOO_MANY_TOKENS', limit: 5000 } });
    const selections = { message: 'Anonymous operation recursively requests too many selections.', extensions: { code: 'GRAPHQL_VALIDATION_FAILED', validationErrorCode: 'MAX_RECURSIVE_SELECTIONS_EXCEEDED' } };
    expect(restoreLimitCode(selections, undefined, DEFAULT_OPERATION_LIMITS).extensions).toEqual({ code: 'TOO_MANY_SELECTIONS', limit: DEFAULT_OPERATION_LIMITS.maxSelections });
  });

  it('never suggest a name: fields, types, arguments, enum values, input fields', () => {
    for (const message of [
      'Cannot query field "phon" on type "Person". Did you mean "phone"?',
      'Unknown type "Persn". Did you mean "Person", "Petition", or "Party"?',
      'Value "FROZN" does not exist in "AccountStatus" enum. Did you mean the enum value "FROZEN"?',
      'Variable "$filter" got invalid value { distrct: "x" }; Field "distrct" is not defined by type "CaseFilter". Did you mean "district"?',
    ]) {
      expect(withoutSuggestions(message)).not.toMatch(/Did you mean|phone"|FROZEN|"district"|Petition/);
    }
  });
});

describe('refusals at the door', () => {
  it('map each body-parser failure to a documented code', () => {
    expect(httpRefusalOf({ type: 'entity.parse.failed', status: 400 })).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
    expect(httpRefusalOf({ type: 'entity.too.large', status: 413, limit: 1_048_576 })).toEqual({
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
      message: 'The request body is larger than 1048576 bytes.',
    });
    expect(httpRefusalOf({ type: 'charset.unsupported', status: 415 })).toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
    expect(httpRefusalOf({ type: 'encoding.unsupported', status: 415 })).toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
    expect(httpRefusalOf(new URIError('URI malformed'))).toMatchObject({ status: 500, code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' });
    expect(httpRefusalOf(Object.assign(new Error('x'), { status: 400 }))).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
  });
});
