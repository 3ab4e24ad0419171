import { createAgreementStore, type AgreementStore } from '../../agreements/agreementStore';
import type { CheckedSubmission } from '../../agreements/submission';
import { actsInPerson, checkRevocation, seatsFor, seatsToDecide, type Actor, type RequestState } from '../../agreements/workflow';
import { WorkflowError } from '../../agreements/workflowError';
import { findPurpose } from '../../policies';
import { createAgreementsTestDatabase, type AgreementsTestDatabase } from './agreementsTestDatabase';

/**
 * Each seat of a request is another pair of eyes (issue 13: each agency's steward and a privacy
 * officer): a person holding both roles fills one seat, whoever submitted the request fills none, and
 * nobody decides or revokes through a token an application holds. Found by the red team
 * (test/system/agreementsRedTeam.test.ts proves the application-token case over HTTP; the demo realm
 * has no user holding two seats, so those cases are proven here, on the rules and on the real store).
 */

const policeStewardAndOfficer: Actor = {
  subject: 'sub-both',
  username: 'both.hats',
  roles: ['data-steward', 'privacy-officer'],
  agency: 'police',
  clientId: 'govgraph-console',
};
const officer: Actor = { subject: 'sub-officer', username: 'officer.qian', roles: ['privacy-officer'], agency: 'data-bureau', clientId: 'govgraph-console' };
const bankSteward: Actor = { subject: 'sub-bank', username: 'steward.bank', roles: ['data-steward'], agency: 'bank', clientId: 'govgraph-cli' };

const pending = (submittedBy = 'service-account-app-anti-fraud'): RequestState => ({
  clientId: 'app-anti-fraud',
  status: 'PENDING',
  submittedBy,
  approvals: seatsFor(['bank', 'police']).map((seat) => ({ seat, status: 'PENDING', decidedBySubject: null })),
});

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof WorkflowError) return error.code;
    throw error;
  }
  return 'no refusal';
}

describe('the rules', () => {
  it('a person holding a steward seat and the officer seat fills one: the steward seat first, then nothing more', () => {
    const request = pending();
    expect(seatsToDecide(request, policeStewardAndOfficer, 'APPROVE', undefined)).toEqual(['data-steward:police']);
    const after: RequestState = {
      ...request,
      approvals: request.approvals.map((approval) => (approval.seat === 'data-steward:police' ? { ...approval, status: 'APPROVED', decidedBySubject: 'sub-both' } : approval)),
    };
    expect(codeOf(() => seatsToDecide(after, policeStewardAndOfficer, 'APPROVE', undefined))).toBe('CONFLICT');
    expect(seatsToDecide(after, officer, 'APPROVE', undefined)).toEqual(['privacy-officer']);
  });

  it('whoever submitted the request decides none of its seats', () => {
    expect(codeOf(() => seatsToDecide(pending('steward.bank'), bankSteward, 'APPROVE', undefined))).toBe('FORBIDDEN');
    expect(seatsToDecide(pending(), bankSteward, 'APPROVE', undefined)).toEqual(['data-steward:bank']);
  });

  it('a token issued to an application (or with no azp) neither decides nor revokes', () => {
    const throughApp: Actor = { ...officer, clientId: 'app-risk-card' };
    const noAzp: Actor = { ...officer, clientId: undefined };
    expect(actsInPerson(officer)).toBe(true);
    expect(actsInPerson(bankSteward)).toBe(true);
    expect(actsInPerson(throughApp)).toBe(false);
    expect(actsInPerson(noAzp)).toBe(false);
    expect(codeOf(() => seatsToDecide(pending(), throughApp, 'APPROVE', undefined))).toBe('FORBIDDEN');
    expect(codeOf(() => seatsToDecide(pending(), noAzp, 'APPROVE', undefined))).toBe('FORBIDDEN');
    const agreement = { clientId: 'app-anti-fraud', seats: seatsFor(['police']), revokedAt: null };
    expect(codeOf(() => checkRevocation(agreement, throughApp, 'reason'))).toBe('FORBIDDEN');
    expect(codeOf(() => checkRevocation(agreement, officer, 'reason'))).toBe('no refusal');
  });
});

describe('on the real store', () => {
  let database: AgreementsTestDatabase;
  let store: AgreementStore;
  const submission = (): CheckedSubmission => ({
    title: 'two hats',
    justification: 'separation of duties',
    purpose: findPurpose('fraud-investigation')!,
    period: { validFrom: new Date(Date.now() - 60_000), validTo: new Date(Date.now() + 86_400_000) },
    operations: [
      { name: 'Brief', document: 'query Brief { __typename }', documentHash: 'a'.repeat(64), variables: [], agencies: ['bank', 'police'], fields: [] },
    ],
    agencies: ['bank', 'police'],
  });
  const application: Actor = { subject: 'sa', username: 'service-account-app-anti-fraud', roles: ['police-investigator'], agency: 'police', clientId: 'app-anti-fraud' };

  beforeAll(async () => {
    database = await createAgreementsTestDatabase('separation');
    store = createAgreementStore(database.db);
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('one person with both roles approves once; the agreement needs another officer', async () => {
    const request = await store.submit(submission(), 'app-anti-fraud', application);
    const first = await store.decide(request.id, policeStewardAndOfficer, 'APPROVE', undefined);
    expect(first.request.approvals.filter((approval) => approval.status === 'APPROVED').map((approval) => approval.seat)).toEqual(['data-steward:police']);
    await expect(store.decide(request.id, policeStewardAndOfficer, 'APPROVE', undefined)).rejects.toMatchObject({ code: 'CONFLICT' });
    await store.decide(request.id, bankSteward, 'APPROVE', undefined);
    const last = await store.decide(request.id, officer, 'APPROVE', undefined);
    expect(last.agreement?.approvers.sort()).toEqual(['both.hats', 'officer.qian', 'steward.bank']);
  });

  it('one person with both roles deciding twice at once still fills one seat', async () => {
    const request = await store.submit(submission(), 'app-anti-fraud', application);
    const outcomes = await Promise.allSettled([
      store.decide(request.id, policeStewardAndOfficer, 'APPROVE', undefined),
      store.decide(request.id, policeStewardAndOfficer, 'APPROVE', undefined),
    ]);
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((outcomes.find((outcome) => outcome.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({ code: 'CONFLICT' });
    const decided = await database.db.query<{ seat: string }>("SELECT seat FROM approvals WHERE request_id = $1 AND status = 'APPROVED'", [request.id]);
    expect(decided).toEqual([{ seat: 'data-steward:police' }]);
  });

  it('the official who submitted through the application cannot then approve in the console', async () => {
    const request = await store.submit(submission(), 'app-anti-fraud', { ...bankSteward, clientId: 'app-anti-fraud' });
    await expect(store.decide(request.id, bankSteward, 'APPROVE', undefined)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const [approval] = await database.db.query<{ status: string }>("SELECT status FROM approvals WHERE request_id = $1 AND seat = 'data-steward:bank'", [request.id]);
    expect(approval!.status).toBe('PENDING');
  });
});
