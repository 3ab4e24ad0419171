import { PERSONAL_CLIENTS } from '../gateway/agreements/callerKind';
import { WorkflowError } from './workflowError';

/**
 * The workflow's rules, as pure functions over data: who holds which seat, which steps are allowed, and
 * what a request becomes. agreementStore.ts applies them inside its transactions.
 *
 * A request needs one approval per agency whose subgraph its operations read (seat `data-steward:<agency>`,
 * held by a user with the realm role `data-steward` and that `agency` claim) and one from a privacy officer
 * (seat `privacy-officer`, role `privacy-officer`). All seats approved → an agreement; any rejection → the
 * request is rejected with its reason.
 */
export const PRIVACY_OFFICER_SEAT = 'privacy-officer';
export const DATA_STEWARD_ROLE = 'data-steward';
export const PRIVACY_OFFICER_ROLE = 'privacy-officer';
/** The longest period one agreement may run: a longer need is asked for again, and reviewed again. */
export const MAX_AGREEMENT_DAYS = 731;
const DAY_MS = 86_400_000;

export type SeatStatus = 'PENDING' | 'APPROVED' | 'REJECTED';
export type Decision = 'APPROVE' | 'REJECT';

/** Who acts, from their verified token. */
export interface Actor {
  subject: string;
  username: string;
  roles: readonly string[];
  agency?: string | undefined;
  /** The token's azp: the application (or console) it was issued to. */
  clientId?: string | undefined;
}

export interface SeatState {
  seat: string;
  status: SeatStatus;
  /** The subject (`sub`) who decided the seat, once decided. */
  decidedBySubject?: string | null;
}

export interface RequestState {
  clientId: string;
  status: SeatStatus;
  approvals: readonly SeatState[];
  /** The username of whoever submitted it (the application's service account, or an official signed in to it). */
  submittedBy?: string;
}

/**
 * Whether the actor speaks in person: a token of the console or the CLI (the realm's personal clients).
 * A token issued to an application — its service account, or an official signed in to it — is held by
 * that application's code, which could use a steward's or officer's sign-in to decide or revoke without
 * them: governance acts are taken in person only. Unknown or absent azp: not in person (fail closed).
 */
export function actsInPerson(actor: Actor): boolean {
  return actor.clientId !== undefined && PERSONAL_CLIENTS.has(actor.clientId);
}

export function stewardSeat(agency: string): string {
  return `${DATA_STEWARD_ROLE}:${agency}`;
}

/** The agency a steward seat stands for; undefined for the privacy officer's. */
export function seatAgency(seat: string): string | undefined {
  return seat.startsWith(`${DATA_STEWARD_ROLE}:`) ? seat.slice(DATA_STEWARD_ROLE.length + 1) : undefined;
}

/** The seats a request reading `agencies` needs: each agency's steward (sorted), then the privacy officer. */
export function seatsFor(agencies: Iterable<string>): string[] {
  return [...[...new Set(agencies)].sort().map(stewardSeat), PRIVACY_OFFICER_SEAT];
}

/** The seats an actor holds: a steward only for the agency of their claim, never without one. */
export function seatsHeldBy(actor: Actor): string[] {
  const seats: string[] = [];
  if (actor.roles.includes(DATA_STEWARD_ROLE) && actor.agency) seats.push(stewardSeat(actor.agency));
  if (actor.roles.includes(PRIVACY_OFFICER_ROLE)) seats.push(PRIVACY_OFFICER_SEAT);
  return seats;
}

/** Whether the actor takes part in governing requests at all (a steward or a privacy officer). */
export function isGovernor(actor: Actor): boolean {
  return seatsHeldBy(actor).length > 0;
}

/** Requests and agreements an actor may see: all for a privacy officer, those reading their agency for a steward, its own for an application. */
export function maySee(actor: Actor, clientId: string, seats: readonly string[]): boolean {
  if (actor.roles.includes(PRIVACY_OFFICER_ROLE)) return true;
  if (actor.clientId === clientId) return true;
  const held = seatsHeldBy(actor);
  return seats.some((seat) => held.includes(seat));
}

/**
 * The seat this decision fills: a seat of the request the actor holds that is still pending — their
 * agency's steward seat before the privacy officer's, and never a second one: each seat is another
 * pair of eyes, so one person (holding both roles) fills one seat of a request, and whoever submitted
 * it fills none. Refused: an application deciding on its own request, a token issued to an application
 * (governance is in person, in the console or CLI), the submitter, an actor holding none of the
 * request's seats, a request already decided or seats already decided (CONFLICT), a rejection without
 * a reason.
 */
export function seatsToDecide(request: RequestState, actor: Actor, decision: Decision, reason: string | undefined): string[] {
  if (actor.clientId === request.clientId) {
    throw new WorkflowError('FORBIDDEN', 'An application cannot decide on its own data-sharing request: its data stewards and a privacy officer do.');
  }
  if (!actsInPerson(actor)) {
    throw new WorkflowError('FORBIDDEN', 'Data-sharing requests are decided in person: sign in to the govgraph console (or CLI), not through an application.');
  }
  if (request.submittedBy !== undefined && request.submittedBy === actor.username) {
    throw new WorkflowError('FORBIDDEN', 'You submitted this request (signed in to the application): its stewards and a privacy officer other than you decide it.');
  }
  const held = seatsHeldBy(actor);
  const mine = request.approvals.filter((approval) => held.includes(approval.seat));
  if (mine.length === 0) {
    // Not its seats: whoever holds none of them may not see the request, nor which agencies it reads.
    throw new WorkflowError('FORBIDDEN', 'You hold none of this request’s seats: the steward of each agency it reads and a privacy officer decide.', { yourSeats: held });
  }
  if (request.status !== 'PENDING') {
    throw new WorkflowError('CONFLICT', `The request is already ${request.status.toLowerCase()}: a decided request is not decided again. Submit a new request.`);
  }
  const pending = mine.filter((approval) => approval.status === 'PENDING');
  if (pending.length === 0) {
    throw new WorkflowError('CONFLICT', `Your seat (${mine.map((approval) => approval.seat).join(', ')}) has already decided this request.`);
  }
  const already = request.approvals.find((approval) => approval.status !== 'PENDING' && approval.decidedBySubject === actor.subject);
  if (already) {
    throw new WorkflowError('CONFLICT', `You already decided this request as ${already.seat}: its other seats are for other people.`);
  }
  if (decision === 'REJECT' && !reason?.trim()) {
    throw new WorkflowError('BAD_USER_INPUT', 'A rejection needs a reason: the application is told why.');
  }
  // One seat: the steward's (seatsFor lists them first) before the privacy officer's.
  const seat = pending.find((approval) => approval.seat !== PRIVACY_OFFICER_SEAT) ?? pending[0]!;
  return [seat.seat];
}

/** What a request is once its seats are as given: rejected on any rejection, approved when every seat approved. */
export function requestOutcome(approvals: readonly SeatState[]): SeatStatus {
  if (approvals.some((approval) => approval.status === 'REJECTED')) return 'REJECTED';
  if (approvals.length > 0 && approvals.every((approval) => approval.status === 'APPROVED')) return 'APPROVED';
  return 'PENDING';
}

export interface Period {
  validFrom: Date;
  validTo: Date;
}

/** The requested period, parsed and checked: ISO-8601 times, from before to, ending in the future, at most MAX_AGREEMENT_DAYS. */
export function checkPeriod(validFrom: string, validTo: string, now: Date): Period {
  const from = parseTime(validFrom, 'validFrom');
  const to = parseTime(validTo, 'validTo');
  if (!(from.getTime() < to.getTime())) throw new WorkflowError('BAD_USER_INPUT', 'validFrom must be before validTo.', { field: 'validTo' });
  if (to.getTime() <= now.getTime()) throw new WorkflowError('BAD_USER_INPUT', 'validTo is in the past: ask for a period that has not ended.', { field: 'validTo' });
  if (to.getTime() - from.getTime() > MAX_AGREEMENT_DAYS * DAY_MS) {
    throw new WorkflowError('BAD_USER_INPUT', `An agreement runs at most ${MAX_AGREEMENT_DAYS} days (two years): ask again when it ends.`, { field: 'validTo' });
  }
  return { validFrom: from, validTo: to };
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** Whether the calendar date exists: JavaScript rolls 2026-02-30 over to 2 March instead of refusing it. */
function calendarDateExists(text: string): boolean {
  const [year, month, day] = text.slice(0, 10).split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function parseTime(text: string, field: string): Date {
  const time = typeof text === 'string' && ISO_TIME.test(text) && calendarDateExists(text) ? new Date(text) : new Date(Number.NaN);
  if (Number.isNaN(time.getTime())) {
    throw new WorkflowError('BAD_USER_INPUT', `${field} must be an ISO-8601 date or time, e.g. 2026-01-01 or 2026-01-01T00:00:00Z.`, { field });
  }
  return time;
}

/** Who may revoke: a privacy officer, or the steward of an agency the agreement reads, in person; never the application itself. */
export function checkRevocation(agreement: { clientId: string; seats: readonly string[]; revokedAt: Date | null }, actor: Actor, reason: string): void {
  if (actor.clientId === agreement.clientId) {
    throw new WorkflowError('FORBIDDEN', 'An application does not revoke its own agreement: a privacy officer or a steward of an agency it reads does.');
  }
  if (!actsInPerson(actor)) {
    throw new WorkflowError('FORBIDDEN', 'Agreements are revoked in person: sign in to the govgraph console (or CLI), not through an application.');
  }
  const held = seatsHeldBy(actor);
  const may = held.includes(PRIVACY_OFFICER_SEAT) || agreement.seats.some((seat) => seat !== PRIVACY_OFFICER_SEAT && held.includes(seat));
  if (!may) throw new WorkflowError('FORBIDDEN', 'Only a privacy officer or the steward of an agency the agreement reads may revoke it.');
  if (agreement.revokedAt) throw new WorkflowError('CONFLICT', `The agreement was already revoked at ${agreement.revokedAt.toISOString()}.`);
  if (!reason.trim()) throw new WorkflowError('BAD_USER_INPUT', 'A revocation needs a reason: the application is told why.');
}
