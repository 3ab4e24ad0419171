import {
  DEMO_ACCOUNTS,
  DEMO_FLAGGED_TRANSACTIONS,
  DEMO_STOP_PAYMENT_ORDERS,
  DEMO_SUSPICIOUS_REPORTS,
} from '../demoRecords';
import { makePersonName } from '../names';
import { enterpriseAccounts, externalCardNumber, personAccountCount, personAccounts, type AccountSlot } from '../population/accounts';
import { enterpriseFacts, type EnterpriseFacts } from '../population/enterprises';
import { fraudStoriesOfMule, frozenAccounts } from '../population/fraud';
import { isMule } from '../population/mules';
import { personIdentity, personRecord } from '../population/persons';
import { STREAM } from '../population/streams';
import type { World } from '../population/world';
import { Random, unitHash } from '../random';
import { anyTimeTimestamp, eventDay, formatDay, formatTimestamp, officeHoursTimestamp, REFERENCE_DAY, yearOfDay } from '../time';
import {
  CHANNELS,
  ENTERPRISE_FLAG_REASONS,
  ENTERPRISE_REPORT_REASONS,
  MULE_FLAG_REASONS,
  ORDINARY_FLAG_REASONS,
  PERSON_REPORT_REASONS,
} from '../vocabulary/bank';
import { roundYuan } from '../money';
import { padNumber, SequenceCounter } from './sequence';
import type {
  AccountRecord,
  FlaggedTransactionRecord,
  StopPaymentOrderRecord,
  SuspiciousReportRecord,
  Tick,
} from './types';

/**
 * The bank's records. About 60 % of persons hold one to three cards; most enterprises one or two
 * accounts. Mules' cards receive fraud victims' money (flagged, often frozen by a stop-payment order,
 * sometimes reported); 1.5 % of enterprises move money in ways that get flagged and reported.
 */
const ORDINARY_FLAG_SHARE = 0.004;
const SUSPICIOUS_ENTERPRISE_SHARE = 0.015;
const MULE_REPORT_SHARE = 0.5;

function isSuspiciousEnterprise(world: World, index: number): boolean {
  return unitHash(world.seed, STREAM.suspiciousEnterprise, index) < SUSPICIOUS_ENTERPRISE_SHARE;
}

function accountRecord(slot: AccountSlot, holder: { idNumber?: string; creditCode?: string }, frozen: boolean): AccountRecord {
  return {
    accountNumber: slot.accountNumber,
    bank: slot.issuer.bank,
    holderIdNumber: holder.idNumber ?? null,
    holderCreditCode: holder.creditCode ?? null,
    openedAt: formatDay(slot.openedDay),
    status: frozen ? 'FROZEN' : slot.closed ? 'CLOSED' : 'NORMAL',
    balance: slot.balance,
  };
}

/** Walks persons, then enterprises: the accounts table's rows. */
export function* accountRecords(world: World, tick: Tick): Generator<AccountRecord> {
  yield* DEMO_ACCOUNTS;
  for (let index = 0; index < world.persons; index++) {
    tick();
    if (personAccountCount(world, index) === 0) continue;
    const person = personIdentity(world, index);
    const slots = personAccounts(world, person);
    const frozen = isMule(world, index) ? frozenAccounts(fraudStoriesOfMule(world, index, slots)) : new Set<string>();
    for (const slot of slots) yield accountRecord(slot, { idNumber: person.idNumber }, frozen.has(slot.accountNumber));
  }
  for (let index = 0; index < world.enterprises; index++) {
    tick();
    const enterprise = enterpriseFacts(world, index);
    for (const slot of enterpriseAccounts(world, enterprise)) {
      yield accountRecord(slot, { creditCode: enterprise.record.creditCode }, false);
    }
  }
}

export function* flaggedTransactionRecords(world: World, tick: Tick): Generator<FlaggedTransactionRecord> {
  yield* DEMO_FLAGGED_TRANSACTIONS;
  const numbers = new SequenceCounter();
  const nextId = (day: number) => `LS-${yearOfDay(day)}-${padNumber(numbers.take(String(yearOfDay(day))), 8)}`;
  for (let index = 0; index < world.persons; index++) {
    tick();
    const accountCount = personAccountCount(world, index);
    if (accountCount === 0) continue;
    const mule = isMule(world, index);
    if (!mule && unitHash(world.seed, STREAM.flaggedTransactions, index) >= ORDINARY_FLAG_SHARE) continue;
    const rng = new Random(world.seed, STREAM.flaggedTransactions, index);
    const slots = personAccounts(world, personIdentity(world, index));
    if (!mule) {
      const slot = rng.pick(slots);
      const day = Math.max(slot.openedDay, eventDay(rng));
      yield {
        id: nextId(day),
        accountNumber: slot.accountNumber,
        occurredAt: anyTimeTimestamp(rng, day),
        direction: rng.chance(0.5) ? 'IN' : 'OUT',
        amount: Math.round(rng.logUniform(50_000, 2_000_000)),
        counterpartyAccount: externalCardNumber(rng),
        counterpartyName: externalName(rng),
        channel: rng.weighted(CHANNELS),
        flagReason: rng.weighted(ORDINARY_FLAG_REASONS),
      };
      continue;
    }
    // A mule's card: each victim's payment comes in, and is passed on within minutes.
    for (const story of fraudStoriesOfMule(world, index, slots)) {
      const victim = personRecord(world, story.victim.index);
      const victimSlots = personAccounts(world, story.victim);
      const victimAccount = victimSlots[0]?.accountNumber ?? externalCardNumber(rng);
      const day = Math.max(0, story.reportedDay - rng.int(0, 2));
      let minute = rng.int(8 * 60, 22 * 60);
      for (const payee of story.record.payees) {
        yield {
          id: nextId(day),
          accountNumber: payee.accountNumber,
          occurredAt: formatTimestamp(day, minute, rng.int(0, 59)),
          direction: 'IN',
          amount: payee.amount,
          counterpartyAccount: victimAccount,
          counterpartyName: victim.name,
          channel: rng.weighted(CHANNELS),
          flagReason: rng.weighted(MULE_FLAG_REASONS),
        };
        const outgoing = rng.int(1, 2);
        let remaining = payee.amount;
        for (let transfer = 0; transfer < outgoing; transfer++) {
          minute = Math.min(24 * 60 - 1, minute + rng.int(2, 15));
          const amount = transfer === outgoing - 1 ? roundYuan(remaining * 0.98) : roundYuan(remaining * (0.4 + rng.next() * 0.3));
          remaining = roundYuan(remaining - amount);
          yield {
            id: nextId(day),
            accountNumber: payee.accountNumber,
            occurredAt: formatTimestamp(day, minute, rng.int(0, 59)),
            direction: 'OUT',
            amount,
            counterpartyAccount: externalCardNumber(rng),
            counterpartyName: externalName(rng),
            channel: rng.weighted(CHANNELS),
            flagReason: rng.weighted(MULE_FLAG_REASONS),
          };
        }
      }
    }
  }
  for (let index = 0; index < world.enterprises; index++) {
    tick();
    if (!isSuspiciousEnterprise(world, index)) continue;
    const account = firstEnterpriseAccount(world, index);
    if (!account) continue;
    const rng = new Random(world.seed, STREAM.flaggedTransactions, world.persons + index);
    const count = rng.int(2, 4);
    for (let transaction = 0; transaction < count; transaction++) {
      const day = Math.max(account.slot.openedDay, eventDay(rng));
      yield {
        id: nextId(day),
        accountNumber: account.slot.accountNumber,
        occurredAt: anyTimeTimestamp(rng, day),
        direction: rng.chance(0.5) ? 'IN' : 'OUT',
        amount: Math.round(rng.logUniform(100_000, 5_000_000)),
        counterpartyAccount: externalCardNumber(rng),
        counterpartyName: externalName(rng),
        channel: rng.weighted(CHANNELS),
        flagReason: rng.weighted(ENTERPRISE_FLAG_REASONS),
      };
    }
  }
}

export function* suspiciousReportRecords(world: World, tick: Tick): Generator<SuspiciousReportRecord> {
  yield* DEMO_SUSPICIOUS_REPORTS;
  const numbers = new SequenceCounter();
  const nextId = (day: number) => `KY-${yearOfDay(day)}-${padNumber(numbers.take(String(yearOfDay(day))), 7)}`;
  for (let index = 0; index < world.persons; index++) {
    tick();
    if (!isMule(world, index)) continue;
    const rng = new Random(world.seed, STREAM.suspiciousReports, index);
    if (!rng.chance(MULE_REPORT_SHARE)) continue;
    const slots = personAccounts(world, personIdentity(world, index));
    const stories = fraudStoriesOfMule(world, index, slots);
    const slot = slots[0];
    const first = stories[0];
    if (!slot || !first) continue;
    const day = Math.min(REFERENCE_DAY, first.reportedDay + rng.int(1, 20));
    yield {
      id: nextId(day),
      reportedAt: officeHoursTimestamp(rng, day),
      reportingBank: slot.issuer.bank,
      accountNumber: slot.accountNumber,
      creditCode: null,
      reason: rng.weighted(PERSON_REPORT_REASONS),
      amountTotal: roundYuan(stories.reduce((total, story) => total + story.record.lossAmount, 0)),
    };
  }
  for (let index = 0; index < world.enterprises; index++) {
    tick();
    if (!isSuspiciousEnterprise(world, index)) continue;
    const account = firstEnterpriseAccount(world, index);
    if (!account) continue;
    const rng = new Random(world.seed, STREAM.suspiciousReports, world.persons + index);
    const count = rng.int(1, 3);
    for (let report = 0; report < count; report++) {
      const day = Math.max(account.slot.openedDay, eventDay(rng));
      yield {
        id: nextId(day),
        reportedAt: officeHoursTimestamp(rng, day),
        reportingBank: account.slot.issuer.bank,
        accountNumber: account.slot.accountNumber,
        creditCode: account.enterprise.record.creditCode,
        reason: rng.weighted(ENTERPRISE_REPORT_REASONS),
        amountTotal: Math.round(rng.logUniform(500_000, 50_000_000)),
      };
    }
  }
}

export function* stopPaymentOrderRecords(world: World, tick: Tick): Generator<StopPaymentOrderRecord> {
  yield* DEMO_STOP_PAYMENT_ORDERS;
  const numbers = new SequenceCounter();
  for (let index = 0; index < world.persons; index++) {
    tick();
    if (!isMule(world, index)) continue;
    for (const story of fraudStoriesOfMule(world, index)) {
      for (const stop of story.stopPayments) {
        const year = yearOfDay(stop.issuedDay);
        yield {
          id: `ZF-${year}-${padNumber(numbers.take(String(year)), 7)}`,
          accountNumber: stop.accountNumber,
          fraudCaseId: story.record.id,
          issuedAt: stop.issuedAt,
          amount: stop.amount,
          status: stop.status,
        };
      }
    }
  }
}

function firstEnterpriseAccount(world: World, index: number): { enterprise: EnterpriseFacts; slot: AccountSlot } | undefined {
  const enterprise = enterpriseFacts(world, index);
  const slot = enterpriseAccounts(world, enterprise)[0];
  return slot ? { enterprise, slot } : undefined;
}

/** The name of a counterparty outside the synthetic population. */
function externalName(rng: Random): string {
  return makePersonName(rng, rng.chance(0.5) ? '男' : '女', rng.int(1960, 2000));
}
