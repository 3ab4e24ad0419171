import type { Database } from '../subgraphs/kit/database';
import { seatAgency } from './workflow';

/**
 * The agencies each agreement was approved by: the steward seats of its request, all approved when the
 * agreement was made. An agreement's operations may read these agencies and no other; the registry
 * refuses a schema change that would route one elsewhere (registry/checks/agreedAgenciesCheck.ts).
 * Every agreement ever made is a key (an agreement reading no agency has an empty list).
 */
export async function loadAgreementAgencies(db: Database): Promise<Map<string, string[]>> {
  const rows = await db.query<{ agreement_id: string; seat: string | null }>(
    `SELECT a.id AS agreement_id, s.seat
       FROM agreements a LEFT JOIN approvals s ON s.request_id = a.request_id AND s.status = 'APPROVED'
      ORDER BY a.id, s.seat`,
  );
  const agencies = new Map<string, string[]>();
  for (const row of rows) {
    const list = agencies.get(row.agreement_id) ?? [];
    agencies.set(row.agreement_id, list);
    const agency = row.seat === null ? undefined : seatAgency(row.seat);
    if (agency !== undefined) list.push(agency);
  }
  return agencies;
}
