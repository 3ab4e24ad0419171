import type { World } from '../population/world';
import { courtCaseRecords } from '../records/court';
import { tableOf, type TableSpec } from './tableSpec';

const money = (value: number | null) => (value === null ? null : value.toFixed(2));

/** court tables in foreign-key order (subgraphs/court/migrations). */
export function courtTables(world: World): TableSpec[] {
  const cases = (tick: () => void) => courtCaseRecords(world, tick);
  return [
    tableOf(
      'cases',
      ['case_number', 'kind', 'cause_of_action', 'court', 'district', 'filed_at', 'status', 'claim_amount', 'judgment_amount'],
      world.persons,
      cases,
      (c) => [[c.caseNumber, c.kind, c.causeOfAction, c.court, c.district, c.filedAt, c.status, money(c.claimAmount), money(c.judgmentAmount)]],
    ),
    tableOf(
      'case_parties',
      ['case_number', 'role', 'id_number', 'credit_code'],
      world.persons,
      cases,
      (c) => c.parties.map((party) => [c.caseNumber, party.role, party.idNumber, party.creditCode]),
    ),
    tableOf(
      'dishonest_debtors',
      ['case_number', 'id_number', 'credit_code', 'listed_at'],
      world.persons,
      cases,
      (c) => c.dishonestDebtors.map((debtor) => [c.caseNumber, debtor.idNumber, debtor.creditCode, debtor.listedAt]),
    ),
  ];
}
