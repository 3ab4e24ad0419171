import { canonicalJson, CanonicalJsonError } from '../../audit/canonicalJson';
import { canonicalRecordInput, placedCanonicalJson } from '../../audit/canonicalRecord';
import { placeRecord, type AuditRecordInput } from '../../audit/record';
import { sampleRecord } from './auditTestDatabase';

/** The writer splices chainId and seq into a record canonicalised once: the text must be the one the verifier rebuilds. */
describe('canonical record parts', () => {
  const cases: [string, AuditRecordInput][] = [
    ['a plain record', sampleRecord()],
    ['break-glass (a key before chainId)', sampleRecord({ breakGlass: { justification: '急救 "now"\\', exceeded: ['OUTSIDE_CASE_SCOPE'] } })],
    ['nulls, nesting, escapes and non-ASCII', sampleRecord({ user: null, caseRef: null, variables: { a: { b: [1, 'x\n\u2028', { 'é': true }] }, 'ü': -0 } })],
    ['unrecordable parts', sampleRecord({ unrecordable: [{ path: '$.variables.n', reason: 'number too precise' }] })],
  ];

  it.each(cases)('places %s exactly as canonicalJson(placeRecord(...)) does', (_label, input) => {
    for (const [chainId, seq] of [['gateway-1', 1], ['a', 9_007_199_254_740_991], ['z.z:z-z_z', 42]] as const) {
      expect(placedCanonicalJson(canonicalRecordInput(input), chainId, seq)).toBe(canonicalJson(placeRecord(input, chainId, seq)));
    }
  });

  it('leaves out members whose value is undefined, as canonicalJson does', () => {
    const input = { ...sampleRecord(), breakGlass: undefined };
    expect(placedCanonicalJson(canonicalRecordInput(input), 'c', 3)).toBe(canonicalJson(placeRecord(input, 'c', 3)));
  });

  it('fails with the message canonicalJson gives for the whole record (same path, same depth limit)', () => {
    let deep: unknown = 'leaf';
    for (let level = 0; level < 127; level += 1) deep = [deep];
    for (const variables of [{ amount: 1.5 }, { deep }, { deep: [deep] }, { bad: 'a\u0000b' }]) {
      const input = sampleRecord({ variables: variables as Record<string, unknown> });
      let whole: unknown = null;
      try {
        canonicalJson(input);
      } catch (error) {
        whole = error;
      }
      if (whole === null) {
        expect(() => canonicalRecordInput(input)).not.toThrow();
      } else {
        expect(whole).toBeInstanceOf(CanonicalJsonError);
        expect(() => canonicalRecordInput(input)).toThrow((whole as Error).message);
      }
    }
  });
});
