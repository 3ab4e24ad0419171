/**
 * The population model of the re-identification check: how many people of Zhejiang share what a purpose
 * shows of one of them. Each fact is a share of the population — the fraction of people who have the same
 * value as the subject — chosen conservatively (a narrower share than the typical one: the check must hold
 * for unlucky subjects too). docs/reidentification.md gives the sources and the reasoning per figure.
 */

/** Zhejiang's resident population, rounded down (2020 census 64.57 M; 2023 66.27 M). */
export const POPULATION = 65_000_000;

/**
 * People of one county-level division (区/县/县级市). Zhejiang has 90, averaging ~730 k; the check takes
 * 300 k, the small end of the typical range (the island and mountain counties below it are named in the
 * design note: there, counts scale down in proportion).
 */
export const COUNTY_POPULATION = 300_000;

export type FactName =
  | 'identifier'
  | 'registeredDivision'
  | 'currentDivision'
  | 'streetAddress'
  | 'birthYear'
  | 'birthDate'
  | 'gender'
  | 'idSequence'
  | 'idCheckCharacter'
  | 'surname'
  | 'givenNameLength'
  | 'fullName'
  | 'phonePrefix'
  | 'phoneTail'
  | 'ethnicity'
  | 'dishonestDebtor'
  | 'accountTail';

export interface Fact {
  readonly name: FactName;
  /** What the fact is, for messages and the policy document. */
  readonly label: string;
  /** The share of the population that has the subject's value. */
  readonly share: number;
  /** Facts it makes redundant (knowing the date, the year adds nothing): they are not counted twice. */
  readonly subsumes?: readonly FactName[];
  /** A narrower-than-independent share when another fact is known too (the two are correlated). */
  readonly given?: { readonly fact: FactName; readonly share: number };
}

const COUNTY_SHARE = COUNTY_POPULATION / POPULATION;

function fact(definition: Fact): Fact {
  return Object.freeze({ ...definition, ...(definition.subsumes ? { subsumes: Object.freeze([...definition.subsumes]) } : {}) });
}

/** Every fact the model knows, by name. */
export const FACTS: Readonly<Record<FactName, Fact>> = Object.freeze({
  identifier: fact({
    name: 'identifier',
    label: 'an identifier of one person (full ID number, phone, name with anything else, account number)',
    share: 1 / POPULATION,
  }),
  registeredDivision: fact({ name: 'registeredDivision', label: 'the county of registration', share: COUNTY_SHARE }),
  currentDivision: fact({
    name: 'currentDivision',
    label: 'the county of residence',
    share: COUNTY_SHARE,
    // Most people live where they are registered; a second county narrows to the movers between the two.
    given: { fact: 'registeredDivision', share: 1 / 10 },
  }),
  streetAddress: fact({
    name: 'streetAddress',
    label: 'a street address (one household)',
    share: 3 / POPULATION,
    subsumes: ['registeredDivision', 'currentDivision'],
  }),
  birthYear: fact({ name: 'birthYear', label: 'the birth year', share: 1 / 80 }),
  birthDate: fact({ name: 'birthDate', label: 'the birth date', share: 1 / (80 * 365), subsumes: ['birthYear'] }),
  gender: fact({ name: 'gender', label: 'the gender', share: 1 / 2 }),
  idSequence: fact({
    name: 'idSequence',
    label: 'the ID number’s sequence code (digits 15–17; the 17th’s parity is the gender)',
    share: 1 / 1000,
    subsumes: ['gender'],
  }),
  idCheckCharacter: fact({
    name: 'idCheckCharacter',
    label: 'the ID number’s check character (one of 11, a function of the hidden birth-date digits)',
    share: 1 / 11,
  }),
  surname: fact({ name: 'surname', label: 'the surname', share: 1 / 50 }),
  givenNameLength: fact({ name: 'givenNameLength', label: 'the length of the given name', share: 1 / 2 }),
  fullName: fact({
    name: 'fullName',
    label: 'the full name',
    share: 1 / 100_000,
    subsumes: ['surname', 'givenNameLength'],
  }),
  phonePrefix: fact({ name: 'phonePrefix', label: 'the mobile number’s first three digits', share: 1 / 20 }),
  phoneTail: fact({ name: 'phoneTail', label: 'the mobile number’s last four digits', share: 1 / 10_000 }),
  ethnicity: fact({ name: 'ethnicity', label: 'the ethnicity (民族)', share: 1 / 50 }),
  dishonestDebtor: fact({ name: 'dishonestDebtor', label: 'being a listed dishonest judgment debtor', share: 1 / 100 }),
  accountTail: fact({ name: 'accountTail', label: 'a bank card’s last four digits', share: 1 / 10_000 }),
});
