import {
  applyMask,
  MASK_STRATEGIES,
  SENSITIVE_KINDS,
  whyNotApplicable,
  type MaskContext,
  type SensitiveKind,
} from '../../policies';

const KEY = 'test-pseudonym-key';

function context(kind: SensitiveKind | undefined, scalar: string, nullable = false, purpose = 'dispute-resolution'): MaskContext {
  return { ...(kind ? { kind } : {}), scalar, nullable, purpose, pseudonymKey: KEY };
}

describe('registries', () => {
  it('lists the nine kinds and seven strategies, frozen', () => {
    expect(SENSITIVE_KINDS).toEqual([
      'ID_NUMBER',
      'PERSON_NAME',
      'PHONE',
      'ADDRESS',
      'BIRTH_DATE',
      'BANK_ACCOUNT',
      'MONEY_AMOUNT',
      'FREE_TEXT',
      'CRIMINAL',
    ]);
    expect(Object.keys(MASK_STRATEGIES)).toEqual(['partial', 'surname', 'year', 'district', 'band', 'pseudonym', 'redact']);
    expect(Object.isFrozen(SENSITIVE_KINDS)).toBe(true);
    expect(Object.isFrozen(MASK_STRATEGIES)).toBe(true);
    for (const strategy of Object.values(MASK_STRATEGIES)) {
      expect(Object.isFrozen(strategy)).toBe(true);
      expect(strategy.description.length).toBeGreaterThan(10);
    }
  });
});

describe('partial', () => {
  const { partial } = MASK_STRATEGIES;

  it('keeps the first 6 and last 4 of a resident ID, same length', () => {
    expect(partial.mask('330110197803150018', context('ID_NUMBER', 'ID'))).toBe('330110********0018');
    expect(partial.mask('331004199001010133', context('ID_NUMBER', 'ID'))).toBe('331004********0133');
  });

  it('keeps 3 + 4 of a mobile number', () => {
    expect(partial.mask('13800008000', context('PHONE', 'String'))).toBe('138****8000');
  });

  it('keeps the last 4 of a bank card, same length', () => {
    const masked = partial.mask('6222021203001234565', context('BANK_ACCOUNT', 'String'));
    expect(masked).toBe('***************4565');
    expect(masked).toHaveLength(19);
  });

  it('shows nothing of a value too short to keep ends of', () => {
    expect(partial.mask('1234567', context('PHONE', 'String'))).toBe('*******');
  });

  it('passes null and undefined through', () => {
    expect(partial.mask(null, context('PHONE', 'String', true))).toBeNull();
    expect(partial.mask(undefined, context('PHONE', 'String', true))).toBeUndefined();
  });
});

describe('surname', () => {
  const { surname } = MASK_STRATEGIES;
  const name = context('PERSON_NAME', 'String');

  it('keeps the surname and stars each remaining character', () => {
    expect(surname.mask('王建国', name)).toBe('王**');
    expect(surname.mask('张伟', name)).toBe('张*');
    expect(surname.mask('李秀英', name)).toBe('李**');
  });

  it('keeps compound surnames whole', () => {
    expect(surname.mask('欧阳娜娜', name)).toBe('欧阳**');
    expect(surname.mask('司马相如', name)).toBe('司马**');
    expect(surname.mask('诸葛亮', name)).toBe('诸葛*');
    expect(surname.mask('上官婉儿', name)).toBe('上官**');
    expect(surname.mask('慕容复', name)).toBe('慕容*');
  });

  it('reads a two-character name as surname + given name, even if it looks compound', () => {
    expect(surname.mask('司马', name)).toBe('司*');
  });
});

describe('year', () => {
  const { year } = MASK_STRATEGIES;

  it('keeps only the year of a date', () => {
    expect(year.mask('1978-03-15', context('BIRTH_DATE', 'String'))).toBe('1978');
    expect(year.mask('19850722', context('BIRTH_DATE', 'String'))).toBe('1985');
  });

  it('redacts what is not a date instead of passing it through', () => {
    expect(year.mask('March 1978', context('BIRTH_DATE', 'String'))).toBe('***');
    expect(year.mask('March 1978', context('BIRTH_DATE', 'String', true))).toBeNull();
  });
});

describe('district', () => {
  const { district } = MASK_STRATEGIES;
  const address = context('ADDRESS', 'String');

  it.each([
    ['浙江省杭州市余杭区五常街道文一西路969号', '浙江省杭州市余杭区'],
    ['浙江省湖州市吴兴区爱山街道人民路18号', '浙江省湖州市吴兴区'],
    ['浙江省台州市路桥区路桥街道', '浙江省台州市路桥区'],
    ['上海市浦东新区张江镇', '上海市浦东新区'],
    ['浙江省义乌市稠城街道幸福小区', '浙江省义乌市'],
    ['重庆市石柱土家族自治县南宾街道', '重庆市石柱土家族自治县'],
    ['余杭区五常街道', '余杭区'],
  ])('%s → %s', (input, expected) => {
    expect(district.mask(input, address)).toBe(expected);
  });

  it('redacts an address with no county-level division', () => {
    expect(district.mask('西湖边断桥旁', address)).toBe('***');
    expect(district.mask('西湖边断桥旁', context('ADDRESS', 'String', true))).toBeNull();
  });
});

describe('band', () => {
  const { band } = MASK_STRATEGIES;

  it('turns a number into the lower bound of its band, still a number', () => {
    const float = context('MONEY_AMOUNT', 'Float');
    expect(band.mask(0, float)).toBe(0);
    expect(band.mask(9999.99, float)).toBe(0);
    expect(band.mask(10000, float)).toBe(10000);
    expect(band.mask(48000, float)).toBe(10000);
    expect(band.mask(234567.89, float)).toBe(100000);
    expect(band.mask(1_500_000, float)).toBe(1_000_000);
    expect(band.mask(260_000_000, float)).toBe(100_000_000);
    expect(band.mask(-30000, float)).toBe(-10000);
    expect(typeof band.mask(234567.89, float)).toBe('number');
    expect(band.mask(234567, context('MONEY_AMOUNT', 'Int'))).toBe(100000);
  });

  it('turns a string amount into a band label', () => {
    const text = context('MONEY_AMOUNT', 'String');
    expect(band.mask('234567.89', text)).toBe('10万-50万');
    expect(band.mask('1,500,000元', text)).toBe('100万-500万');
    expect(band.mask('800', text)).toBe('0-1万');
    expect(band.mask('260000000', text)).toBe('1亿以上');
    expect(band.mask('about a lot', text)).toBe('***');
  });
});

describe('pseudonym', () => {
  const { pseudonym } = MASK_STRATEGIES;
  const WANG = '330110197803150018';

  it('is stable within a purpose', () => {
    const first = pseudonym.mask(WANG, context('ID_NUMBER', 'ID', false, 'litigation-source-governance'));
    const second = pseudonym.mask(WANG, context('ID_NUMBER', 'ID', false, 'litigation-source-governance'));
    expect(first).toBe(second);
    expect(first).toMatch(/^PSN-[0-9a-f]{16}$/);
  });

  it('differs across purposes and across values', () => {
    const litigation = pseudonym.mask(WANG, context('ID_NUMBER', 'ID', false, 'litigation-source-governance'));
    expect(pseudonym.mask(WANG, context('ID_NUMBER', 'ID', false, 'financial-risk-monitoring'))).not.toBe(litigation);
    expect(pseudonym.mask('330110198507220020', context('ID_NUMBER', 'ID', false, 'litigation-source-governance'))).not.toBe(
      litigation,
    );
  });

  it('depends on the key, so nobody without it can recompute one from a guessed ID', () => {
    const withKey = (pseudonymKey: string) =>
      pseudonym.mask(WANG, { kind: 'ID_NUMBER', scalar: 'ID', nullable: false, purpose: 'p', pseudonymKey });
    expect(withKey('key-one')).not.toBe(withKey('key-two'));
    expect(() => withKey('')).toThrow(/pseudonym key is empty/);
  });

  it('does not let purpose and value run into each other', () => {
    const a = pseudonym.mask('b:c', context('PERSON_NAME', 'String', false, 'a'));
    const b = pseudonym.mask('c', context('PERSON_NAME', 'String', false, 'a:b'));
    expect(a).not.toBe(b);
  });
});

describe('redact', () => {
  const { redact } = MASK_STRATEGIES;

  it('writes null where the field is nullable, of any scalar type', () => {
    expect(redact.mask('330110197803150018', context('ID_NUMBER', 'ID', true))).toBeNull();
    expect(redact.mask(1234.5, context('MONEY_AMOUNT', 'Float', true))).toBeNull();
    expect(redact.mask(true, context(undefined, 'Boolean', true))).toBeNull();
  });

  it('writes a placeholder string where a string field is non-null', () => {
    expect(redact.mask('某某小区3幢', context('ADDRESS', 'String'))).toBe('***');
    expect(redact.mask('330110197803150018', context('ID_NUMBER', 'ID'))).toBe('***');
  });

  it('is not applicable to a non-null number or boolean, and refuses to invent one', () => {
    expect(whyNotApplicable(redact, { kind: 'MONEY_AMOUNT', scalar: 'Float', nullable: false })).toMatch(/non-null Float/);
    expect(whyNotApplicable(redact, { scalar: 'Boolean', nullable: false })).toMatch(/non-null Boolean/);
    expect(whyNotApplicable(redact, { kind: 'MONEY_AMOUNT', scalar: 'Float', nullable: true })).toBeUndefined();
    expect(() => redact.mask(1234.5, context('MONEY_AMOUNT', 'Float'))).toThrow(/non-null Float/);
  });
});

describe('type preservation', () => {
  it('every strategy writes a value of the field’s scalar type wherever it is applicable', () => {
    const samples: Record<string, unknown> = { String: '浙江省杭州市余杭区五常街道', ID: '330110197803150018', Float: 12345.6, Int: 12345, Boolean: true };
    const expectedType: Record<string, string> = { String: 'string', ID: 'string', Float: 'number', Int: 'number', Boolean: 'boolean' };
    let checked = 0;
    for (const strategy of Object.values(MASK_STRATEGIES)) {
      for (const kind of strategy.kinds) {
        for (const scalar of Object.keys(samples)) {
          for (const nullable of [false, true]) {
            if (whyNotApplicable(strategy, { kind, scalar, nullable })) continue;
            const masked = strategy.mask(samples[scalar], context(kind, scalar, nullable));
            if (masked === null) {
              expect(nullable).toBe(true);
            } else {
              expect(typeof masked).toBe(expectedType[scalar]);
            }
            checked += 1;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(40);
  });

  it('names what does not fit', () => {
    expect(whyNotApplicable(MASK_STRATEGIES.surname, { kind: 'MONEY_AMOUNT', scalar: 'String', nullable: false })).toMatch(
      /meant for PERSON_NAME, not MONEY_AMOUNT/,
    );
    expect(whyNotApplicable(MASK_STRATEGIES.partial, { kind: 'ID_NUMBER', scalar: 'Float', nullable: false })).toMatch(/not Float/);
    expect(
      whyNotApplicable(MASK_STRATEGIES.redact, { kind: 'ID_NUMBER', scalar: undefined, nullable: true, returnTypeIsObject: true }),
    ).toMatch(/object type/);
  });

  it('applyMask looks strategies up by name and refuses unknown names', () => {
    expect(applyMask('surname', '王建国', context('PERSON_NAME', 'String'))).toBe('王**');
    expect(() => applyMask('scramble', '王建国', context('PERSON_NAME', 'String'))).toThrow(/Unknown mask strategy/);
  });
});

describe('masking a masked value gives it back (an agency masks before the gateway masks again)', () => {
  const samples: { strategy: keyof typeof MASK_STRATEGIES; kind: SensitiveKind; scalar: string; nullable?: boolean; values: unknown[] }[] = [
    { strategy: 'partial', kind: 'ID_NUMBER', scalar: 'ID', values: ['330110197803150018', '12345', ''] },
    { strategy: 'partial', kind: 'PHONE', scalar: 'String', values: ['13800138000', '110'] },
    { strategy: 'partial', kind: 'BANK_ACCOUNT', scalar: 'String', values: ['6228480402564890018'] },
    { strategy: 'surname', kind: 'PERSON_NAME', scalar: 'String', values: ['王建国', '欧阳娜娜', '司马', '司马光', '王', ''] },
    { strategy: 'year', kind: 'BIRTH_DATE', scalar: 'String', values: ['1978-03-15', '19850722', '2001-01-01T08:00:00Z', 'March 1978'] },
    { strategy: 'year', kind: 'BIRTH_DATE', scalar: 'String', nullable: true, values: ['1978-03-15', 'March 1978'] },
    { strategy: 'district', kind: 'ADDRESS', scalar: 'String', values: ['浙江省杭州市余杭区五常街道文一西路969号', '杭州市西湖区文三路100号', '某小区3幢'] },
    { strategy: 'band', kind: 'MONEY_AMOUNT', scalar: 'Float', values: [0, 86000, 200000.5, -12000, 3e9] },
    { strategy: 'band', kind: 'MONEY_AMOUNT', scalar: 'Int', values: [8000, 1e8] },
    { strategy: 'band', kind: 'MONEY_AMOUNT', scalar: 'String', values: ['12,345.60', '86000元', '-5000', '2e8', 'about a million'] },
    { strategy: 'redact', kind: 'FREE_TEXT', scalar: 'String', values: ['anything'] },
    { strategy: 'redact', kind: 'FREE_TEXT', scalar: 'String', nullable: true, values: ['anything'] },
  ];

  it.each(samples)('$strategy over $kind ($scalar)', ({ strategy, kind, scalar, nullable = false, values }) => {
    const at = context(kind, scalar, nullable);
    for (const value of values) {
      const once = MASK_STRATEGIES[strategy].mask(value, at);
      expect({ value, twice: MASK_STRATEGIES[strategy].mask(once, at) }).toEqual({ value, twice: once });
    }
  });

  it('except pseudonym, which agencies therefore leave to the gateway', () => {
    const at = context('ID_NUMBER', 'ID');
    const once = MASK_STRATEGIES.pseudonym.mask('330110197803150018', at);
    expect(MASK_STRATEGIES.pseudonym.mask(once, at)).not.toBe(once);
  });
});
