/**
 * Deterministic randomness for the synthetic world: no Math.random, no clock. Every stream is derived
 * from (seed, stream tag, index), so any person's or enterprise's facts can be recomputed on their own,
 * in any order, by any agency's loader — which is what lets the five databases load in parallel and
 * still agree with each other.
 */

/** A 32-bit integer hash with good avalanche ("lowbias32", Chris Wellons' hash prospector). */
export function mix32(value: number): number {
  let x = value >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** Hash of (seed, stream, index); each part is taken as an unsigned 32-bit integer. */
export function hash32(seed: number, stream: number, index: number): number {
  let h = mix32(seed ^ 0x9e3779b9);
  h = mix32(h ^ Math.imul(stream + 1, 0x85ebca77));
  return mix32(h ^ Math.imul(index >>> 0, 0xc2b2ae3d) ^ (index / 4294967296) >>> 0);
}

/** A uniform number in [0, 1) from (seed, stream, index), without building a generator. */
export function unitHash(seed: number, stream: number, index: number): number {
  return hash32(seed, stream, index) / 4294967296;
}

/** Cumulative weights for picking values in proportion to their weight. */
export interface WeightedTable<T> {
  readonly values: readonly T[];
  readonly cumulative: readonly number[];
  readonly total: number;
}

export function weightedTable<T>(entries: readonly (readonly [T, number])[]): WeightedTable<T> {
  const values: T[] = [];
  const cumulative: number[] = [];
  let total = 0;
  for (const [value, weight] of entries) {
    if (!(weight > 0)) throw new Error(`weight must be positive: ${String(value)} has ${weight}`);
    total += weight;
    values.push(value);
    cumulative.push(total);
  }
  if (values.length === 0) throw new Error('a weighted table needs at least one entry');
  return Object.freeze({ values: Object.freeze(values), cumulative: Object.freeze(cumulative), total });
}

/** A small, fast generator (SplitMix-style counter through `mix32`); one per entity and stream. */
export class Random {
  private state: number;

  constructor(seed: number, stream = 0, index = 0) {
    this.state = hash32(seed, stream, index);
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x9e3779b9) >>> 0;
    const high = mix32(this.state) >>> 5; // 27 bits
    const low = mix32(this.state ^ 0x5bd1e995) >>> 6; // 26 bits
    return (high * 67108864 + low) / 9007199254740992;
  }

  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('cannot pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  weighted<T>(table: WeightedTable<T>): T {
    const target = this.next() * table.total;
    const { cumulative, values } = table;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((cumulative[middle] as number) > target) high = middle;
      else low = middle + 1;
    }
    return values[low] as T;
  }

  /** Log-uniform in [min, max]: amounts spread over orders of magnitude, small ones more common. */
  logUniform(min: number, max: number): number {
    return Math.exp(Math.log(min) + this.next() * (Math.log(max) - Math.log(min)));
  }

  /** `length` decimal digits, as a string. */
  digits(length: number): string {
    let out = '';
    for (let index = 0; index < length; index++) out += String(Math.floor(this.next() * 10));
    return out;
  }
}
