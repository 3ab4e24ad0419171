import { createHash, createHmac } from 'node:crypto';
import { canonicalJson, CanonicalJsonError } from '../../audit/canonicalJson';
import { chainHash, GENESIS_HASH } from '../../audit/chain';
import { placeRecord } from '../../audit/record';
import { subjectPseudonym } from '../../audit/subjectPseudonym';
import { createAuditTestDatabase, sampleRecord, type AuditTestDatabase } from './auditTestDatabase';

let audit: AuditTestDatabase;

beforeAll(async () => {
  audit = await createAuditTestDatabase('canon');
});

afterAll(async () => {
  await audit?.drop();
});

describe('canonical JSON', () => {
  it('sorts keys recursively by code unit and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: 'x' }, B: false })).toBe(
      '{"B":false,"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}',
    );
    expect(canonicalJson({ aa: 1, b: 2 })).toBe('{"aa":1,"b":2}');
  });

  it('leaves out members whose value is undefined, as JSON does', () => {
    expect(canonicalJson({ a: 1, agency: undefined })).toBe('{"a":1}');
  });

  it.each([
    ['a fraction', { amount: 1.5 }, '$.amount'],
    ['an unsafe integer', { n: 2 ** 53 }, '$.n'],
    ['NaN', [Number.NaN], '$[0]'],
    ['a NUL character', { s: 'a\u0000b' }, '$.s'],
    ['an unpaired surrogate', { s: 'x\uD800' }, '$.s'],
    ['undefined in an array', [1, undefined], '$[1]'],
    ['a Date', { at: new Date(0) }, '$.at'],
    ['a bigint', { n: 1n }, '$.n'],
  ])('refuses %s, naming where it is', (_, value, where) => {
    expect(() => canonicalJson(value)).toThrow(CanonicalJsonError);
    expect(() => canonicalJson(value)).toThrow(where);
  });

  it('refuses nesting past 128 levels with its own error, never a stack overflow', () => {
    let deep: unknown = 1;
    for (let level = 0; level < 100_000; level += 1) deep = { a: deep };
    expect(() => canonicalJson(deep)).toThrow(CanonicalJsonError);
    expect(() => canonicalJson(deep)).toThrow(/nested deeper than 128 levels/);
  });

  it('never names the value it refuses: it may be personal', () => {
    expect(() => canonicalJson({ id: 330110197803150018 })).toThrow(/^\$\.id: not a safe integer/);
    expect(() => canonicalJson({ id: 330110197803150018 })).not.toThrow(/3301/);
  });

  it('reads back from jsonb as the same text, though jsonb reorders keys and reformats', async () => {
    const tricky = {
      b: 'short key sorts after a long one in jsonb',
      aaa: { zz: [], y: {}, x: [[1, -2], [0, 9007199254740991, -9007199254740991]] },
      text: '王建国 “引号” \\ backslash \n newline \t tab \u0001 control \u2028 separator 😀 emoji "quotes" </script>',
      '': 'empty key',
      'ключ': 'non-ASCII key',
      flags: [true, false, null],
      record: sampleRecord(),
    };
    const text = canonicalJson(tricky);
    const [row] = await audit.db.query<{ value: unknown; stored: string }>('SELECT $1::jsonb AS value, $1::jsonb::text AS stored', [text]);
    // jsonb's own text form differs (spaces, its key order), and yet the value canonicalises back to the same text.
    expect(row!.stored).not.toBe(text);
    expect(canonicalJson(row!.value)).toBe(text);
  });
});

describe('chain hash', () => {
  it('is sha256 hex of the previous hash, a newline and the canonical record', () => {
    const record = placeRecord(sampleRecord(), 'gateway-1', 1);
    const expected = createHash('sha256').update(`${GENESIS_HASH}\n${canonicalJson(record)}`).digest('hex');
    expect(GENESIS_HASH).toBe('0'.repeat(64));
    expect(chainHash(GENESIS_HASH, record)).toBe(expected);
  });

  it('covers the position: the same content at another seq or chain hashes differently', () => {
    const input = sampleRecord();
    const hash = chainHash(GENESIS_HASH, placeRecord(input, 'gateway-1', 1));
    expect(chainHash(GENESIS_HASH, placeRecord(input, 'gateway-1', 2))).not.toBe(hash);
    expect(chainHash(GENESIS_HASH, placeRecord(input, 'gateway-2', 1))).not.toBe(hash);
  });
});

describe('subject pseudonym', () => {
  const key = 'audit-subject-key-for-tests-0123456789';

  it('is the first 32 hex characters of HMAC-SHA256(key, "type:identifier")', () => {
    const full = createHmac('sha256', key).update('Person:330110197803150018').digest('hex');
    expect(subjectPseudonym(key, 'Person', '330110197803150018')).toBe(full.slice(0, 32));
    expect(subjectPseudonym(key, 'Person', '330110197803150018')).toMatch(/^[0-9a-f]{32}$/);
  });

  it('differs by type and by key, so identifiers cannot be matched across them', () => {
    const person = subjectPseudonym(key, 'Person', '6222021203001234565');
    expect(subjectPseudonym(key, 'Account', '6222021203001234565')).not.toBe(person);
    expect(subjectPseudonym(`${key}-other`, 'Person', '6222021203001234565')).not.toBe(person);
  });
});
