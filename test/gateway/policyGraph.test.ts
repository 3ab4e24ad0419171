import { buildPolicyGraph, PolicyConfigurationError } from '../../gateway/policyGraph';
import { loadSupergraphSdl } from '../../gateway/supergraph';
import { apiSchemaOf } from '../../schema/apiSchema';

/** What CI checks before anything is served: the policies decide every classified field of the real graph. */
describe('the policy graph of the checked-in supergraph', () => {
  const supergraphSdl = loadSupergraphSdl();
  const apiSchema = apiSchemaOf(supergraphSdl);

  it('builds: every classified field is decided by every purpose that covers its type, and no rule names a missing field', () => {
    const graph = buildPolicyGraph(apiSchema, supergraphSdl);
    expect(graph.description.types.get('Person')?.get('phone')).toMatchObject({ kind: 'PHONE', scalar: 'String' });
    expect(graph.description.types.get('Case')?.get('claimAmount')).toMatchObject({ kind: 'MONEY_AMOUNT', nullable: true });
  });

  it('refuses a classification with a kind that does not exist, naming the field', () => {
    const typo = supergraphSdl.replace('@sensitive(kind: "PHONE")', '@sensitive(kind: "PHONEE")');
    expect(() => buildPolicyGraph(apiSchema, typo)).toThrow(PolicyConfigurationError);
    expect(() => buildPolicyGraph(apiSchema, typo)).toThrow(/Person\.phone is classified as "PHONEE"/);
  });

});
