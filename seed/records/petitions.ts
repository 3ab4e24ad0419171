import { DEMO_DISPUTES, DEMO_PETITIONS } from '../demoRecords';
import { cityShortName, type Division } from '../identifiers/divisions';
import { makePersonName } from '../names';
import { otherPerson, personIdentity } from '../population/persons';
import { STREAM } from '../population/streams';
import type { World } from '../population/world';
import { Random, unitHash } from '../random';
import { anyTimeTimestamp, eventDay, officeHoursTimestamp, yearOfDay } from '../time';
import {
  COMPLEXITY_GRADES,
  DISPUTE_MODULES,
  DISPUTE_OUTCOMES,
  PETITION_CATEGORIES,
  PETITION_CHANNELS,
  PETITION_STATUSES,
} from '../vocabulary/petitions';
import { padNumber, SequenceCounter } from './sequence';
import type { DisputeRecord, Involvement, PetitionRecord, Tick } from './types';

/**
 * Petitions (about 2 % of persons petition, some more than once) and disputes registered at the
 * dispute-mediation centre (about 0.8 % of persons bring one against one or two others). Both are
 * registered where the person lives; ids run per (year, district).
 */
const PETITIONER_SHARE = 0.02;
const DISPUTE_OWNER_SHARE = 0.008;

/** Each district's centre has a handful of mediators, who each handle many disputes. */
const MEDIATORS_PER_CENTRE = 6;

function mediatorOf(world: World, division: Division, mediator: number): string {
  const rng = new Random(world.seed, STREAM.mediator, Number(division.code) * MEDIATORS_PER_CENTRE + mediator);
  return makePersonName(rng, rng.chance(0.6) ? '女' : '男', rng.int(1965, 1995));
}

function fillPlace(template: string, division: Division): string {
  return template.replaceAll('{district}', division.name).replaceAll('{city}', cityShortName(division));
}

export function* petitionRecords(world: World, tick: Tick): Generator<PetitionRecord> {
  yield* DEMO_PETITIONS;
  const numbers = new SequenceCounter();
  for (let index = 0; index < world.persons; index++) {
    tick();
    if (unitHash(world.seed, STREAM.petitionOwner, index) >= PETITIONER_SHARE) continue;
    const rng = new Random(world.seed, STREAM.petition, index);
    const petitioner = personIdentity(world, index);
    const division = petitioner.division;
    const count = rng.chance(0.85) ? 1 : 2;
    for (let petition = 0; petition < count; petition++) {
      const category = rng.weighted(PETITION_CATEGORIES);
      const channel = rng.weighted(PETITION_CHANNELS);
      const day = eventDay(rng);
      const year = yearOfDay(day);
      yield {
        id: `XF-${year}-${division.code}-${padNumber(numbers.take(`${year}|${division.code}`), 6)}`,
        // Visits and calls happen in office hours; letters and online petitions are logged any time.
        receivedAt: channel === '来访' || channel === '12345热线' ? officeHoursTimestamp(rng, day) : anyTimeTimestamp(rng, day),
        channel,
        category: category.category,
        content: rng.pick(category.contents),
        status: rng.weighted(PETITION_STATUSES),
        handlingUnit: `${division.name}${category.handlingUnit}`,
        petitionerIdNumber: petitioner.idNumber,
        respondent: fillPlace(rng.pick(category.respondents), division),
        repeatCount: rng.chance(0.7) ? 0 : rng.int(1, 5),
        district: division.code,
      };
    }
  }
}

export function* disputeRecords(world: World, tick: Tick): Generator<DisputeRecord> {
  yield* DEMO_DISPUTES;
  const numbers = new SequenceCounter();
  for (let index = 0; index < world.persons; index++) {
    tick();
    if (unitHash(world.seed, STREAM.disputeOwner, index) >= DISPUTE_OWNER_SHARE) continue;
    const rng = new Random(world.seed, STREAM.dispute, index);
    const applicant = personIdentity(world, index);
    const division = applicant.division;
    const parties: Involvement[] = [{ idNumber: applicant.idNumber, role: '申请人' }];
    const respondents = rng.chance(0.9) ? 1 : 2;
    for (let respondent = 0; respondent < respondents; respondent++) {
      const other = otherPerson(world, rng, index);
      if (other === undefined) break;
      const idNumber = personIdentity(world, other).idNumber;
      // dispute_parties is keyed by (dispute, person): the same person is not named twice.
      if (!parties.some((party) => party.idNumber === idNumber)) parties.push({ idNumber, role: '被申请人' });
    }
    const module = rng.weighted(DISPUTE_MODULES);
    const day = eventDay(rng);
    const year = yearOfDay(day);
    const mediatorName = mediatorOf(world, division, rng.int(0, MEDIATORS_PER_CENTRE - 1));
    yield {
      id: `TJ-${year}-${division.code}-${padNumber(numbers.take(`${year}|${division.code}`), 5)}`,
      registeredAt: officeHoursTimestamp(rng, day),
      module: module.module,
      complexityGrade: rng.weighted(COMPLEXITY_GRADES),
      summary: rng.pick(module.summaries),
      mediator: `${division.name}矛调中心 ${mediatorName}`,
      outcome: rng.weighted(DISPUTE_OUTCOMES),
      district: division.code,
      parties,
    };
  }
}
