import { inJurisdiction, rowByKey, rowsByKey, type Database, type RowScope } from '@govgraph/subgraph-kit';

/*
 * Enterprises are read through `enterprises e`, so the jurisdiction filter for district-bound roles is one
 * more condition on `e.district` (`scope`, $2). Inspections, penalties and complaints are only read for an
 * enterprise already found that way.
 */
export const ENTERPRISE = `e.credit_code AS "creditCode", e.name, e.legal_rep_id_number AS "legalRepIdNumber",
  e.registered_capital AS "registeredCapital", e.status, e.address, e.district, e.industry,
  e.established_on AS "establishedOn"`;
const INSPECTION = `i.id, i.inspected_at AS "inspectedAt", i.inspector_unit AS "inspectorUnit", i.result, i.notes`;
const PENALTY = `p.decision_number AS "decisionNumber", p.decided_at AS "decidedAt", p.violation,
  p.penalty_amount AS "penaltyAmount", p.authority`;
const COMPLAINT = `c.id, c.received_at AS "receivedAt", c.category, c.content, c.status,
  c.complainant_id_number AS "complainantIdNumber"`;

export interface EnterpriseRow {
  creditCode: string;
  name: string;
  legalRepIdNumber: string;
  registeredCapital: number;
  status: string;
  address: string;
  district: string;
  industry: string;
  /** 'YYYY-MM-DD'. */
  establishedOn: string;
}
export interface InspectionRow {
  id: string;
  inspectedAt: string;
  inspectorUnit: string;
  result: string;
  notes: string;
}
export interface PenaltyRow {
  decisionNumber: string;
  decidedAt: string;
  violation: string;
  penaltyAmount: number;
  authority: string;
}
export interface ComplaintRow {
  id: string;
  /** ISO timestamp (UTC). */
  receivedAt: string;
  category: string;
  content: string;
  status: string;
  /** Anonymous complaints have none. */
  complainantIdNumber: string | null;
}

export function createMarketLoaders(db: Database, scope: RowScope) {
  return {
    enterpriseByCode: rowByKey<EnterpriseRow & { key: string }>(
      db,
      `SELECT e.credit_code AS key, ${ENTERPRISE} FROM enterprises e WHERE e.credit_code = ANY($1) AND ${inJurisdiction('e.district')}`,
      scope,
    ),
    enterprisesByLegalRep: rowsByKey<EnterpriseRow & { key: string }>(
      db,
      `SELECT e.legal_rep_id_number AS key, ${ENTERPRISE} FROM enterprises e
       WHERE e.legal_rep_id_number = ANY($1) AND ${inJurisdiction('e.district')} ORDER BY e.credit_code`,
      scope,
    ),
    inspectionsByEnterprise: rowsByKey<InspectionRow & { key: string }>(
      db,
      `SELECT i.credit_code AS key, ${INSPECTION} FROM inspections i
       WHERE i.credit_code = ANY($1) ORDER BY i.inspected_at DESC, i.id DESC`,
    ),
    penaltiesByEnterprise: rowsByKey<PenaltyRow & { key: string }>(
      db,
      `SELECT p.credit_code AS key, ${PENALTY} FROM administrative_penalties p
       WHERE p.credit_code = ANY($1) ORDER BY p.decided_at DESC, p.decision_number DESC`,
    ),
    complaintsByEnterprise: rowsByKey<ComplaintRow & { key: string }>(
      db,
      `SELECT c.credit_code AS key, ${COMPLAINT} FROM consumer_complaints c
       WHERE c.credit_code = ANY($1) ORDER BY c.received_at DESC, c.id DESC`,
    ),
  };
}

export type MarketLoaders = ReturnType<typeof createMarketLoaders>;
