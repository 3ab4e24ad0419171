import { createPermutation, type Permutation } from '../permutation';
import { hash32 } from '../random';
import { RESIDENT_SPACE_SIZE } from './residentSpace';
import { STREAM } from './streams';

/**
 * The synthetic world's parameters and keyed identifier spaces. Everything else is a pure function of
 * (world, index), so any loader can recompute any person or enterprise without shared state.
 */
export interface World {
  readonly seed: number;
  /** Random persons, indexes 0 … persons-1 (the demo cast comes on top). */
  readonly persons: number;
  /** Random enterprises, about one per ten persons. */
  readonly enterprises: number;
  readonly residentSpace: Permutation;
  readonly phoneSpace: Permutation;
  readonly cardSpace: Permutation;
  readonly modernOrganizationSpace: Permutation;
  readonly legacyOrganizationSpace: Permutation;
  /** Persons who may be legal representatives: about 4 % of persons, scattered over the index range. */
  readonly ownerSlots: number;
  readonly ownerOffset: number;
}

export const DEFAULT_SEED = 20250630;
/** Phone and card identifier spaces are sized for this many persons. */
export const MAX_PERSONS = 10_000_000;
export const PERSONS_PER_ENTERPRISE = 10;
const LEGAL_REPRESENTATIVE_SHARE = 0.04;

/** Sizes of the identifier spaces (see residentSpace.ts, persons.ts, enterprises.ts, accounts.ts for their layout). */
export const PHONE_SPACE_SIZE = 90_000_000;
export const CARD_SPACE_SIZE = 1_000_000_000;
export const MODERN_ORGANIZATION_SPACE_SIZE = 30 * 31 ** 5;
export const LEGACY_ORGANIZATION_SPACE_SIZE = 100_000_000;

export function createWorld({ seed, persons }: { seed: number; persons: number }): World {
  if (!Number.isInteger(persons) || persons < 0 || persons > MAX_PERSONS) {
    throw new RangeError(`persons must be an integer from 0 to ${MAX_PERSONS.toLocaleString('en')}, got ${persons}`);
  }
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new RangeError(`seed must be an integer from 0 to 4294967295, got ${seed}`);
  }
  const key = (stream: number) => hash32(seed, stream, 0);
  return Object.freeze({
    seed,
    persons,
    enterprises: Math.round(persons / PERSONS_PER_ENTERPRISE),
    residentSpace: createPermutation(RESIDENT_SPACE_SIZE, key(STREAM.residentSpace)),
    phoneSpace: createPermutation(PHONE_SPACE_SIZE, key(STREAM.phoneSpace)),
    cardSpace: createPermutation(CARD_SPACE_SIZE, key(STREAM.cardSpace)),
    modernOrganizationSpace: createPermutation(MODERN_ORGANIZATION_SPACE_SIZE, key(STREAM.modernOrganizationSpace)),
    legacyOrganizationSpace: createPermutation(LEGACY_ORGANIZATION_SPACE_SIZE, key(STREAM.legacyOrganizationSpace)),
    ownerSlots: Math.max(1, Math.round(persons * LEGAL_REPRESENTATIVE_SHARE)),
    ownerOffset: persons > 0 ? key(STREAM.ownerOffset) % persons : 0,
  });
}
