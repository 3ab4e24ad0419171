import type { World } from '../population/world';
import { enterpriseFiles } from '../records/market';
import { tableOf, type TableSpec } from './tableSpec';

/** market tables in foreign-key order (subgraphs/market/migrations). */
export function marketTables(world: World): TableSpec[] {
  const files = (tick: () => void) => enterpriseFiles(world, tick);
  const units = world.enterprises;
  return [
    tableOf(
      'enterprises',
      ['credit_code', 'name', 'legal_rep_id_number', 'registered_capital', 'status', 'address', 'district', 'industry', 'established_on'],
      units,
      files,
      ({ enterprise: e }) => [[e.creditCode, e.name, e.legalRepIdNumber, e.registeredCapital.toFixed(2), e.status, e.address, e.district, e.industry, e.establishedOn]],
    ),
    tableOf(
      'inspections',
      ['id', 'credit_code', 'inspected_at', 'inspector_unit', 'result', 'notes'],
      units,
      files,
      (file) => file.inspections.map((i) => [i.id, i.creditCode, i.inspectedAt, i.inspectorUnit, i.result, i.notes]),
    ),
    tableOf(
      'administrative_penalties',
      ['decision_number', 'credit_code', 'decided_at', 'violation', 'penalty_amount', 'authority'],
      units,
      files,
      (file) => file.penalties.map((p) => [p.decisionNumber, p.creditCode, p.decidedAt, p.violation, p.penaltyAmount.toFixed(2), p.authority]),
    ),
    tableOf(
      'consumer_complaints',
      ['id', 'credit_code', 'complainant_id_number', 'received_at', 'category', 'content', 'status'],
      units,
      files,
      (file) => file.complaints.map((c) => [c.id, c.creditCode, c.complainantIdNumber, c.receivedAt, c.category, c.content, c.status]),
    ),
  ];
}
