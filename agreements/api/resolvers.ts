import type { OperationLimits } from '../../gateway/limits/operationLimits';
import type { PolicyGraph } from '../../gateway/policyGraph';
import { agreementStatus, type AgreementStatus } from '../agreementStatus';
import type { AgreementRecord, AgreementStore, ApplicationRecord, ApprovalRecord, SharingRequestRecord, WorkflowEventRecord } from '../agreementStore';
import type { OperationAgencies } from '../operationAgencies';
import { checkSubmission, type RequestedOperationView, type SharingRequestInput } from '../submission';
import { DATA_STEWARD_ROLE, isGovernor, maySee, PRIVACY_OFFICER_ROLE, seatAgency, seatsHeldBy, type Actor, type Decision, type SeatStatus } from '../workflow';
import { WorkflowError } from '../workflowError';
import type { ResolverMap } from './workflowSchema';

/** One workflow API request's context: who asks, the store, the graph submissions are decided against. */
export interface WorkflowContext {
  actor: Actor;
  store: AgreementStore;
  now: Date;
  /** The served graph and its planner, as the gateway has them now, and the gateway's operation limits. */
  submissionGraph(): { graph: PolicyGraph; agenciesOf: OperationAgencies; limits: OperationLimits };
  /** What the operation acted on (`sharing-request:<id>`, `agreement:<id>`): the audit record's matter. */
  touched: string[];
  /** Per-request memo of what was read, so a list's nested fields do not read it again. */
  memo: Map<string, Promise<unknown>>;
}

const iso = (time: Date | null) => (time ? time.toISOString() : null);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * What the operation is about, for the audit record's `caseRef` (recorded in clear): only an id of ours,
 * never what a caller typed — an argument may hold anything, an ID number included.
 */
function noteMatter(context: WorkflowContext, kind: 'sharing-request' | 'agreement', id: string): void {
  if (UUID.test(id)) context.touched.push(`${kind}:${id.toLowerCase()}`);
}

function memoised<T>(context: WorkflowContext, key: string, load: () => Promise<T>): Promise<T> {
  let value = context.memo.get(key) as Promise<T> | undefined;
  if (!value) {
    value = load();
    context.memo.set(key, value);
  }
  return value;
}

const allApplications = (context: WorkflowContext) =>
  memoised(context, 'applications', async () => new Map((await context.store.applications()).map((application) => [application.clientId, application])));

async function applicationOf(context: WorkflowContext, clientId: string): Promise<ApplicationRecord> {
  const application = (await allApplications(context)).get(clientId);
  if (!application) throw new WorkflowError('NOT_FOUND', `No application ${clientId}.`);
  return application;
}

const requestSeats = (request: SharingRequestRecord) => request.approvals.map((approval) => approval.seat);
const visibleRequest = (context: WorkflowContext, request: SharingRequestRecord) => maySee(context.actor, request.clientId, requestSeats(request));
const visibleAgreement = (context: WorkflowContext, agreement: AgreementRecord) => maySee(context.actor, agreement.clientId, agreement.seats);

async function requestById(context: WorkflowContext, id: string): Promise<SharingRequestRecord | undefined> {
  return memoised(context, `request:${id}`, async () => (await context.store.requests({ ids: [id] }))[0]);
}
async function agreementById(context: WorkflowContext, id: string): Promise<AgreementRecord | undefined> {
  return memoised(context, `agreement:${id}`, async () => (await context.store.agreements({ ids: [id] }))[0]);
}

function awaits(context: WorkflowContext, request: SharingRequestRecord): boolean {
  if (request.status !== 'PENDING' || request.clientId === context.actor.clientId) return false;
  const held = seatsHeldBy(context.actor);
  return request.approvals.some((approval) => approval.status === 'PENDING' && held.includes(approval.seat));
}

/** The application a token speaks for (azp), when it is a registered application. */
async function ownApplication(context: WorkflowContext): Promise<ApplicationRecord | undefined> {
  const clientId = context.actor.clientId;
  return clientId ? (await allApplications(context)).get(clientId) : undefined;
}

export const workflowResolvers: ResolverMap = {
  Query: {
    viewer: (_root, _args, context: WorkflowContext) => ({
      username: context.actor.username,
      roles: [...context.actor.roles],
      agency: context.actor.agency ?? null,
      seats: seatsHeldBy(context.actor),
    }),
    applications: async (_root, _args, context: WorkflowContext) => {
      if (isGovernor(context.actor)) return [...(await allApplications(context)).values()];
      const own = await ownApplication(context);
      return own ? [own] : [];
    },
    sharingRequests: async (_root, args: { status?: SeatStatus | null; awaitingMe?: boolean | null }, context: WorkflowContext) => {
      const requests = await context.store.requests(args.status ? { status: args.status } : {});
      return requests.filter((request) => visibleRequest(context, request) && (!args.awaitingMe || awaits(context, request)));
    },
    sharingRequest: async (_root, args: { id: string }, context: WorkflowContext) => {
      noteMatter(context, 'sharing-request', args.id);
      const request = await requestById(context, args.id.toLowerCase());
      return request && visibleRequest(context, request) ? request : null;
    },
    agreements: async (_root, args: { status?: AgreementStatus | null }, context: WorkflowContext) => {
      const agreements = await context.store.agreements();
      return agreements.filter((agreement) => visibleAgreement(context, agreement) && (!args.status || agreementStatus(agreement, context.now) === args.status));
    },
    agreement: async (_root, args: { id: string }, context: WorkflowContext) => {
      noteMatter(context, 'agreement', args.id);
      const agreement = await agreementById(context, args.id.toLowerCase());
      return agreement && visibleAgreement(context, agreement) ? agreement : null;
    },
  },

  Mutation: {
    submitSharingRequest: async (_root, args: { input: SharingRequestInput }, context: WorkflowContext) => {
      const application = await ownApplication(context);
      if (!application) {
        throw new WorkflowError('FORBIDDEN', 'Only an application submits data-sharing requests, with its own token (client credentials, or an official signed in to it).');
      }
      const { graph, agenciesOf, limits } = context.submissionGraph();
      const submission = checkSubmission(args.input, context.actor, graph, agenciesOf, context.now, limits);
      const request = await context.store.submit(submission, application.clientId, context.actor);
      noteMatter(context, 'sharing-request', request.id);
      return request;
    },
    decideSharingRequest: async (_root, args: { id: string; decision: Decision; reason?: string | null }, context: WorkflowContext) => {
      noteMatter(context, 'sharing-request', args.id);
      const { request, agreement } = await context.store.decide(args.id, context.actor, args.decision, args.reason ?? undefined);
      if (agreement) noteMatter(context, 'agreement', agreement.id);
      return request;
    },
    revokeAgreement: async (_root, args: { id: string; reason: string }, context: WorkflowContext) => {
      noteMatter(context, 'agreement', args.id);
      return context.store.revoke(args.id, context.actor, args.reason);
    },
  },

  Application: {
    agreements: async (application: ApplicationRecord, _args, context: WorkflowContext) =>
      (await memoised(context, `agreements-of:${application.clientId}`, () => context.store.agreements({ clientId: application.clientId }))).filter((agreement) =>
        visibleAgreement(context, agreement),
      ),
  },

  SharingRequest: {
    application: (request: SharingRequestRecord, _args, context: WorkflowContext) => applicationOf(context, request.clientId),
    validFrom: (request: SharingRequestRecord) => iso(request.validFrom),
    validTo: (request: SharingRequestRecord) => iso(request.validTo),
    submittedAt: (request: SharingRequestRecord) => iso(request.submittedAt),
    agreement: async (request: SharingRequestRecord, _args, context: WorkflowContext) => (request.agreementId ? ((await agreementById(context, request.agreementId)) ?? null) : null),
    events: (request: SharingRequestRecord, _args, context: WorkflowContext) => memoised(context, `events:${request.id}`, () => context.store.events(request.id)),
  },

  RequestedOperation: {
    refusedFields: (operation: RequestedOperationView) => operation.fields.filter((field) => field.effect === 'deny').length,
  },

  Approval: {
    role: (approval: ApprovalRecord) => (seatAgency(approval.seat) === undefined ? PRIVACY_OFFICER_ROLE : DATA_STEWARD_ROLE),
    agency: (approval: ApprovalRecord) => seatAgency(approval.seat) ?? null,
    decidedAt: (approval: ApprovalRecord) => iso(approval.decidedAt),
  },

  Agreement: {
    application: (agreement: AgreementRecord, _args, context: WorkflowContext) => applicationOf(context, agreement.clientId),
    request: async (agreement: AgreementRecord, _args, context: WorkflowContext) => {
      const request = await requestById(context, agreement.requestId);
      if (!request) throw new WorkflowError('NOT_FOUND', `No data-sharing request ${agreement.requestId}.`);
      return request;
    },
    validFrom: (agreement: AgreementRecord) => iso(agreement.validFrom),
    validTo: (agreement: AgreementRecord) => iso(agreement.validTo),
    status: (agreement: AgreementRecord, _args, context: WorkflowContext) => agreementStatus(agreement, context.now),
    revokedAt: (agreement: AgreementRecord) => iso(agreement.revokedAt),
  },

  WorkflowEvent: {
    at: (event: WorkflowEventRecord) => iso(event.at),
  },
};
