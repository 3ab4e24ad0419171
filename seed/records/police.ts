import { DEMO_FRAUD_CASES, DEMO_INCIDENTS, DEMO_PERSONS, DEMO_PRECURSOR_PERMITS } from '../demoRecords';
import { makeLocation } from '../identifiers/address';
import { enterpriseFacts } from '../population/enterprises';
import { fraudStoriesOfMule } from '../population/fraud';
import { isMule } from '../population/mules';
import { otherPerson, personIdentity, personRecord } from '../population/persons';
import { STREAM } from '../population/streams';
import type { World } from '../population/world';
import { Random, unitHash } from '../random';
import { anyTimeTimestamp, dayNumber, eventDay, formatDay, yearOfDay } from '../time';
import { CHEMICAL_INDUSTRY } from '../vocabulary/market';
import { INCIDENT_KINDS, PRECURSOR_CHEMICALS } from '../vocabulary/police';
import { padNumber, SequenceCounter } from './sequence';
import type { FraudCaseRecord, IncidentRecord, Involvement, PersonRecord, PrecursorPermitRecord, Tick } from './types';

/** The police's records: residents, incidents, fraud cases, precursor-chemical permits; demo cast first. */

const INCIDENT_OWNER_SHARE = 0.035;

export function* personRecords(world: World, tick: Tick): Generator<PersonRecord> {
  yield* DEMO_PERSONS;
  for (let index = 0; index < world.persons; index++) {
    tick();
    yield personRecord(world, index);
  }
}

/** Incidents reported by about 3.5 % of persons, a second person involved in many. */
export function* incidentRecords(world: World, tick: Tick): Generator<IncidentRecord> {
  yield* DEMO_INCIDENTS;
  const numbers = new SequenceCounter();
  for (let index = 0; index < world.persons; index++) {
    tick();
    if (unitHash(world.seed, STREAM.incidentOwner, index) >= INCIDENT_OWNER_SHARE) continue;
    const rng = new Random(world.seed, STREAM.incident, index);
    const reporter = personIdentity(world, index);
    const count = rng.chance(0.9) ? 1 : 2;
    for (let incident = 0; incident < count; incident++) {
      const kind = rng.weighted(INCIDENT_KINDS);
      const day = eventDay(rng);
      const involved: Involvement[] = [{ idNumber: reporter.idNumber, role: kind.reporterRole }];
      const other = rng.chance(kind.otherShare) ? otherPerson(world, rng, index) : undefined;
      if (other !== undefined) involved.push({ idNumber: personIdentity(world, other).idNumber, role: kind.otherRole });
      const year = yearOfDay(day);
      yield {
        id: `JQ-${year}-${padNumber(numbers.take(String(year)), 7)}`,
        reportedAt: anyTimeTimestamp(rng, day),
        category: kind.category,
        district: reporter.division.code,
        location: makeLocation(rng, reporter.division),
        summary: rng.pick(kind.summaries),
        involved,
      };
    }
  }
}

/** Fraud cases, walked by money mule (see population/fraud.ts). */
export function* fraudCaseRecords(world: World, tick: Tick): Generator<FraudCaseRecord> {
  yield* DEMO_FRAUD_CASES;
  for (let index = 0; index < world.persons; index++) {
    tick();
    if (!isMule(world, index)) continue;
    for (const story of fraudStoriesOfMule(world, index)) yield story.record;
  }
}

/** Permits for chemical enterprises still in business: one to three each. */
export function* precursorPermitRecords(world: World, tick: Tick): Generator<PrecursorPermitRecord> {
  yield* DEMO_PRECURSOR_PERMITS;
  const numbers = new SequenceCounter();
  for (let index = 0; index < world.enterprises; index++) {
    tick();
    const { record, division } = enterpriseFacts(world, index);
    if (record.status !== '存续' || (record.industry !== CHEMICAL_INDUSTRY && !record.name.includes('化工'))) continue;
    const rng = new Random(world.seed, STREAM.permits, index);
    const count = rng.int(1, 3);
    for (let permit = 0; permit < count; permit++) {
      const kind = rng.chance(0.65) ? '购买' : '运输';
      const [chemical, smallest, largest] = rng.weighted(PRECURSOR_CHEMICALS);
      const from = eventDay(rng, dayNumber(record.establishedOn));
      const year = yearOfDay(from);
      const sequence = numbers.take(`${kind}|${division.code}|${year}`);
      yield {
        permitNumber: `YZD${kind === '购买' ? 'G' : 'Y'}-${division.code}-${year}-${padNumber(sequence, 4)}`,
        creditCode: record.creditCode,
        kind,
        chemical,
        quantityKg: Math.round(rng.logUniform(smallest, largest) / 10) * 10,
        validFrom: formatDay(from),
        validUntil: formatDay(from + (kind === '购买' || rng.chance(0.5) ? 89 : 364)),
        district: division.code,
      };
    }
  }
}
