import { inJurisdiction, rowByKey, rowsByKey, type Database, type RowScope } from '@govgraph/subgraph-kit';

/*
 * Petitions are read through `petitions p` and disputes through `disputes d`, so the row-level
 * jurisdiction filter for district-bound roles (grid workers) is one more condition on `p.district` /
 * `d.district` in each statement (`scope`, $2). Dispute parties are only read for a dispute already found.
 */
export const PETITION = `p.id, p.received_at AS "receivedAt", p.channel, p.category, p.content, p.status,
  p.handling_unit AS "handlingUnit", p.petitioner_id_number AS "petitionerIdNumber", p.respondent,
  p.repeat_count AS "repeatCount", p.district`;
const DISPUTE = `d.id, d.registered_at AS "registeredAt", d.module, d.complexity_grade AS "complexityGrade",
  d.summary, d.mediator, d.outcome, d.district`;

export interface PetitionRow {
  id: string;
  /** ISO timestamp (UTC). */
  receivedAt: string;
  channel: string;
  category: string;
  content: string;
  status: string;
  handlingUnit: string;
  petitionerIdNumber: string;
  respondent: string;
  repeatCount: number;
  district: string;
}

export interface DisputeRow {
  id: string;
  registeredAt: string;
  module: string;
  complexityGrade: string;
  summary: string;
  mediator: string;
  outcome: string;
  district: string;
}

export function createPetitionsLoaders(db: Database, scope: RowScope) {
  return {
    petitionById: rowByKey<PetitionRow & { key: string }>(
      db,
      `SELECT p.id AS key, ${PETITION} FROM petitions p WHERE p.id = ANY($1) AND ${inJurisdiction('p.district')}`,
      scope,
    ),
    petitionsByPetitioner: rowsByKey<PetitionRow & { key: string }>(
      db,
      `SELECT p.petitioner_id_number AS key, ${PETITION} FROM petitions p
       WHERE p.petitioner_id_number = ANY($1) AND ${inJurisdiction('p.district')}
       ORDER BY p.received_at DESC, p.id DESC`,
      scope,
    ),
    disputeById: rowByKey<DisputeRow & { key: string }>(
      db,
      `SELECT d.id AS key, ${DISPUTE} FROM disputes d WHERE d.id = ANY($1) AND ${inJurisdiction('d.district')}`,
      scope,
    ),
    disputesByPerson: rowsByKey<DisputeRow & { key: string }>(
      db,
      `SELECT dp.id_number AS key, ${DISPUTE} FROM dispute_parties dp JOIN disputes d ON d.id = dp.dispute_id
       WHERE dp.id_number = ANY($1) AND ${inJurisdiction('d.district')} ORDER BY d.registered_at DESC, d.id DESC`,
      scope,
    ),
    partiesByDispute: rowsByKey<{ key: string; role: string; idNumber: string }>(
      db,
      `SELECT dispute_id AS key, role, id_number AS "idNumber" FROM dispute_parties
       WHERE dispute_id = ANY($1) ORDER BY role, id_number`,
    ),
  };
}

export type PetitionsLoaders = ReturnType<typeof createPetitionsLoaders>;
