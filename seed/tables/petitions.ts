import type { World } from '../population/world';
import { disputeRecords, petitionRecords } from '../records/petitions';
import { tableOf, type TableSpec } from './tableSpec';

/** petitions tables in foreign-key order (subgraphs/petitions/migrations). */
export function petitionsTables(world: World): TableSpec[] {
  const disputes = (tick: () => void) => disputeRecords(world, tick);
  return [
    tableOf(
      'petitions',
      ['id', 'received_at', 'channel', 'category', 'content', 'status', 'handling_unit', 'petitioner_id_number', 'respondent', 'repeat_count', 'district'],
      world.persons,
      (tick) => petitionRecords(world, tick),
      (p) => [[p.id, p.receivedAt, p.channel, p.category, p.content, p.status, p.handlingUnit, p.petitionerIdNumber, p.respondent, p.repeatCount, p.district]],
    ),
    tableOf(
      'disputes',
      ['id', 'registered_at', 'module', 'complexity_grade', 'summary', 'mediator', 'outcome', 'district'],
      world.persons,
      disputes,
      (d) => [[d.id, d.registeredAt, d.module, d.complexityGrade, d.summary, d.mediator, d.outcome, d.district]],
    ),
    tableOf(
      'dispute_parties',
      ['dispute_id', 'id_number', 'role'],
      world.persons,
      disputes,
      (d) => d.parties.map((party) => [d.id, party.idNumber, party.role]),
    ),
  ];
}
