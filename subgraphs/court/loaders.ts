import { inJurisdiction, rowByKey, rowsByKey, type Database, type RowScope } from '@govgraph/subgraph-kit';

/*
 * Statements that find cases read them through `cases c`, so the row-level jurisdiction filter for
 * district-bound roles (`inJurisdiction('c.district')`, $2) is one more condition on `c` in each. Parties
 * are only read for a case already found that way.
 */
export const CASE = `c.case_number AS "caseNumber", c.kind, c.cause_of_action AS "causeOfAction", c.court,
  c.district, c.filed_at AS "filedAt", c.status, c.claim_amount AS "claimAmount", c.judgment_amount AS "judgmentAmount"`;

export interface CaseRow {
  caseNumber: string;
  kind: string;
  causeOfAction: string;
  court: string;
  district: string;
  /** 'YYYY-MM-DD' (the kit keeps DATE as text). */
  filedAt: string;
  status: string;
  claimAmount: number | null;
  judgmentAmount: number | null;
}

/** One row of `case_parties`: exactly one of idNumber / creditCode is set (a CHECK guarantees it). */
export interface CasePartyRow {
  role: string;
  idNumber: string | null;
  creditCode: string | null;
}

// Roles in the order a judgment lists them; unknown roles go last. case_parties has no ordering column.
const PARTY_ORDER = `array_position(ARRAY['原告', '申请执行人', '被告', '被执行人', '第三人']::text[], cp.role)`;

/**
 * A person's or enterprise's cases, newest first. The DISTINCT sub-select keeps a case once even if
 * the party is listed in it twice (case_parties has no unique constraint).
 */
function casesByParty(column: 'id_number' | 'credit_code'): string {
  return `SELECT cp.key, ${CASE}
    FROM (SELECT DISTINCT ${column} AS key, case_number FROM case_parties WHERE ${column} = ANY($1)) cp
    JOIN cases c ON c.case_number = cp.case_number
    WHERE ${inJurisdiction('c.district')}
    ORDER BY c.filed_at DESC, c.case_number DESC`;
}

/** Listed parties: one row per listed key, so a missing row means "not listed". */
function listedDebtors(column: 'id_number' | 'credit_code'): string {
  return `SELECT DISTINCT ${column} AS key FROM dishonest_debtors WHERE ${column} = ANY($1)`;
}

export function createCourtLoaders(db: Database, scope: RowScope) {
  return {
    caseByNumber: rowByKey<CaseRow & { key: string }>(
      db,
      `SELECT c.case_number AS key, ${CASE} FROM cases c WHERE c.case_number = ANY($1) AND ${inJurisdiction('c.district')}`,
      scope,
    ),
    partiesByCase: rowsByKey<CasePartyRow & { key: string }>(
      db,
      `SELECT cp.case_number AS key, cp.role, cp.id_number AS "idNumber", cp.credit_code AS "creditCode"
       FROM case_parties cp WHERE cp.case_number = ANY($1)
       ORDER BY ${PARTY_ORDER} NULLS LAST, cp.role, cp.id_number NULLS LAST, cp.credit_code NULLS LAST`,
    ),
    casesByPerson: rowsByKey<CaseRow & { key: string }>(db, casesByParty('id_number'), scope),
    casesByEnterprise: rowsByKey<CaseRow & { key: string }>(db, casesByParty('credit_code'), scope),
    // The 失信被执行人 list is published nationally, so jurisdiction does not narrow it (and a district-bound
    // caller must not read "not listed" where the truth is "listed elsewhere"); to narrow it, join `cases c` here.
    listedPerson: rowByKey<{ key: string }>(db, listedDebtors('id_number')),
    listedEnterprise: rowByKey<{ key: string }>(db, listedDebtors('credit_code')),
  };
}

export type CourtLoaders = ReturnType<typeof createCourtLoaders>;
