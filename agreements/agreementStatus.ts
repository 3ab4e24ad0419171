/** What an agreement is at a moment: the gateway runs its operations only while IN_FORCE or EXPIRING. */
export type AgreementStatus = 'IN_FORCE' | 'EXPIRING' | 'EXPIRED' | 'REVOKED' | 'NOT_YET_VALID';

/** An agreement ending within this long is EXPIRING (still in force): time to ask for the next one. */
export const EXPIRING_WITHIN_MS = 30 * 86_400_000;

/** A revocation is never dated ahead: once recorded it wins, also over a `now` taken before it landed. */
export function agreementStatus(agreement: { validFrom: Date; validTo: Date; revokedAt: Date | null }, now: Date): AgreementStatus {
  if (agreement.revokedAt) return 'REVOKED';
  if (now.getTime() < agreement.validFrom.getTime()) return 'NOT_YET_VALID';
  if (now.getTime() >= agreement.validTo.getTime()) return 'EXPIRED';
  if (agreement.validTo.getTime() - now.getTime() <= EXPIRING_WITHIN_MS) return 'EXPIRING';
  return 'IN_FORCE';
}
