import { makeBusinessAddress } from '../identifiers/address';
import { cityShortName, type Division } from '../identifiers/divisions';
import { CREDIT_CODE_ALPHABET, makeCreditCode } from '../identifiers/creditCode';
import { Random } from '../random';
import type { EnterpriseRecord } from '../records/types';
import { addYears, dayBetween, dayNumber, formatDay, REFERENCE_DAY } from '../time';
import {
  COMPANY_INDUSTRIES,
  ENTERPRISE_STATUSES,
  INDIVIDUAL_BUSINESS_INDUSTRIES,
  TRADE_NAMES,
} from '../vocabulary/market';
import { personIdentity, randomDivision, type PersonIdentity } from './persons';
import { STREAM } from './streams';
import type { World } from './world';

/**
 * Random enterprise `index` (0 … world.enterprises-1): its credit code, legal representative and
 * registration facts. Codes registered before the 2015 reform carry an all-digit organisation code;
 * later ones an "MA…" code whose third character is never 2, so the demo companies' codes
 * (MA2H…, MA2J…) cannot be produced. Both kinds come from permuted indexes, so codes never repeat.
 */
export interface EnterpriseFacts {
  index: number;
  record: EnterpriseRecord;
  division: Division;
  legalRep: PersonIdentity;
  individualBusiness: boolean;
}

const FIRST_ESTABLISHMENT_DAY = dayNumber('1998-01-01');
const CREDIT_CODE_REFORM_DAY = dayNumber('2015-10-01');
const MODERN_THIRD_CHARACTERS = CREDIT_CODE_ALPHABET.replace('2', '');
/** Scatters owner slots over the person indexes; prime, hence coprime with any person count below it. */
const OWNER_SCATTER = 1_000_000_007;

export function legalRepresentativeIndex(world: World, slot: number): number {
  return (slot * OWNER_SCATTER + world.ownerOffset) % world.persons;
}

export function enterpriseFacts(world: World, index: number): EnterpriseFacts {
  if (world.persons === 0) throw new Error('enterprises need persons to represent them');
  const rng = new Random(world.seed, STREAM.enterprise, index);
  const legalRep = personIdentity(world, legalRepresentativeIndex(world, rng.int(0, world.ownerSlots - 1)));
  const individualBusiness = rng.chance(0.15);
  const division = rng.chance(0.65) ? legalRep.division : randomDivision(rng);
  const [industry, words] = rng.weighted(individualBusiness ? INDIVIDUAL_BUSINESS_INDUSTRIES : COMPANY_INDUSTRIES);
  const lastEstablishmentDay = REFERENCE_DAY - 30;
  const firstEstablishmentDay = Math.min(
    lastEstablishmentDay,
    Math.max(FIRST_ESTABLISHMENT_DAY, addYears(legalRep.birthDay, 18)),
  );
  const establishedDay = dayBetween(rng, firstEstablishmentDay, lastEstablishmentDay);
  const organizationBody =
    establishedDay < CREDIT_CODE_REFORM_DAY ? legacyOrganizationBody(world, index) : modernOrganizationBody(world, index);
  const creditCode = makeCreditCode({
    authority: '9',
    entityType: individualBusiness ? '2' : '1',
    division: division.code,
    organizationBody,
  });
  const tradeName = rng.pick(TRADE_NAMES);
  const name = individualBusiness
    ? `${division.name}${tradeName}${rng.pick(words)}`
    : `${cityShortName(division)}${tradeName}${rng.pick(words)}有限公司`;
  const capital = individualBusiness ? rng.logUniform(10_000, 500_000) : rng.logUniform(100_000, 50_000_000);
  const record: EnterpriseRecord = {
    creditCode,
    name,
    legalRepIdNumber: legalRep.idNumber,
    registeredCapital: Math.round(capital / 10_000) * 10_000 || 10_000,
    status: rng.weighted(ENTERPRISE_STATUSES),
    address: makeBusinessAddress(rng, division),
    district: division.code,
    industry,
    establishedOn: formatDay(establishedDay),
  };
  return { index, record, division, legalRep, individualBusiness };
}

/** Just the credit code of random enterprise `index` (court parties, bank holders, permits refer to it). */
export function enterpriseCreditCode(world: World, index: number): string {
  return enterpriseFacts(world, index).record.creditCode;
}

function legacyOrganizationBody(world: World, index: number): string {
  return String(world.legacyOrganizationSpace(index)).padStart(8, '0');
}

function modernOrganizationBody(world: World, index: number): string {
  let value = world.modernOrganizationSpace(index);
  const third = MODERN_THIRD_CHARACTERS.charAt(value % MODERN_THIRD_CHARACTERS.length);
  value = Math.floor(value / MODERN_THIRD_CHARACTERS.length);
  let rest = '';
  for (let position = 0; position < 5; position++) {
    rest += CREDIT_CODE_ALPHABET.charAt(value % 31);
    value = Math.floor(value / 31);
  }
  return `MA${third}${rest}`;
}
