import { parseSeedArguments, UsageError } from '../../seed/seedArguments';

describe('bin/seed arguments', () => {
  it('defaults to the configured person count, no seed, no reset', () => {
    expect(parseSeedArguments([], 10_000)).toEqual({ persons: 10_000, seed: undefined, reset: false, help: false });
  });

  it('reads --persons, --seed and --reset, in either --name value or --name=value form', () => {
    expect(parseSeedArguments(['--persons', '1_000_000', '--seed=7', '--reset'], 10)).toEqual({
      persons: 1_000_000,
      seed: 7,
      reset: true,
      help: false,
    });
    expect(parseSeedArguments(['--persons=2,000'], 10).persons).toBe(2000);
  });

  it.each([
    [['--persons', 'abc'], /^--persons must be a whole number, got "abc" \(usage: /],
    [['--persons', '-5'], /argument is ambiguous|whole number/],
    [['--persons', '1.5'], /^--persons must be a whole number, got "1.5"/],
    [['--persons', '20000000'], /^--persons must be at most 10,000,000/],
    [['--seed', '4294967296'], /^--seed must be at most 4,294,967,295/],
    [['--persons'], /argument missing/],
    [['--bogus'], /Unknown option '--bogus'/],
    [['100'], /positional|Unexpected argument/],
  ])('rejects %j with a one-line message', (argv, message) => {
    let error: unknown;
    try {
      parseSeedArguments(argv, 10);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });
});
