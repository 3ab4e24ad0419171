import { makeResidentialAddress } from '../identifiers/address';
import { DIVISIONS, type Division } from '../identifiers/divisions';
import { MOBILE_PREFIXES, makeMobileNumber } from '../identifiers/mobile';
import { composeResidentId, sequenceForGender, type Gender } from '../identifiers/residentId';
import { makePersonName } from '../names';
import { Random, unitHash, weightedTable } from '../random';
import type { PersonRecord } from '../records/types';
import { formatDay, yearOfDay } from '../time';
import { decodeResidentPoint } from './residentSpace';
import { STREAM } from './streams';
import type { World } from './world';

/** What other agencies need to reference a person: cheap to compute, no names or addresses. */
export interface PersonIdentity {
  index: number;
  idNumber: string;
  gender: Gender;
  birthDay: number;
  division: Division;
}

const MALE_SHARE = 0.51;
/** Subscriber numbers of random persons start at 10000000; the demo cast's start with 0. */
const FIRST_RANDOM_SUBSCRIBER = 10_000_000;

const ETHNICITIES = weightedTable<string>([
  ['汉族', 985], ['畲族', 4], ['土家族', 3], ['苗族', 3], ['回族', 1], ['布依族', 1], ['壮族', 1], ['满族', 1], ['侗族', 1],
]);
const DIVISION_BY_POPULATION = weightedTable<Division>(DIVISIONS.map((division) => [division, division.population]));

export function personIdentity(world: World, index: number): PersonIdentity {
  const point = decodeResidentPoint(world.residentSpace(index));
  const gender: Gender = unitHash(world.seed, STREAM.gender, index) < MALE_SHARE ? '男' : '女';
  const idNumber = composeResidentId(point.division.code, point.compactBirthDate, sequenceForGender(point.sequenceSlot, gender));
  return { index, idNumber, gender, birthDay: point.birthDay, division: point.division };
}

/** The police's full record of random person `index`. */
export function personRecord(world: World, index: number): PersonRecord {
  const identity = personIdentity(world, index);
  const rng = new Random(world.seed, STREAM.person, index);
  const name = makePersonName(rng, identity.gender, yearOfDay(identity.birthDay));
  const registeredAddress = makeResidentialAddress(rng, identity.division);
  // Most live where they are registered; the others moved, most often to a populous place.
  const currentAddress = rng.chance(0.8)
    ? registeredAddress
    : makeResidentialAddress(rng, rng.weighted(DIVISION_BY_POPULATION));
  const phone = makeMobileNumber(rng.pick(MOBILE_PREFIXES), FIRST_RANDOM_SUBSCRIBER + world.phoneSpace(index));
  return {
    idNumber: identity.idNumber,
    name,
    gender: identity.gender,
    birthDate: formatDay(identity.birthDay),
    ethnicity: rng.weighted(ETHNICITIES),
    registeredAddress,
    currentAddress,
    phone,
    district: identity.division.code,
  };
}

/** A uniformly chosen random person other than `index`, or undefined in a world of fewer than two. */
export function otherPerson(world: World, rng: Random, index: number): number | undefined {
  if (world.persons < 2) return undefined;
  const other = rng.int(0, world.persons - 2);
  return other >= index ? other + 1 : other;
}

/** A random person, or undefined in an empty world. */
export function anyPerson(world: World, rng: Random): number | undefined {
  return world.persons > 0 ? rng.int(0, world.persons - 1) : undefined;
}

export function randomDivision(rng: Random): Division {
  return rng.weighted(DIVISION_BY_POPULATION);
}
