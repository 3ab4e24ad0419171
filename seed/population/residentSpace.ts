import { DIVISIONS, type Division } from '../identifiers/divisions';
import { dayNumber, formatDay } from '../time';

/**
 * The space of resident IDs random persons can get, laid out so that a permuted person index decodes
 * to a unique (birth date, division, sequence slot) — hence a unique ID — with populous divisions
 * holding more of the space. A division is repeated up to 8 times ("replicas"), each replica owning a
 * disjoint band of sequence slots. Slots below FIRST_RANDOM_SEQUENCE_SLOT (sequence numbers 001–040)
 * are never used, so the demo cast's IDs (sequences 001, 002, 013, 024) cannot be produced.
 */
export const FIRST_BIRTH_DAY = dayNumber('1945-01-01');
/** Everyone is an adult on the reference date. */
export const LAST_BIRTH_DAY = dayNumber('2006-12-31');
export const FIRST_RANDOM_SEQUENCE_SLOT = 20;
const SLOTS_PER_REPLICA = 59;
const MAX_REPLICAS = 8;
const PERSONS_PER_REPLICA = 20; // in units of 10,000 residents

interface VirtualDivision {
  division: Division;
  replica: number;
}

const VIRTUAL_DIVISIONS: readonly VirtualDivision[] = DIVISIONS.flatMap((division) => {
  const replicas = Math.min(MAX_REPLICAS, Math.max(1, Math.round(division.population / PERSONS_PER_REPLICA)));
  return Array.from({ length: replicas }, (_, replica) => ({ division, replica }));
});

const BIRTH_DAYS = LAST_BIRTH_DAY - FIRST_BIRTH_DAY + 1;
export const RESIDENT_SPACE_SIZE = BIRTH_DAYS * VIRTUAL_DIVISIONS.length * SLOTS_PER_REPLICA;

/** 'YYYYMMDD' of each birth day, as the ID writes it (computed once: IDs are made by the million). */
const COMPACT_BIRTH_DATES: readonly string[] = Array.from({ length: BIRTH_DAYS }, (_, offset) =>
  formatDay(FIRST_BIRTH_DAY + offset).replaceAll('-', ''),
);

export interface ResidentPoint {
  division: Division;
  birthDay: number;
  /** 'YYYYMMDD'. */
  compactBirthDate: string;
  /** 20–491: sequence number 2·slot+1 for a man, 2·slot+2 for a woman. */
  sequenceSlot: number;
}

export function decodeResidentPoint(point: number): ResidentPoint {
  const slot = point % SLOTS_PER_REPLICA;
  const rest = Math.floor(point / SLOTS_PER_REPLICA);
  const virtual = VIRTUAL_DIVISIONS[rest % VIRTUAL_DIVISIONS.length] as VirtualDivision;
  const dayOffset = Math.floor(rest / VIRTUAL_DIVISIONS.length);
  return {
    division: virtual.division,
    birthDay: FIRST_BIRTH_DAY + dayOffset,
    compactBirthDate: COMPACT_BIRTH_DATES[dayOffset] as string,
    sequenceSlot: FIRST_RANDOM_SEQUENCE_SLOT + virtual.replica * SLOTS_PER_REPLICA + slot,
  };
}
