import { inJurisdiction, rowByKey, type Database, type RowScope } from '@govgraph/subgraph-kit';

export interface MediationRow {
  disputeId: string;
  caseNumber: string;
  committee: string;
  /** YYYY-MM-DD. */
  acceptedOn: string;
  status: string;
  mediatorName: string;
  agreement: string | null;
  settlementAmount: number | null;
  judiciallyConfirmed: boolean;
  district: string;
}

const MEDIATION = `m.dispute_id AS "disputeId", m.case_number AS "caseNumber", m.committee, m.accepted_on AS "acceptedOn",
  m.status, m.mediator_name AS "mediatorName", m.agreement, m.settlement_amount AS "settlementAmount",
  m.judicially_confirmed AS "judiciallyConfirmed", m.district`;

/** One statement per batch of disputes, filtered by the caller's district (a grid worker sees its own). */
export function createMediationLoaders(db: Database, scope: RowScope) {
  return {
    mediationByDispute: rowByKey<MediationRow & { key: string }>(
      db,
      `SELECT m.dispute_id AS key, ${MEDIATION} FROM mediations m WHERE m.dispute_id = ANY($1) AND ${inJurisdiction('m.district')}`,
      scope,
    ),
  };
}

export type MediationLoaders = ReturnType<typeof createMediationLoaders>;
