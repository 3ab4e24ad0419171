import type { GatewayErrorCode } from '../errors';
import type { CaseFile } from './caseFile';
import type { CaseKind } from './caseKinds';

/** The caller as the token says: which agency, which district. */
export interface CaseWorker {
  readonly agency?: string | undefined;
  readonly district?: string | undefined;
}

export type CaseStanding = { ok: true } | { ok: false; code: GatewayErrorCode; message: string };

const DIVISION_CODE = /^[0-9]{6}$/;

/**
 * Whether a district claim covers a division: a county (330110) covers itself, a city (330100) its
 * counties, a province (330000) its cities. Administrative division codes nest by their digits (GB/T 2260).
 */
export function districtCovers(claim: string | undefined, district: string): boolean {
  if (claim === undefined || !DIVISION_CODE.test(claim) || !DIVISION_CODE.test(district)) return false;
  if (claim.endsWith('0000')) return district.startsWith(claim.slice(0, 2));
  if (claim.endsWith('00')) return district.startsWith(claim.slice(0, 4));
  return claim === district;
}

/**
 * The decision on a case reference, pure: found (else CASE_NOT_FOUND), in the caller's jurisdiction — the
 * owning agency's staff, of the case's district (else CASE_OUT_OF_JURISDICTION) — and open (else
 * CASE_CLOSED). Jurisdiction is checked before status: someone else's case is not theirs to learn the
 * status of.
 */
export function caseStanding(kind: CaseKind, ref: string, file: CaseFile | undefined, worker: CaseWorker): CaseStanding {
  if (!file) return { ok: false, code: 'CASE_NOT_FOUND', message: `No ${kind.name} ${ref} is known to the ${kind.ownerAgency} service.` };
  if (worker.agency !== kind.ownerAgency || !districtCovers(worker.district, file.district)) {
    return outOfJurisdiction(kind, ref);
  }
  if (!kind.openStatuses.includes(file.status)) return { ok: false, code: 'CASE_CLOSED', message: `The ${kind.name} ${ref} is closed; nothing more is shared for it.` };
  return { ok: true };
}

/**
 * A reference that names a district (a dispute id: TJ-2025-330110-00001) the caller does not cover is out
 * of their jurisdiction whether or not it exists — which no lookup could tell a district-bound caller
 * anyway, since the agency hides other districts' rows from them. Checked before the case is looked up.
 */
export function referenceOutsideJurisdiction(kind: CaseKind, ref: string, worker: CaseWorker): CaseStanding | undefined {
  const named = kind.districtInReference?.exec(ref)?.[1];
  if (named === undefined || districtCovers(worker.district, named)) return undefined;
  return outOfJurisdiction(kind, ref);
}

function outOfJurisdiction(kind: CaseKind, ref: string): CaseStanding {
  return {
    ok: false,
    code: 'CASE_OUT_OF_JURISDICTION',
    message: `The ${kind.name} ${ref} is not within your jurisdiction: it is worked by the ${kind.ownerAgency} service of its district.`,
  };
}
