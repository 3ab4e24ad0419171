import type { Approval, SharingRequestSummary, Viewer } from './agreementQueries';

/**
 * Who may do what on the agreements pages, from the viewer's seats and roles. Only what the page offers:
 * the workflow API decides again on every mutation, with the identity it verified.
 */

export const OFFICER_ROLE = 'privacy-officer';
export const STEWARD_ROLE = 'data-steward';
const STEWARD_SEAT_PREFIX = `${STEWARD_ROLE}:`;

/** Which parts of the console a person's roles open: officers the audit and the agreements, stewards the agreements. */
export function consoleAccess(roles: readonly string[]): { audit: boolean; agreements: boolean } {
  const officer = roles.includes(OFFICER_ROLE);
  return { audit: officer, agreements: officer || roles.includes(STEWARD_ROLE) };
}

/** The approvals still waiting that this viewer may give (one seat each; a steward of two agencies fills two). */
export function openSeats(viewer: Viewer, request: Pick<SharingRequestSummary, 'status' | 'approvals'>): Approval[] {
  if (request.status !== 'PENDING') return [];
  return request.approvals.filter((approval) => approval.status === 'PENDING' && viewer.seats.includes(approval.seat));
}

/** The agencies whose data an agreement's operations read. */
export function agenciesRead(request: { operations: readonly { agencies: readonly string[] }[] }): string[] {
  return [...new Set(request.operations.flatMap((operation) => operation.agencies))].sort();
}

/** Revocation: a privacy officer, or a steward of an agency the agreement reads. */
export function mayRevoke(viewer: Viewer, request: { operations: readonly { agencies: readonly string[] }[] }): boolean {
  if (viewer.seats.includes(OFFICER_ROLE) || viewer.roles.includes(OFFICER_ROLE)) return true;
  const stewardOf = viewer.seats.filter((seat) => seat.startsWith(STEWARD_SEAT_PREFIX)).map((seat) => seat.slice(STEWARD_SEAT_PREFIX.length));
  return agenciesRead(request).some((agency) => stewardOf.includes(agency));
}

const DAY_MS = 86_400_000;
/** The window in which an agreement in force is shown as expiring. */
export const EXPIRING_WITHIN_DAYS = 30;

/** Whole days left until `validTo` (0 on its last day, negative once past). */
export function daysLeft(validTo: string, now: Date = new Date()): number {
  return Math.floor((new Date(validTo).getTime() - now.getTime()) / DAY_MS);
}

/** In force, and ending within the window: the agreements an application team must renew soon. */
export function expiresSoon(agreement: { status: string; validTo: string }, now: Date = new Date()): boolean {
  if (agreement.status === 'EXPIRING') return true;
  if (agreement.status !== 'IN_FORCE') return false;
  const left = daysLeft(agreement.validTo, now);
  return left >= 0 && left < EXPIRING_WITHIN_DAYS;
}
