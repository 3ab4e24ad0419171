import {
  DEMO_COMPLAINTS,
  DEMO_ENTERPRISES,
  DEMO_INSPECTIONS,
  DEMO_PENALTIES,
} from '../demoRecords';
import { cityShortName, localAuthorityName } from '../identifiers/divisions';
import { enterpriseFacts } from '../population/enterprises';
import { anyPerson, personIdentity } from '../population/persons';
import { STREAM } from '../population/streams';
import type { World } from '../population/world';
import { Random } from '../random';
import { anyTimeTimestamp, dayNumber, eventDay, formatDay, REFERENCE_DAY, yearOfDay } from '../time';
import {
  COMPLAINT_CATEGORIES,
  COMPLAINT_STATUSES,
  INSPECTION_NOTES,
  INSPECTION_RESULTS,
  VIOLATIONS,
} from '../vocabulary/market';
import { padNumber, SequenceCounter } from './sequence';
import type { ComplaintRecord, EnterpriseRecord, InspectionRecord, PenaltyRecord, Tick } from './types';

/**
 * Market supervision's records, per enterprise: registration, inspections (45 % of enterprises),
 * administrative penalties (4 %, far more after a failed inspection) and 12315 complaints (8 %).
 */
export interface EnterpriseFile {
  enterprise: EnterpriseRecord;
  inspections: readonly InspectionRecord[];
  penalties: readonly PenaltyRecord[];
  complaints: readonly ComplaintRecord[];
}

const COMPLAINT_KINDS = Object.keys(COMPLAINT_CATEGORIES);

export function* enterpriseFiles(world: World, tick: Tick): Generator<EnterpriseFile> {
  for (const enterprise of DEMO_ENTERPRISES) {
    const own = <T extends { creditCode: string }>(records: readonly T[]) =>
      records.filter((record) => record.creditCode === enterprise.creditCode);
    yield {
      enterprise,
      inspections: own(DEMO_INSPECTIONS),
      penalties: own(DEMO_PENALTIES),
      complaints: own(DEMO_COMPLAINTS),
    };
  }
  const numbers = new SequenceCounter();
  for (let index = 0; index < world.enterprises; index++) {
    tick();
    const { record, division } = enterpriseFacts(world, index);
    const rng = new Random(world.seed, STREAM.marketRecords, index);
    const established = dayNumber(record.establishedOn);
    const authority = localAuthorityName(division, '市场监督管理局');

    const inspections: InspectionRecord[] = [];
    const inspectionCount = rng.chance(0.45) ? rng.int(1, 2) : 0;
    for (let inspection = 0; inspection < inspectionCount; inspection++) {
      const day = eventDay(rng, established);
      const result = rng.weighted(INSPECTION_RESULTS);
      const year = yearOfDay(day);
      inspections.push({
        id: `JC-${year}-${division.code}-${padNumber(numbers.take(`JC|${year}|${division.code}`), 6)}`,
        creditCode: record.creditCode,
        inspectedAt: formatDay(day),
        inspectorUnit: authority,
        result,
        notes: rng.pick(INSPECTION_NOTES[result] ?? []),
      });
    }

    const penalties: PenaltyRecord[] = [];
    const failed = inspections.find((inspection) => inspection.result === '不合格');
    if (rng.chance(failed ? 0.6 : 0.04)) {
      const day = failed
        ? Math.min(REFERENCE_DAY, dayNumber(failed.inspectedAt) + rng.int(20, 90))
        : eventDay(rng, established);
      const year = yearOfDay(day);
      const prefix = `${cityShortName(division).charAt(0)}${division.name.charAt(0)}市监罚处〔${year}〕`;
      const [violation, smallest, largest] = rng.weighted(VIOLATIONS);
      penalties.push({
        decisionNumber: `${prefix}${numbers.take(prefix)}号`,
        creditCode: record.creditCode,
        decidedAt: formatDay(day),
        violation,
        penaltyAmount: Math.round(rng.logUniform(smallest, largest) / 100) * 100,
        authority,
      });
    }

    const complaints: ComplaintRecord[] = [];
    const complaintCount = rng.chance(0.08) ? rng.int(1, 3) : 0;
    for (let complaint = 0; complaint < complaintCount; complaint++) {
      const day = eventDay(rng, established);
      const year = yearOfDay(day);
      const category = rng.pick(COMPLAINT_KINDS);
      const complainant = rng.chance(0.75) ? anyPerson(world, rng) : undefined;
      complaints.push({
        id: `TS-${year}-${padNumber(numbers.take(`TS|${year}`), 7)}`,
        creditCode: record.creditCode,
        complainantIdNumber: complainant === undefined ? null : personIdentity(world, complainant).idNumber,
        receivedAt: anyTimeTimestamp(rng, day),
        category,
        content: rng.pick(COMPLAINT_CATEGORIES[category] ?? []),
        status: rng.weighted(COMPLAINT_STATUSES),
      });
    }

    yield { enterprise: record, inspections, penalties, complaints };
  }
}
