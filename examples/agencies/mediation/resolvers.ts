import type { SubgraphContext } from '@govgraph/subgraph-kit';
import type { MediationLoaders, MediationRow } from './loaders';

type Context = SubgraphContext<MediationLoaders>;

/** A dispute as this subgraph knows it: its id, and the committee's case when there is one in scope. */
interface DisputeView {
  id: string;
  mediation: MediationRow | null;
}

const of = <Value>(read: (row: MediationRow) => Value) => (dispute: DisputeView) => (dispute.mediation ? read(dispute.mediation) : null);

export const mediationResolvers = {
  Dispute: {
    // The petitions subgraph owns Dispute: a dispute never referred here is still a dispute, with null fields.
    __resolveReference: async (ref: { id: string }, ctx: Context): Promise<DisputeView> => ({
      id: ref.id,
      mediation: await ctx.loaders.mediationByDispute.load(ref.id),
    }),
    mediationCommittee: of((row) => row.committee),
    mediationCaseNumber: of((row) => row.caseNumber),
    mediationAcceptedOn: of((row) => row.acceptedOn),
    mediationStatus: of((row) => row.status),
    peopleMediator: of((row) => row.mediatorName),
    mediationAgreement: of((row) => row.agreement),
    settlementAmount: of((row) => row.settlementAmount),
    judiciallyConfirmed: of((row) => row.judiciallyConfirmed),
  },
};
