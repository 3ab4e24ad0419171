/**
 * The SQL side of row-level jurisdiction (policies/jurisdiction.ts decides the scope). A statement reading
 * rows that carry a district adds `inJurisdiction('alias.district')`; its parameter carries
 * `RowScope.district` (null: every district). The condition stays in the one statement of each batch, so
 * filtering costs no extra round trip, and PostgreSQL folds `$2::text IS NULL` away for unrestricted callers.
 */

/** `($n::text IS NULL OR column = $n)`: the row is in the caller's district, or the caller is unrestricted. */
export function inJurisdiction(column: string, parameter = 2): string {
  return `($${parameter}::text IS NULL OR ${column} = $${parameter})`;
}

/**
 * For rows that carry no district (bank accounts, suspicious-transaction reports): only an unrestricted
 * caller sees them. A district-bound caller cannot be told which district such a row belongs to, so it
 * gets none (fail closed).
 */
export function unrestrictedOnly(parameter = 2): string {
  return `$${parameter}::text IS NULL`;
}
