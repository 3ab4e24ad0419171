/**
 * Row-level jurisdiction: which rows a caller may see, by administrative division. Roles bound to a place
 * (a grid worker, 网格员, works one district) see only rows of the district in their `district` claim; every
 * other role sees all districts. The subgraphs enforce the answer in SQL, so rows outside it never leave
 * the agency's database.
 */

/** Realm roles whose holders are bound to the district in their token's `district` claim. */
export const DISTRICT_BOUND_ROLES: readonly string[] = Object.freeze(['grid-worker']);

/** `district: null` — every district; otherwise only rows whose district is exactly this one. */
export interface RowScope {
  readonly district: string | null;
}

export const ALL_DISTRICTS: RowScope = Object.freeze({ district: null });

/**
 * Matches no row: longer than any 6-character division code and not a code at all, so `district = …`
 * holds for no row. What a district-bound caller gets without a well-formed district claim.
 */
export const NO_DISTRICT: RowScope = Object.freeze({ district: '(no district)' });

const DIVISION_CODE = /^[0-9]{6}$/;

/**
 * The rows a caller may see. Any district-bound role binds the caller, whatever else they hold (the
 * narrower reading wins); a bound caller without a 6-digit district claim sees nothing (fail closed).
 */
export function rowScopeFor(subject: { readonly roles: readonly string[]; readonly district?: string | undefined }): RowScope {
  if (!subject.roles.some((role) => DISTRICT_BOUND_ROLES.includes(role))) return ALL_DISTRICTS;
  const district = subject.district;
  return district !== undefined && DIVISION_CODE.test(district) ? Object.freeze({ district }) : NO_DISTRICT;
}
