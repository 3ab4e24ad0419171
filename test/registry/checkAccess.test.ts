import type { Identity } from '../../gateway/identity';
import { assertMayCheck } from '../../registry/api/registryAccess';

/** Who may ask the registry what a proposed change would do (checkSubgraph): it stores nothing and serves nothing. */
const identity = (roles: string[], agency?: string): Identity => ({
  subject: 'kc-someone',
  username: 'someone',
  roles,
  ...(agency ? { agency } : {}),
  serviceAccount: false,
  issuer: 'http://localhost:8080/realms/govgraph',
  expiresAt: new Date(Date.now() + 60_000),
});
const refusal = (who: Identity, subgraph: string) => {
  try {
    assertMayCheck(who, subgraph);
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
};

describe('assertMayCheck', () => {
  it('admits the subgraph’s own publisher and data steward, and any privacy officer', () => {
    expect(refusal(identity(['schema-publisher'], 'market'), 'market')).toBeUndefined();
    expect(refusal(identity(['data-steward'], 'market'), 'market')).toBeUndefined();
    expect(refusal(identity(['privacy-officer'], 'data-bureau'), 'market')).toBeUndefined();
  });

  it('refuses another agency’s publisher or steward, a steward of no agency, and everyone else', () => {
    expect(refusal(identity(['schema-publisher'], 'police'), 'market')).toBe('FORBIDDEN');
    expect(refusal(identity(['data-steward'], 'police'), 'market')).toBe('FORBIDDEN');
    expect(refusal(identity(['data-steward']), 'market')).toBe('FORBIDDEN');
    expect(refusal(identity(['market-inspector'], 'market'), 'market')).toBe('FORBIDDEN');
    expect(refusal(identity([], 'market'), 'market')).toBe('FORBIDDEN');
  });

  it('does not let a steward of one agency check another’s by also holding the publisher role of a third', () => {
    expect(refusal(identity(['data-steward', 'schema-publisher'], 'police'), 'market')).toBe('FORBIDDEN');
  });
});
