import { isTimeValue } from '../../subgraphs/kit/timeArguments';

describe('dates and times from a client', () => {
  it.each([
    ['2025-06-30', 'date', true],
    ['2024-02-29', 'date', true],
    ['2025-02-29', 'date', false],
    ['2025-13-01', 'date', false],
    ['2025-06-30T08:00:00Z', 'date', false],
    ['20250630', 'date', false],
    ['', 'date', false],
    ['2025-06-30', 'timestamptz', true],
    ['2025-06-30T08:00:00Z', 'timestamptz', true],
    ['2025-06-30T08:00:00.123456Z', 'timestamptz', true],
    ['2025-06-30T08:00+08:00', 'timestamptz', true],
    ['2025-06-30T08:00:00', 'timestamptz', false],
    ['2025-06-30T24:61:00Z', 'timestamptz', false],
    ['2025-02-30T08:00:00Z', 'timestamptz', false],
    ['now', 'timestamptz', false],
    ['infinity', 'timestamptz', false],
    ["2025-06-30'; SELECT 1; --", 'timestamptz', false],
  ] as const)('%s as %s: %s', (value, cast, valid) => {
    expect(isTimeValue(value, cast)).toBe(valid);
  });

  it('is a string or nothing', () => {
    expect(isTimeValue(20250630, 'date')).toBe(false);
    expect(isTimeValue(['2025-06-30'], 'date')).toBe(false);
  });
});
