import type { Approval, Viewer } from '../../web/src/console/agreementQueries';
import { agenciesRead, consoleAccess, daysLeft, expiresSoon, mayRevoke, openSeats } from '../../web/src/console/agreementSeats';

/** What the agreements pages offer to whom: the decision form, revocation, the highlighted expiring agreements. */
const viewer = (seats: string[], roles: string[] = []): Viewer => ({ username: 'someone', roles, agency: null, seats });
const approval = (seat: string, status: Approval['status']): Approval => ({ seat, role: seat.split(':')[0]!, agency: seat.split(':')[1] ?? null, status, decidedBy: null, decidedAt: null, reason: null });
const request = (status: Approval['status'], approvals: Approval[]) => ({ status, approvals });

describe('consoleAccess', () => {
  it('opens the audit pages to officers only and the agreements to officers and stewards', () => {
    expect(consoleAccess(['privacy-officer'])).toEqual({ audit: true, agreements: true });
    expect(consoleAccess(['data-steward'])).toEqual({ audit: false, agreements: true });
    expect(consoleAccess(['mediator', 'grid-worker'])).toEqual({ audit: false, agreements: false });
    expect(consoleAccess([])).toEqual({ audit: false, agreements: false });
  });
});

describe('openSeats', () => {
  const approvals = [approval('data-steward:police', 'PENDING'), approval('data-steward:petitions', 'APPROVED'), approval('privacy-officer', 'PENDING')];
  it('offers the viewer only its own undecided seats', () => {
    expect(openSeats(viewer(['data-steward:police']), request('PENDING', approvals)).map((seat) => seat.seat)).toEqual(['data-steward:police']);
    expect(openSeats(viewer(['privacy-officer']), request('PENDING', approvals)).map((seat) => seat.seat)).toEqual(['privacy-officer']);
  });
  it('offers nothing for a seat already decided, another agency’s seat, or a request no longer pending', () => {
    expect(openSeats(viewer(['data-steward:petitions']), request('PENDING', approvals))).toEqual([]);
    expect(openSeats(viewer(['data-steward:bank']), request('PENDING', approvals))).toEqual([]);
    expect(openSeats(viewer(['data-steward:police']), request('REJECTED', approvals))).toEqual([]);
  });
  it('does not take a role for a seat: a steward without the agency’s seat decides nothing', () => {
    expect(openSeats(viewer([], ['data-steward']), request('PENDING', approvals))).toEqual([]);
  });
});

describe('mayRevoke', () => {
  const agreementRequest = { operations: [{ agencies: ['police', 'petitions'] }, { agencies: ['court'] }] };
  it('lets an officer and the steward of an agency read revoke, and no one else', () => {
    expect(agenciesRead(agreementRequest)).toEqual(['court', 'petitions', 'police']);
    expect(mayRevoke(viewer(['privacy-officer']), agreementRequest)).toBe(true);
    expect(mayRevoke(viewer(['data-steward:court']), agreementRequest)).toBe(true);
    expect(mayRevoke(viewer(['data-steward:bank']), agreementRequest)).toBe(false);
    expect(mayRevoke(viewer(['data-steward:courthouse']), agreementRequest)).toBe(false);
  });
});

describe('expiresSoon', () => {
  const now = new Date('2026-12-01T12:00:00Z');
  const at = (days: number) => new Date(now.getTime() + days * 86_400_000).toISOString();
  it('marks agreements in force that end within 30 days, and those the API calls expiring', () => {
    expect(expiresSoon({ status: 'IN_FORCE', validTo: at(29.5) }, now)).toBe(true);
    expect(expiresSoon({ status: 'IN_FORCE', validTo: at(0.5) }, now)).toBe(true);
    expect(expiresSoon({ status: 'IN_FORCE', validTo: at(30) }, now)).toBe(false);
    expect(expiresSoon({ status: 'IN_FORCE', validTo: at(365) }, now)).toBe(false);
    expect(expiresSoon({ status: 'EXPIRING', validTo: at(20) }, now)).toBe(true);
  });
  it('does not mark what is not in force', () => {
    expect(expiresSoon({ status: 'REVOKED', validTo: at(5) }, now)).toBe(false);
    expect(expiresSoon({ status: 'EXPIRED', validTo: at(-1) }, now)).toBe(false);
    expect(expiresSoon({ status: 'NOT_YET_VALID', validTo: at(5) }, now)).toBe(false);
    expect(daysLeft(at(-1), now)).toBe(-1);
  });
});
