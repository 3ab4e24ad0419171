import { parseArgs } from 'node:util';
import { MAX_PERSONS } from './population/world';

/** The command line of bin/seed.ts, parsed and checked without side effects. */
export const SEED_USAGE = 'usage: npm run seed -- [--persons N] [--seed S] [--reset]';

export interface SeedArguments {
  persons: number;
  seed: number | undefined;
  reset: boolean;
  help: boolean;
}

export class UsageError extends Error {
  override name = 'UsageError';
}

/** Throws UsageError with a one-line message naming what is wrong. */
export function parseSeedArguments(argv: readonly string[], defaultPersons: number): SeedArguments {
  let values: { persons?: string; seed?: string; reset?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        persons: { type: 'string' },
        seed: { type: 'string' },
        reset: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message.split('\n')[0]} (${SEED_USAGE})`);
  }
  return {
    persons: values.persons === undefined ? defaultPersons : wholeNumber('--persons', values.persons, MAX_PERSONS),
    seed: values.seed === undefined ? undefined : wholeNumber('--seed', values.seed, 0xffffffff),
    reset: values.reset === true,
    help: values.help === true,
  };
}

/** A whole number from 0 to `max`; 1_000_000 and 1,000,000 are accepted. */
function wholeNumber(option: string, text: string, max: number): number {
  const digits = text.replace(/[_,]/g, '');
  if (!/^\d+$/.test(digits)) throw new UsageError(`${option} must be a whole number, got "${text}" (${SEED_USAGE})`);
  const value = Number(digits);
  if (value > max) throw new UsageError(`${option} must be at most ${max.toLocaleString('en')}, got ${text} (${SEED_USAGE})`);
  return value;
}
