import { inJurisdiction, rowByKey, rowsByKey, type Database, type RowScope } from '@govgraph/subgraph-kit';

/*
 * Persons, incidents, fraud cases and permits each carry a district: every statement finding them adds the
 * caller's jurisdiction (`scope`, $2). An incident's involvements keep only persons the caller may see, so a
 * district-bound caller gets a shorter list rather than a person it cannot load. Payee accounts are only
 * read for a fraud case already found in scope.
 */

const PERSON = `id_number AS "idNumber", name, gender, birth_date AS "birthDate", ethnicity,
  registered_address AS "registeredAddress", current_address AS "currentAddress", phone, district`;
export const INCIDENT = `i.id, i.reported_at AS "reportedAt", i.category, i.district, i.location, i.summary`;
const FRAUD_CASE = `f.id, f.reported_at AS "reportedAt", f.victim_id_number AS "victimIdNumber",
  f.loss_amount AS "lossAmount", f.modus, f.status, f.district`;
const PERMIT = `p.permit_number AS "permitNumber", p.credit_code AS "creditCode", p.kind, p.chemical,
  p.quantity_kg AS "quantityKg", p.valid_from AS "validFrom", p.valid_until AS "validUntil", p.district`;

export interface PersonRow {
  idNumber: string;
  name: string;
  gender: string;
  birthDate: string;
  ethnicity: string;
  registeredAddress: string;
  currentAddress: string;
  phone: string;
  district: string;
}
export interface IncidentRow {
  id: string;
  reportedAt: string;
  category: string;
  district: string;
  location: string;
  summary: string;
}
export interface FraudCaseRow {
  id: string;
  reportedAt: string;
  victimIdNumber: string;
  lossAmount: number;
  modus: string;
  status: string;
  district: string;
}
export interface PermitRow {
  permitNumber: string;
  creditCode: string;
  kind: string;
  chemical: string;
  quantityKg: number;
  validFrom: string;
  validUntil: string;
  district: string;
}

export function createPoliceLoaders(db: Database, scope: RowScope) {
  return {
    personById: rowByKey<PersonRow & { key: string }>(
      db,
      `SELECT id_number AS key, ${PERSON} FROM persons WHERE id_number = ANY($1) AND ${inJurisdiction('district')}`,
      scope,
    ),
    incidentById: rowByKey<IncidentRow & { key: string }>(
      db,
      `SELECT i.id AS key, ${INCIDENT} FROM incidents i WHERE i.id = ANY($1) AND ${inJurisdiction('i.district')}`,
      scope,
    ),
    incidentsByPerson: rowsByKey<IncidentRow & { key: string }>(
      db,
      `SELECT ip.id_number AS key, ${INCIDENT} FROM incident_persons ip JOIN incidents i ON i.id = ip.incident_id
       WHERE ip.id_number = ANY($1) AND ${inJurisdiction('i.district')} ORDER BY i.reported_at DESC, i.id DESC`,
      scope,
    ),
    involvementsByIncident: rowsByKey<{ key: string; role: string; idNumber: string }>(
      db,
      `SELECT ip.incident_id AS key, ip.role, ip.id_number AS "idNumber" FROM incident_persons ip
       WHERE ip.incident_id = ANY($1)
         AND ($2::text IS NULL OR EXISTS (SELECT 1 FROM persons p WHERE p.id_number = ip.id_number AND p.district = $2))
       ORDER BY ip.id_number`,
      scope,
    ),
    fraudCaseById: rowByKey<FraudCaseRow & { key: string }>(
      db,
      `SELECT f.id AS key, ${FRAUD_CASE} FROM fraud_cases f WHERE f.id = ANY($1) AND ${inJurisdiction('f.district')}`,
      scope,
    ),
    fraudCasesByVictim: rowsByKey<FraudCaseRow & { key: string }>(
      db,
      `SELECT f.victim_id_number AS key, ${FRAUD_CASE} FROM fraud_cases f
       WHERE f.victim_id_number = ANY($1) AND ${inJurisdiction('f.district')} ORDER BY f.reported_at DESC, f.id DESC`,
      scope,
    ),
    payeeAccountsByFraudCase: rowsByKey<{ key: string; accountNumber: string }>(
      db,
      `SELECT fraud_case_id AS key, account_number AS "accountNumber" FROM fraud_case_payee_accounts
       WHERE fraud_case_id = ANY($1) ORDER BY amount DESC, account_number`,
    ),
    permitByNumber: rowByKey<PermitRow & { key: string }>(
      db,
      `SELECT p.permit_number AS key, ${PERMIT} FROM precursor_permits p
       WHERE p.permit_number = ANY($1) AND ${inJurisdiction('p.district')}`,
      scope,
    ),
    permitsByEnterprise: rowsByKey<PermitRow & { key: string }>(
      db,
      `SELECT p.credit_code AS key, ${PERMIT} FROM precursor_permits p
       WHERE p.credit_code = ANY($1) AND ${inJurisdiction('p.district')} ORDER BY p.valid_from DESC, p.permit_number`,
      scope,
    ),
  };
}

export type PoliceLoaders = ReturnType<typeof createPoliceLoaders>;
