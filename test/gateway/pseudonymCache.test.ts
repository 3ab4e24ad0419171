import { subjectPseudonym } from '../../audit/subjectPseudonym';
import { createPseudonymCache } from '../../gateway/enforcement/pseudonymCache';
import { applyMask } from '../../policies';

const keys = { pseudonymKey: 'pseudonym-key', subjectKey: 'subject-key' };
const maskContext = (purpose: string) => ({ kind: 'ID_NUMBER' as const, scalar: 'String' as const, nullable: false, purpose, pseudonymKey: keys.pseudonymKey });

describe('the pseudonym cache', () => {
  it('answers exactly what the pseudonym mask and the audit subject pseudonym compute, first time and after', () => {
    const cache = createPseudonymCache(keys);
    for (let round = 0; round < 2; round += 1) {
      expect(cache.mask('dispute-resolution', '330110197803150018')).toBe(applyMask('pseudonym', '330110197803150018', maskContext('dispute-resolution')));
      expect(cache.subject('Person', '330110197803150018')).toBe(subjectPseudonym(keys.subjectKey, 'Person', '330110197803150018'));
    }
  });

  it('keeps purposes, and purpose/value splits, apart', () => {
    const cache = createPseudonymCache(keys);
    expect(cache.mask('fraud-investigation', 'x')).not.toBe(cache.mask('dispute-resolution', 'x'));
    expect(cache.mask('a:b', 'c')).toBe(applyMask('pseudonym', 'c', maskContext('a:b')));
    expect(cache.mask('a', 'b:c')).toBe(applyMask('pseudonym', 'b:c', maskContext('a')));
    expect(cache.mask('a:b', 'c')).not.toBe(cache.mask('a', 'b:c'));
  });

  it('is one key’s: a cache under another key answers that key’s HMAC', () => {
    const other = createPseudonymCache({ ...keys, pseudonymKey: 'another-key' });
    const cache = createPseudonymCache(keys);
    expect(other.mask('p', 'v')).not.toBe(cache.mask('p', 'v'));
  });

  it('stays correct past its bound (evicted values are computed again)', () => {
    const cache = createPseudonymCache({ ...keys, maxEntries: 2 });
    const values = ['a', 'b', 'c', 'a', 'b', 'c'];
    for (const value of values) expect(cache.mask('p', value)).toBe(applyMask('pseudonym', value, maskContext('p')));
  });
});
