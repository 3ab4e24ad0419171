import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { PURPOSE_LIST } from '../../policies';
import { createAuditSubgraph } from '../../subgraphs/audit';
import { agencyMaskTable } from '../../subgraphs/kit/agencyMasks';
import type { SubgraphDefinition } from '../../subgraphs/kit/definition';
import { entityKeyFields, subgraphFields } from '../../subgraphs/kit/subgraphFields';
import { subgraphDefinitions } from '../../subgraphs/registry';

/**
 * What each agency masks by itself, worked out from the real subgraph schemas and purposes: everything the
 * purpose masks except @key fields (the planner joins by them, the gateway's subject marker reads them) and
 * pseudonyms (their key stays with the gateway).
 */
const definitions: SubgraphDefinition<unknown>[] = [
  ...Object.values(subgraphDefinitions),
  createAuditSubgraph({ subjectKey: 'k'.repeat(32) }) as SubgraphDefinition<unknown>,
];

function tableOf(definition: SubgraphDefinition<unknown>) {
  const schema = buildSubgraphSchema({ typeDefs: definition.typeDefs, resolvers: definition.resolvers as GraphQLResolverMap<unknown> });
  return agencyMaskTable(subgraphFields(schema, definition.typeDefs), PURPOSE_LIST);
}

/** The identifiers the gateway's subject marker selects (gateway/enforcement/answerMarkers.ts SUBJECT_KEYS). */
const SUBJECT_KEY_FIELDS = ['Person.idNumber', 'Enterprise.creditCode', 'Account.accountNumber', 'SubjectAccessReport.idNumber'];

describe.each(definitions.map((definition) => [definition.name, definition] as const))('the %s agency', (_name, definition) => {
  const table = tableOf(definition);
  const keys = entityKeyFields(definition.typeDefs);

  it('never masks an @key field, a subject identifier, or by pseudonym', () => {
    for (const [purpose, masks] of table) {
      for (const [coordinate, { strategy }] of masks) {
        expect({ purpose, coordinate, key: keys.has(coordinate) || SUBJECT_KEY_FIELDS.includes(coordinate), strategy }).toEqual({
          purpose,
          coordinate,
          key: false,
          strategy: expect.not.stringMatching(/^pseudonym$/),
        });
      }
    }
  });
});

it('masks at the agencies what the purposes mask, e.g. a person for dispute resolution at police', () => {
  const police = tableOf(subgraphDefinitions.police).get('dispute-resolution')!;
  expect(Object.fromEntries([...police].map(([coordinate, { strategy }]) => [coordinate, strategy]))).toMatchObject({
    'Person.name': 'surname',
    'Person.phone': 'redact',
    'Person.birthDate': 'redact',
    'Person.currentAddress': 'redact',
  });
  expect(police.has('Person.idNumber')).toBe(false);
  expect(tableOf(subgraphDefinitions.court).get('litigation-source-governance')?.get('Case.claimAmount')?.strategy).toBe('band');
});
