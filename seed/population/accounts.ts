import { CARD_ISSUERS, makeCardNumber, type CardIssuer } from '../identifiers/bankCard';
import { Random, unitHash, weightedTable } from '../random';
import { roundYuan } from '../money';
import { addYears, dayBetween, dayNumber, REFERENCE_DAY } from '../time';
import type { EnterpriseFacts } from './enterprises';
import { isMule } from './mules';
import type { PersonIdentity } from './persons';
import { STREAM } from './streams';
import type { World } from './world';

/**
 * Bank accounts of random persons and enterprises, before fraud decides which are frozen. A card
 * number is BIN + (3-digit branch for 19-digit cards) + 9 digits from a permuted account ordinal +
 * Luhn digit, so numbers never repeat. Random accounts use branches 200–999, counterparties outside the
 * synthetic bank 100–119, and the demo cast 120, so none of them can collide.
 */
export interface AccountSlot {
  accountNumber: string;
  issuer: CardIssuer;
  openedDay: number;
  closed: boolean;
  balance: number;
}

const ISSUERS = weightedTable<CardIssuer>(CARD_ISSUERS.map((issuer) => [issuer, issuer.weight]));
const NINETEEN_DIGIT_ISSUERS = CARD_ISSUERS.filter((issuer) => issuer.length === 19);
const FIRST_ACCOUNT_DAY = dayNumber('2005-01-01');
const PERSONS_WITHOUT_ACCOUNT = 0.4;
const MAX_ACCOUNTS_PER_PERSON = 3;
const MAX_ACCOUNTS_PER_ENTERPRISE = 2;

function cardNumber(world: World, ordinal: number, issuer: CardIssuer, branch: number): string {
  const serial = String(world.cardSpace(ordinal)).padStart(9, '0');
  return makeCardNumber(issuer, issuer.length === 19 ? `${branch}${serial}` : serial);
}

export function personAccountCount(world: World, index: number): number {
  const draw = unitHash(world.seed, STREAM.accountCount, index);
  const count = draw < PERSONS_WITHOUT_ACCOUNT ? 0 : draw < 0.76 ? 1 : draw < 0.94 ? 2 : 3;
  return count === 0 && isMule(world, index) ? 1 : count;
}

export function personAccounts(world: World, person: PersonIdentity): AccountSlot[] {
  const count = personAccountCount(world, person.index);
  const accounts: AccountSlot[] = [];
  for (let slot = 0; slot < count; slot++) {
    const ordinal = person.index * MAX_ACCOUNTS_PER_PERSON + slot;
    const rng = new Random(world.seed, STREAM.personAccount, ordinal);
    const issuer = rng.weighted(ISSUERS);
    const closed = rng.chance(0.05);
    accounts.push({
      accountNumber: cardNumber(world, ordinal, issuer, rng.int(200, 999)),
      issuer,
      openedDay: dayBetween(rng, Math.max(FIRST_ACCOUNT_DAY, addYears(person.birthDay, 18)), REFERENCE_DAY - 1),
      closed,
      balance: closed ? 0 : roundYuan(rng.logUniform(5, 300_000)),
    });
  }
  return accounts;
}

export function enterpriseAccounts(world: World, enterprise: EnterpriseFacts): AccountSlot[] {
  const rng = new Random(world.seed, STREAM.enterpriseAccount, enterprise.index);
  const count = enterprise.individualBusiness ? (rng.chance(0.6) ? 1 : 0) : rng.chance(0.7) ? 1 : 2;
  const closed = enterprise.record.status === '注销';
  const accounts: AccountSlot[] = [];
  for (let slot = 0; slot < count; slot++) {
    const ordinal = world.persons * MAX_ACCOUNTS_PER_PERSON + enterprise.index * MAX_ACCOUNTS_PER_ENTERPRISE + slot;
    const issuer = rng.weighted(ISSUERS);
    accounts.push({
      accountNumber: cardNumber(world, ordinal, issuer, rng.int(200, 999)),
      issuer,
      openedDay: dayBetween(rng, dayNumber(enterprise.record.establishedOn), REFERENCE_DAY - 1),
      closed,
      balance: closed ? 0 : roundYuan(rng.logUniform(1_000, 20_000_000)),
    });
  }
  return accounts;
}

/** A card of another bank's customer (a counterparty outside the synthetic bank). */
export function externalCardNumber(rng: Random): string {
  const issuer = rng.pick(NINETEEN_DIGIT_ISSUERS);
  return makeCardNumber(issuer, `${rng.int(100, 119)}${rng.digits(9)}`);
}
