import { agreementStatus, EXPIRING_WITHIN_MS } from '../../agreements/agreementStatus';
import {
  checkPeriod,
  checkRevocation,
  MAX_AGREEMENT_DAYS,
  maySee,
  requestOutcome,
  seatAgency,
  seatsFor,
  seatsHeldBy,
  seatsToDecide,
  type Actor,
  type RequestState,
} from '../../agreements/workflow';
import { WorkflowError } from '../../agreements/workflowError';

const steward = (agency: string): Actor => ({ subject: `s-${agency}`, username: `steward.${agency}`, roles: ['data-steward'], agency, clientId: 'govgraph-console' });
const officer: Actor = { subject: 'o', username: 'officer.qian', roles: ['privacy-officer'], agency: 'data-bureau', clientId: 'govgraph-console' };
const application: Actor = { subject: 'a', username: 'service-account-app-anti-fraud', roles: ['police-investigator'], agency: 'police', clientId: 'app-anti-fraud' };

const pending = (...seats: string[]): RequestState => ({ clientId: 'app-anti-fraud', status: 'PENDING', approvals: seats.map((seat) => ({ seat, status: 'PENDING' })) });

function refusal(run: () => unknown): WorkflowError {
  try {
    run();
  } catch (error) {
    if (error instanceof WorkflowError) return error;
    throw error;
  }
  throw new Error('expected a WorkflowError');
}

describe('seats', () => {
  it('one steward seat per agency read, sorted and without repeats, then the privacy officer', () => {
    expect(seatsFor(['police', 'bank', 'police', 'market'])).toEqual(['data-steward:bank', 'data-steward:market', 'data-steward:police', 'privacy-officer']);
    expect(seatsFor([])).toEqual(['privacy-officer']);
    expect(seatAgency('data-steward:bank')).toBe('bank');
    expect(seatAgency('privacy-officer')).toBeUndefined();
  });

  it('a steward holds the seat of the agency in their claim only, and none without a claim', () => {
    expect(seatsHeldBy(steward('police'))).toEqual(['data-steward:police']);
    expect(seatsHeldBy({ ...steward('police'), agency: undefined })).toEqual([]);
    expect(seatsHeldBy(officer)).toEqual(['privacy-officer']);
    // Roles, not names: a police investigator of the police holds no steward seat.
    expect(seatsHeldBy(application)).toEqual([]);
  });

  it('a request is seen by the privacy officer, the stewards of its seats and its own application only', () => {
    const seats = seatsFor(['police', 'bank']);
    expect(maySee(officer, 'app-anti-fraud', seats)).toBe(true);
    expect(maySee(steward('bank'), 'app-anti-fraud', seats)).toBe(true);
    expect(maySee(steward('court'), 'app-anti-fraud', seats)).toBe(false);
    expect(maySee(application, 'app-anti-fraud', seats)).toBe(true);
    expect(maySee({ ...application, clientId: 'app-risk-card' }, 'app-anti-fraud', seats)).toBe(false);
  });
});

describe('deciding', () => {
  const request = pending('data-steward:bank', 'data-steward:police', 'privacy-officer');

  it('a steward decides their own agency’s seat; the privacy officer the privacy seat', () => {
    expect(seatsToDecide(request, steward('police'), 'APPROVE', undefined)).toEqual(['data-steward:police']);
    expect(seatsToDecide(request, officer, 'APPROVE', undefined)).toEqual(['privacy-officer']);
  });

  it('a steward of an agency the request does not read is refused FORBIDDEN', () => {
    const error = refusal(() => seatsToDecide(request, steward('court'), 'APPROVE', undefined));
    expect(error.code).toBe('FORBIDDEN');
    expect(error.details).toMatchObject({ yourSeats: ['data-steward:court'] });
  });

  it('the application cannot decide on its own request, even holding a seat', () => {
    const selfApproving: Actor = { ...application, roles: ['data-steward', 'privacy-officer'] };
    expect(refusal(() => seatsToDecide(request, selfApproving, 'APPROVE', undefined)).code).toBe('FORBIDDEN');
  });

  it('deciding twice, or a decided request, is a CONFLICT', () => {
    const decided: RequestState = { ...request, approvals: request.approvals.map((approval) => (approval.seat === 'data-steward:police' ? { ...approval, status: 'APPROVED' } : approval)) };
    expect(refusal(() => seatsToDecide(decided, steward('police'), 'REJECT', 'changed my mind')).code).toBe('CONFLICT');
    expect(refusal(() => seatsToDecide({ ...request, status: 'REJECTED' }, officer, 'APPROVE', undefined)).code).toBe('CONFLICT');
  });

  it('a rejection needs a reason', () => {
    expect(refusal(() => seatsToDecide(request, steward('bank'), 'REJECT', '  ')).code).toBe('BAD_USER_INPUT');
    expect(seatsToDecide(request, steward('bank'), 'REJECT', 'not necessary')).toEqual(['data-steward:bank']);
  });

  it('all seats approved → approved; any rejection → rejected; otherwise pending', () => {
    expect(requestOutcome([{ seat: 'a', status: 'APPROVED' }, { seat: 'b', status: 'PENDING' }])).toBe('PENDING');
    expect(requestOutcome([{ seat: 'a', status: 'APPROVED' }, { seat: 'b', status: 'APPROVED' }])).toBe('APPROVED');
    expect(requestOutcome([{ seat: 'a', status: 'REJECTED' }, { seat: 'b', status: 'PENDING' }])).toBe('REJECTED');
    expect(requestOutcome([])).toBe('PENDING');
  });
});

describe('the period', () => {
  const now = new Date('2026-12-01T00:00:00Z');

  it('parses ISO-8601 dates and times', () => {
    expect(checkPeriod('2026-12-01', '2027-12-01T00:00:00+08:00', now)).toEqual({
      validFrom: new Date('2026-12-01T00:00:00Z'),
      validTo: new Date('2027-11-30T16:00:00Z'),
    });
  });

  it.each([
    ['not a date', 'yesterday', '2027-01-01', /validFrom must be an ISO-8601/],
    ['a date that does not exist', '2026-02-30T00:00:00Z', '2027-01-01', /validFrom must be an ISO-8601/],
    ['from after to', '2027-06-01', '2027-01-01', /before validTo/],
    ['from equal to', '2027-01-01', '2027-01-01', /before validTo/],
    ['ended already', '2025-01-01', '2026-06-01', /in the past/],
    ['longer than two years', '2026-12-01', '2029-01-01', new RegExp(`at most ${MAX_AGREEMENT_DAYS} days`)],
  ])('refuses %s', (_case, from, to, message) => {
    const error = refusal(() => checkPeriod(from, to, now));
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.message).toMatch(message);
  });
});

describe('revoking', () => {
  const agreement = { clientId: 'app-anti-fraud', seats: seatsFor(['police', 'bank']), revokedAt: null };

  it('the privacy officer and the stewards of the agencies it reads may revoke; nobody else', () => {
    expect(() => checkRevocation(agreement, officer, 'misuse')).not.toThrow();
    expect(() => checkRevocation(agreement, steward('bank'), 'misuse')).not.toThrow();
    expect(refusal(() => checkRevocation(agreement, steward('court'), 'misuse')).code).toBe('FORBIDDEN');
    expect(refusal(() => checkRevocation(agreement, application, 'done')).code).toBe('FORBIDDEN');
  });

  it('twice is a CONFLICT; without a reason BAD_USER_INPUT', () => {
    expect(refusal(() => checkRevocation({ ...agreement, revokedAt: new Date() }, officer, 'again')).code).toBe('CONFLICT');
    expect(refusal(() => checkRevocation(agreement, officer, ' ')).code).toBe('BAD_USER_INPUT');
  });
});

describe('agreementStatus', () => {
  const now = new Date('2026-12-01T00:00:00Z');
  const day = 86_400_000;
  const of = (fromDays: number, toDays: number, revokedAt: Date | null = null) =>
    agreementStatus({ validFrom: new Date(now.getTime() + fromDays * day), validTo: new Date(now.getTime() + toDays * day), revokedAt }, now);

  it('in force, expiring within 30 days, expired at validTo, not yet valid before validFrom, revoked above all', () => {
    expect(of(-1, 100)).toBe('IN_FORCE');
    expect(of(-1, EXPIRING_WITHIN_MS / day)).toBe('EXPIRING');
    expect(of(-10, 0)).toBe('EXPIRED');
    expect(of(1, 100)).toBe('NOT_YET_VALID');
    expect(of(-1, 100, new Date(now.getTime() - 1))).toBe('REVOKED');
    expect(of(1, 100, new Date(now.getTime() - 1))).toBe('REVOKED');
  });
});
