import { Random } from '../random';
import { roundYuan } from '../money';
import { FIRST_GENERATED_NUMBER, padNumber } from '../records/sequence';
import type { FraudCaseRecord } from '../records/types';
import { anyTimeTimestamp, eventDay, officeHoursTimestamp, REFERENCE_DAY, yearOfDay } from '../time';
import { FRAUD_CASE_STATUSES, FRAUD_MODI, STOP_PAYMENT_STATUSES } from '../vocabulary/police';
import { personAccounts, type AccountSlot } from './accounts';
import { isMule } from './mules';
import { otherPerson, personIdentity, type PersonIdentity } from './persons';
import { STREAM } from './streams';
import type { World } from './world';

/**
 * Telecom-fraud cases, owned by the money mule whose accounts received the money: the police (case,
 * victim, payee accounts) and the bank (frozen accounts, stop-payment orders, flagged transfers)
 * both recompute them from the mule's index alone, so the two databases agree without talking.
 */
export interface StopPayment {
  accountNumber: string;
  issuedAt: string;
  issuedDay: number;
  amount: number;
  status: string;
}

export interface FraudStory {
  record: FraudCaseRecord;
  reportedDay: number;
  victim: PersonIdentity;
  stopPayments: readonly StopPayment[];
}

const MAX_CASES_PER_MULE = 3;

/** `DZ-2025-00012345`: unique per (mule, case) without a counter; demo cases use numbers below 100. */
export function fraudCaseId(year: number, muleIndex: number, caseIndex: number): string {
  return `DZ-${year}-${padNumber(FIRST_GENERATED_NUMBER + muleIndex * (MAX_CASES_PER_MULE + 1) + caseIndex, 8)}`;
}

export function fraudStoriesOfMule(world: World, muleIndex: number, accounts?: readonly AccountSlot[]): FraudStory[] {
  if (!isMule(world, muleIndex)) return [];
  const muleAccounts = accounts ?? personAccounts(world, personIdentity(world, muleIndex));
  const open = muleAccounts.filter((account) => !account.closed);
  const candidates = open.length > 0 ? open : muleAccounts;
  const rng = new Random(world.seed, STREAM.fraud, muleIndex);
  const count = rng.int(1, MAX_CASES_PER_MULE);
  const stories: FraudStory[] = [];
  for (let caseIndex = 0; caseIndex < count; caseIndex++) {
    const victimIndex = otherPerson(world, rng, muleIndex);
    if (victimIndex === undefined) break;
    const victim = personIdentity(world, victimIndex);
    const payeeAccounts = candidates.length > 1 && rng.chance(0.3) ? candidates.slice(0, 2) : candidates.slice(0, 1);
    // The money arrives (a day or two before the report) on cards that were already open.
    const reportedDay = eventDay(rng, Math.max(...payeeAccounts.map((account) => account.openedDay)) + 3);
    const lossAmount = Math.round(rng.logUniform(2_000, 800_000));
    const firstShare = payeeAccounts.length > 1 ? roundYuan(lossAmount * (0.4 + rng.next() * 0.4)) : lossAmount;
    const payees = payeeAccounts.map((account, position) => ({
      accountNumber: account.accountNumber,
      amount: position === 0 ? firstShare : roundYuan(lossAmount - firstShare),
    }));
    const stopPayments: StopPayment[] = [];
    if (rng.chance(0.7)) {
      for (const payee of payees) {
        const issuedDay = Math.min(REFERENCE_DAY, reportedDay + rng.int(0, 1));
        stopPayments.push({
          accountNumber: payee.accountNumber,
          issuedAt: officeHoursTimestamp(rng, issuedDay),
          issuedDay,
          amount: roundYuan(payee.amount * (0.3 + rng.next() * 0.7)),
          status: rng.weighted(STOP_PAYMENT_STATUSES),
        });
      }
    }
    stories.push({
      record: {
        id: fraudCaseId(yearOfDay(reportedDay), muleIndex, caseIndex),
        reportedAt: anyTimeTimestamp(rng, reportedDay),
        victimIdNumber: victim.idNumber,
        lossAmount,
        modus: rng.weighted(FRAUD_MODI),
        status: rng.weighted(FRAUD_CASE_STATUSES),
        district: victim.division.code,
        payees,
      },
      reportedDay,
      victim,
      stopPayments,
    });
  }
  return stories;
}

/** Accounts a standing stop-payment order froze (a lifted one, 已解除, leaves the account as it was). */
export function frozenAccounts(stories: readonly FraudStory[]): Set<string> {
  const frozen = new Set<string>();
  for (const story of stories) {
    for (const stop of story.stopPayments) if (stop.status !== '已解除') frozen.add(stop.accountNumber);
  }
  return frozen;
}
