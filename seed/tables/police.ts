import type { World } from '../population/world';
import { fraudCaseRecords, incidentRecords, personRecords, precursorPermitRecords } from '../records/police';
import { tableOf, type TableSpec } from './tableSpec';

/** police tables in foreign-key order (subgraphs/police/migrations). */
export function policeTables(world: World): TableSpec[] {
  const persons = world.persons;
  return [
    tableOf(
      'persons',
      ['id_number', 'name', 'gender', 'birth_date', 'ethnicity', 'registered_address', 'current_address', 'phone', 'district'],
      persons,
      (tick) => personRecords(world, tick),
      (p) => [[p.idNumber, p.name, p.gender, p.birthDate, p.ethnicity, p.registeredAddress, p.currentAddress, p.phone, p.district]],
    ),
    tableOf(
      'incidents',
      ['id', 'reported_at', 'category', 'district', 'location', 'summary'],
      persons,
      (tick) => incidentRecords(world, tick),
      (i) => [[i.id, i.reportedAt, i.category, i.district, i.location, i.summary]],
    ),
    tableOf(
      'incident_persons',
      ['incident_id', 'id_number', 'role'],
      persons,
      (tick) => incidentRecords(world, tick),
      (i) => i.involved.map((person) => [i.id, person.idNumber, person.role]),
    ),
    tableOf(
      'fraud_cases',
      ['id', 'reported_at', 'victim_id_number', 'loss_amount', 'modus', 'status', 'district'],
      persons,
      (tick) => fraudCaseRecords(world, tick),
      (f) => [[f.id, f.reportedAt, f.victimIdNumber, f.lossAmount.toFixed(2), f.modus, f.status, f.district]],
    ),
    tableOf(
      'fraud_case_payee_accounts',
      ['fraud_case_id', 'account_number', 'amount'],
      persons,
      (tick) => fraudCaseRecords(world, tick),
      (f) => f.payees.map((payee) => [f.id, payee.accountNumber, payee.amount.toFixed(2)]),
    ),
    tableOf(
      'precursor_permits',
      ['permit_number', 'credit_code', 'kind', 'chemical', 'quantity_kg', 'valid_from', 'valid_until', 'district'],
      world.enterprises,
      (tick) => precursorPermitRecords(world, tick),
      (p) => [[p.permitNumber, p.creditCode, p.kind, p.chemical, p.quantityKg.toFixed(2), p.validFrom, p.validUntil, p.district]],
    ),
  ];
}
