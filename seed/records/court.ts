import { DEMO_COURT_CASES } from '../demoRecords';
import { enterpriseCreditCode } from '../population/enterprises';
import { otherPerson, personIdentity } from '../population/persons';
import { STREAM } from '../population/streams';
import type { World } from '../population/world';
import { Random, unitHash } from '../random';
import { eventDay, formatDay, REFERENCE_DAY, yearOfDay } from '../time';
import {
  ADMINISTRATIVE_CAUSES,
  CASE_KINDS,
  CASE_TYPE_CODES,
  CIVIL_CAUSES,
  courtCode,
  courtName,
  CRIMINAL_CAUSES,
  STATUSES,
} from '../vocabulary/court';
import { roundYuan } from '../money';
import { SequenceCounter } from './sequence';
import type { CourtCaseRecord, PartyReference, Tick } from './types';

/**
 * Court cases, each owned by the person who brings it (or, in criminal cases, stands trial); about
 * 1.8 % of persons own one, and the defendants they name bring the share of persons in court to ~3 %.
 * Case numbers run per (year, court, type) in walk order.
 */
const COURT_OWNER_SHARE = 0.018;

export function* courtCaseRecords(world: World, tick: Tick): Generator<CourtCaseRecord> {
  yield* DEMO_COURT_CASES;
  const numbers = new SequenceCounter();
  for (let index = 0; index < world.persons; index++) {
    tick();
    if (unitHash(world.seed, STREAM.courtOwner, index) >= COURT_OWNER_SHARE) continue;
    const rng = new Random(world.seed, STREAM.court, index);
    const owner = personIdentity(world, index);
    const kind = rng.weighted(CASE_KINDS);
    const filedDay = eventDay(rng);
    const status = rng.weighted(STATUSES[kind]);
    const person = (id: string): PartyReference => ({ idNumber: id, creditCode: null });
    const counterpart = (): PartyReference | undefined => {
      if (world.enterprises > 0 && rng.chance(0.25)) {
        return { idNumber: null, creditCode: enterpriseCreditCode(world, rng.int(0, world.enterprises - 1)) };
      }
      const other = otherPerson(world, rng, index);
      return other === undefined ? undefined : person(personIdentity(world, other).idNumber);
    };

    let causeOfAction: string;
    let claimAmount: number | null = null;
    let judgmentAmount: number | null = null;
    const parties: (PartyReference & { role: string })[] = [];
    const dishonestDebtors: (PartyReference & { listedAt: string })[] = [];
    if (kind === '民事' || kind === '执行') {
      const [cause, smallest, largest] = rng.weighted(CIVIL_CAUSES);
      causeOfAction = cause;
      claimAmount = Math.round(rng.logUniform(smallest, largest));
      if (status === '已判决') judgmentAmount = roundYuan(claimAmount * (0.5 + rng.next() * 0.5));
      if (status === '已调解') judgmentAmount = roundYuan(claimAmount * (0.4 + rng.next() * 0.5));
      const defendant = counterpart();
      parties.push({ role: kind === '民事' ? '原告' : '申请执行人', ...person(owner.idNumber) });
      if (defendant) {
        parties.push({ role: kind === '民事' ? '被告' : '被执行人', ...defendant });
        if (kind === '执行' && status === '终结本次执行' && rng.chance(0.7)) {
          dishonestDebtors.push({ ...defendant, listedAt: formatDay(Math.min(REFERENCE_DAY, filedDay + rng.int(30, 200))) });
        }
      }
      if (kind === '民事' && rng.chance(0.05)) {
        const third = counterpart();
        const taken = new Set([owner.idNumber, defendant?.idNumber ?? defendant?.creditCode]);
        if (third && !taken.has(third.idNumber ?? third.creditCode ?? '')) {
          parties.push({ role: '第三人', ...third });
        }
      }
    } else if (kind === '刑事') {
      causeOfAction = rng.weighted(CRIMINAL_CAUSES);
      parties.push({ role: '被告', ...person(owner.idNumber) });
    } else {
      causeOfAction = rng.weighted(ADMINISTRATIVE_CAUSES);
      parties.push({ role: '原告', ...person(owner.idNumber) });
    }

    const division = owner.division;
    const year = yearOfDay(filedDay);
    const code = courtCode(division);
    const typeCode = CASE_TYPE_CODES[kind];
    yield {
      caseNumber: `(${year})浙${code}${typeCode}${numbers.take(`${year}|${code}|${typeCode}`)}号`,
      kind,
      causeOfAction,
      court: courtName(division),
      district: division.code,
      filedAt: formatDay(filedDay),
      status,
      claimAmount,
      judgmentAmount,
      parties,
      dishonestDebtors,
    };
  }
}
