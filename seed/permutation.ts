import { mix32 } from './random';

/**
 * A keyed pseudo-random bijection on [0, size): a balanced Feistel network over the smallest even
 * number of bits covering `size`, cycle-walking values that fall outside back into range. Identifiers
 * are made from permuted indexes, so they look random yet two indexes can never share one — no set of
 * issued identifiers has to be kept in memory, however many persons are generated.
 */
export type Permutation = (index: number) => number;

const ROUNDS = 4;
/** Halves stay within 26 bits so that `high * 2^half + low` is an exact double. */
const MAX_HALF_BITS = 26;

export function createPermutation(size: number, key: number): Permutation {
  if (!Number.isSafeInteger(size) || size < 1) throw new RangeError(`permutation size must be a positive integer, got ${size}`);
  let halfBits = 1;
  while (2 ** (2 * halfBits) < size) halfBits++;
  if (halfBits > MAX_HALF_BITS) throw new RangeError(`permutation size ${size} is too large`);
  const half = 2 ** halfBits;
  const mask = half - 1;
  const roundKeys = Array.from({ length: ROUNDS }, (_, round) => mix32(key ^ Math.imul(round + 1, 0x27d4eb2d)));

  const encrypt = (value: number): number => {
    let left = Math.floor(value / half);
    let right = value % half;
    for (const roundKey of roundKeys) {
      const next = (left ^ (mix32(right ^ roundKey) & mask)) >>> 0;
      left = right;
      right = next;
    }
    return left * half + right;
  };

  return (index: number): number => {
    if (!(index >= 0 && index < size && Number.isInteger(index))) {
      throw new RangeError(`index ${index} is outside the permutation's range [0, ${size})`);
    }
    let value = encrypt(index);
    while (value >= size) value = encrypt(value);
    return value;
  };
}
