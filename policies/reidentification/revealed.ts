import type { SensitiveKind } from '../kinds';
import type { FactName } from './population';

/**
 * What a visible field tells about its subject, as facts of the population model: per kind, per way it is
 * shown (`allow`, or the mask strategy's name). A withheld value (`deny`, `redact`) tells nothing; a
 * `pseudonym` tells nothing by itself (it is keyed per purpose; linking it by lookups is bounded by the
 * lookup budget instead). A strategy missing here for its kind is counted as `allow`: an unknown mask is
 * assumed to hide nothing until someone models it.
 */
export type Revealed = Readonly<Record<string, readonly FactName[]>>;

const NOTHING: readonly FactName[] = Object.freeze([]);
const WITHHELD = { redact: NOTHING, pseudonym: NOTHING } as const;

function revealed(map: Revealed): Revealed {
  return Object.freeze({ ...WITHHELD, ...map });
}

export const REVEALED_BY_KIND: Readonly<Partial<Record<SensitiveKind, Revealed>>> = Object.freeze({
  // 330110********0018: the division code (digits 1–6), the sequence code (15–17) and the check character.
  ID_NUMBER: revealed({ allow: ['identifier'], partial: ['registeredDivision', 'idSequence', 'idCheckCharacter'] }),
  // 王** keeps the surname and, by its stars, the length of the given name.
  PERSON_NAME: revealed({ allow: ['fullName'], surname: ['surname', 'givenNameLength'] }),
  PHONE: revealed({ allow: ['identifier'], partial: ['phonePrefix', 'phoneTail'] }),
  ADDRESS: revealed({ allow: ['streetAddress'], district: ['registeredDivision'] }),
  BIRTH_DATE: revealed({ allow: ['birthDate'], year: ['birthYear'] }),
  BANK_ACCOUNT: revealed({ allow: ['identifier'], partial: ['accountTail'] }),
} satisfies Partial<Record<SensitiveKind, Revealed>>);

/** Coordinates whose facts differ from their kind's: the current address names a second county. */
export const REVEALED_BY_FIELD: Readonly<Record<string, Revealed>> = Object.freeze({
  'Person.currentAddress': revealed({ allow: ['streetAddress'], district: ['currentDivision'] }),
});

/**
 * Unclassified fields of Person, shown in clear wherever Person is covered, and what they tell. Every scalar
 * field of Person must be here or classified: a new one fails the check until it is modelled (fail closed).
 */
export const PERSON_UNCLASSIFIED: Readonly<Record<string, readonly FactName[]>> = Object.freeze({
  gender: ['gender'],
  ethnicity: ['ethnicity'],
  // The registration's division code: the same fact as the ID's first six digits, counted once.
  district: ['registeredDivision'],
  // true narrows to the listed (the worst case); false narrows hardly at all.
  dishonestDebtor: ['dishonestDebtor'],
});

/**
 * Records hanging off Person whose identifiers are the person's own: what they show counts towards the
 * person's view. Other relations (incidents, petitions, disputes, cases, enterprises, fraud cases) lead to
 * records with identifiers of their own and are not counted; docs/reidentification.md says why and what
 * that leaves open.
 */
export const PERSON_OWN_RECORDS: readonly string[] = Object.freeze(['accounts']);

/**
 * Relations of Person to records of a public register that names the person: the enterprise register
 * (企业信息公示) publishes every legal representative, so `Person.enterprises` with an enterprise's name or
 * credit code identifies the person whatever the masks. Public by law, so a warning for the privacy officer
 * rather than a failure: relation → the fields of the record that find it in the register.
 */
export const PERSON_PUBLIC_REGISTER_LINKS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  enterprises: Object.freeze(['name', 'creditCode']),
});

/**
 * Besides Person, a covered type with a field of one of these kinds describes one person (a petition's
 * respondent, a transaction's counterparty, an audit subject, an official): its classified fields, taken
 * together, are checked as one subject's view.
 */
export const IDENTIFYING_KINDS: readonly SensitiveKind[] = Object.freeze(['ID_NUMBER', 'PERSON_NAME', 'PHONE']);
