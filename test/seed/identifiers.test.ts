import { CARD_ISSUERS, isLuhnValid, luhnCheckDigit, makeCardNumber } from '../../seed/identifiers/bankCard';
import {
  CREDIT_CODE_ALPHABET,
  creditCodeCheckCharacter,
  isValidCreditCode,
  makeCreditCode,
  organizationCodeCheckCharacter,
} from '../../seed/identifiers/creditCode';
import { divisionByCode, DIVISIONS, isZhejiangDivision } from '../../seed/identifiers/divisions';
import { isValidMobileNumber, makeMobileNumber } from '../../seed/identifiers/mobile';
import {
  composeResidentId,
  isValidResidentId,
  makeResidentId,
  residentIdBirthDate,
  residentIdGender,
} from '../../seed/identifiers/residentId';
import { createPermutation } from '../../seed/permutation';
import { Random } from '../../seed/random';

/** Every way of replacing one character of `value` by another from `alphabet`. */
function* singleSubstitutions(value: string, alphabet: string): Generator<string> {
  for (let position = 0; position < value.length; position++) {
    for (const char of alphabet) {
      if (char !== value.charAt(position)) yield value.slice(0, position) + char + value.slice(position + 1);
    }
  }
}

describe('resident IDs (GB 11643)', () => {
  it('accepts the demo cast IDs and computes their check characters, including the odd/even sequence rule', () => {
    expect(makeResidentId({ division: '330110', birthDate: '1978-03-15', sequence: 1 })).toBe('330110197803150018');
    expect(makeResidentId({ division: '330110', birthDate: '1985-07-22', sequence: 2 })).toBe('330110198507220020');
    expect(makeResidentId({ division: '331004', birthDate: '1990-01-01', sequence: 13 })).toBe('331004199001010133');
    expect(makeResidentId({ division: '330502', birthDate: '1992-11-30', sequence: 24 })).toBe('330502199211300247');
    expect(residentIdGender('330110197803150018')).toBe('男');
    expect(residentIdGender('330110198507220020')).toBe('女');
    expect(residentIdBirthDate('331004199001010133')).toBe('1990-01-01');
  });

  it('uses X for check value 10', () => {
    // 33021219851221546X appears in generated data; recompute it from its parts.
    expect(makeResidentId({ division: '330212', birthDate: '1985-12-21', sequence: 546 })).toBe('33021219851221546X');
    expect(isValidResidentId('33021219851221546X')).toBe(true);
    expect(isValidResidentId('330212198512215460')).toBe(false);
  });

  it('rejects every single-character change, impossible dates and bad shapes', () => {
    for (const changed of singleSubstitutions('330110197803150018', '0123456789X')) {
      // A changed birth date can still be a date, but the check character catches it.
      expect(isValidResidentId(changed)).toBe(false);
    }
    const feb30 = '33011019780230001';
    expect(isValidResidentId(feb30 + composeResidentId('330110', '19780230', 1).slice(-1))).toBe(false);
    expect(isValidResidentId('33011019780315001')).toBe(false);
    expect(isValidResidentId('3301101978031500180')).toBe(false);
    expect(isValidResidentId('33011019780315001x')).toBe(false);
    expect(() => makeResidentId({ division: '330110', birthDate: '1978-02-30', sequence: 1 })).toThrow(/calendar date/);
  });

  it('composeResidentId agrees with makeResidentId on random valid inputs', () => {
    const rng = new Random(1);
    for (let trial = 0; trial < 2000; trial++) {
      const division = rng.pick(DIVISIONS).code;
      const birthDate = `${rng.int(1940, 2010)}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
      const sequence = rng.int(0, 999);
      const id = makeResidentId({ division, birthDate, sequence });
      expect(composeResidentId(division, birthDate.replaceAll('-', ''), sequence)).toBe(id);
      expect(isValidResidentId(id)).toBe(true);
    }
  });
});

describe('unified social credit codes (GB 32100, with the GB 11714 organisation code inside)', () => {
  it('accepts the demo companies, whose organisation codes carry their own check character', () => {
    expect(organizationCodeCheckCharacter('MA2H3K7P')).toBe('6');
    expect(organizationCodeCheckCharacter('MA2J8L4Q')).toBe('7');
    expect(makeCreditCode({ authority: '9', entityType: '1', division: '330110', organizationBody: 'MA2H3K7P' })).toBe('91330110MA2H3K7P6N');
    expect(makeCreditCode({ authority: '9', entityType: '1', division: '331004', organizationBody: 'MA2J8L4Q' })).toBe('91331004MA2J8L4Q7U');
    expect(isValidCreditCode('91330110MA2H3K7P6N')).toBe(true);
    expect(isValidCreditCode('91331004MA2J8L4Q7U')).toBe(true);
  });

  it('maps organisation check values 10 and 11 to X and 0', () => {
    const seen = new Set<string>();
    const rng = new Random(2);
    for (let trial = 0; trial < 5000; trial++) seen.add(organizationCodeCheckCharacter(rng.digits(8)));
    expect([...seen].sort()).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'X']);
  });

  it('rejects every single-character change and characters outside the alphabet', () => {
    for (const changed of singleSubstitutions('91330110MA2H3K7P6N', CREDIT_CODE_ALPHABET)) {
      expect(isValidCreditCode(changed)).toBe(false);
    }
    expect(isValidCreditCode('91330110MA2H3K7P6n')).toBe(false);
    expect(isValidCreditCode('91330110MA2H3K7O6N')).toBe(false);
    expect(isValidCreditCode('91330110MA2H3K7P6')).toBe(false);
  });

  it('requires a valid organisation-code check character even when the final check character fits', () => {
    const body = '91330110MA2H3K7P5'; // organisation check should be 6
    expect(isValidCreditCode(body + creditCodeCheckCharacter(body))).toBe(false);
  });
});

describe('bank cards (Luhn)', () => {
  it('knows valid and invalid numbers', () => {
    expect(isLuhnValid('4111111111111111')).toBe(true);
    expect(isLuhnValid('6222021203001234565')).toBe(true);
    expect(luhnCheckDigit('622202120300123456')).toBe('5');
    for (const changed of singleSubstitutions('6222021203001234565', '0123456789')) expect(isLuhnValid(changed)).toBe(false);
    expect(isLuhnValid('62220212030012345a')).toBe(false);
  });

  it('makes numbers of each issuer\'s length that start with its BIN', () => {
    const rng = new Random(3);
    for (const issuer of CARD_ISSUERS) {
      const number = makeCardNumber(issuer, rng.digits(issuer.length - 7));
      expect(number).toHaveLength(issuer.length);
      expect(number.startsWith(issuer.bin)).toBe(true);
      expect(isLuhnValid(number)).toBe(true);
    }
    expect(CARD_ISSUERS.map((issuer) => issuer.bin)).toEqual(expect.arrayContaining(['622202', '621700', '622848', '621661', '622588']));
  });
});

describe('mobile numbers', () => {
  it('are 11 digits on a real network prefix', () => {
    expect(makeMobileNumber('138', 5718000)).toBe('13805718000');
    expect(isValidMobileNumber('13805718000')).toBe(true);
    expect(isValidMobileNumber('12005718000')).toBe(false);
    expect(isValidMobileNumber('1380571800')).toBe(false);
  });
});

describe('Zhejiang divisions', () => {
  it('name the codes correctly, with their cities', () => {
    const expected: [string, string, string][] = [
      ['330102', '上城区', '杭州市'], ['330105', '拱墅区', '杭州市'], ['330106', '西湖区', '杭州市'],
      ['330108', '滨江区', '杭州市'], ['330110', '余杭区', '杭州市'], ['330113', '临平区', '杭州市'],
      ['330114', '钱塘区', '杭州市'], ['330502', '吴兴区', '湖州市'], ['331004', '路桥区', '台州市'],
      ['330802', '柯城区', '衢州市'], ['330782', '义乌市', '金华市'], ['331127', '景宁畲族自治县', '丽水市'],
    ];
    for (const [code, name, city] of expected) {
      expect(divisionByCode(code)).toMatchObject({ code, name, cityName: city, cityCode: `${code.slice(0, 4)}00` });
    }
    expect(isZhejiangDivision('330103')).toBe(false); // 下城区, merged into 拱墅区 in 2021
  });

  it('are unique 6-digit Zhejiang codes', () => {
    const codes = DIVISIONS.map((division) => division.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^33\d{4}$/);
    expect(DIVISIONS).toHaveLength(90);
  });
});

describe('keyed permutations', () => {
  it.each([1, 2, 7, 100, 1000, 4097])('map [0, %i) onto itself one-to-one', (size) => {
    const permute = createPermutation(size, 12345);
    const images = new Set(Array.from({ length: size }, (_, index) => permute(index)));
    expect(images.size).toBe(size);
    for (const image of images) expect(image >= 0 && image < size).toBe(true);
  });

  it('depend on the key and refuse indexes outside the range', () => {
    const a = createPermutation(1_000_000, 1);
    const b = createPermutation(1_000_000, 2);
    const first = Array.from({ length: 20 }, (_, index) => a(index));
    expect(first).not.toEqual(Array.from({ length: 20 }, (_, index) => b(index)));
    expect(() => a(1_000_000)).toThrow(RangeError);
  });
});
