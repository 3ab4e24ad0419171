import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema, parse, validate, type GraphQLEnumType } from 'graphql';
import * as queries from '../../web/src/console/agreementQueries';

/** The console's agreements documents against the workflow API's own SDL: a renamed field fails here, not in a browser. */
const schema = buildSchema(readFileSync(path.resolve(__dirname, '../../agreements/api/schema.graphql'), 'utf8'));
const documents: [string, string][] = Object.entries(queries as Record<string, unknown>).filter((entry): entry is [string, string] => typeof entry[1] === 'string');

describe('the agreements pages’ documents', () => {
  it('are all there', () => {
    expect(documents.map(([name]) => name).sort()).toEqual(['AGREEMENT', 'AGREEMENTS', 'DECIDE_SHARING_REQUEST', 'REVOKE_AGREEMENT', 'SHARING_REQUEST', 'SHARING_REQUESTS', 'VIEWER']);
  });
  it.each(documents)('%s validates against agreements/api/schema.graphql', (_name, document) => {
    expect(validate(schema, parse(document)).map((error) => error.message)).toEqual([]);
  });
  it('use the statuses the API declares', () => {
    const values = (name: string) => (schema.getType(name) as GraphQLEnumType).getValues().map((value) => value.name);
    expect(values('AgreementStatus')).toEqual([...queries.AGREEMENT_STATUSES]);
    expect(values('SharingRequestStatus')).toEqual([...queries.SHARING_REQUEST_STATUSES]);
  });
});
