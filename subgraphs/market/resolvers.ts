import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { pageSize, toConnection, type SubgraphContext } from '@govgraph/subgraph-kit';
import { buildEnterprisesPageQuery, type EnterpriseFilter } from './enterprisesPageQuery';
import type { ComplaintRow, EnterpriseRow, MarketLoaders } from './loaders';

type Context = SubgraphContext<MarketLoaders>;

interface EnterprisesArgs {
  filter?: EnterpriseFilter | null;
  first?: number | null;
  after?: string | null;
}

export const marketResolvers: GraphQLResolverMap<Context> = {
  Query: {
    enterprise: (_: unknown, args: { creditCode: string }, ctx: Context) =>
      ctx.loaders.enterpriseByCode.load(args.creditCode),
    enterprises: async (_: unknown, args: EnterprisesArgs, ctx: Context) => {
      const size = pageSize(args.first);
      const query = buildEnterprisesPageQuery(args.filter ?? {}, args.after, size, ctx.rowScope);
      const rows = await ctx.db.query<EnterpriseRow>(query.text, query.values);
      return toConnection(rows, size, (row) => [row.creditCode]);
    },
  },
  Enterprise: {
    __resolveReference: (ref: { creditCode: string }, ctx: Context) => ctx.loaders.enterpriseByCode.load(ref.creditCode),
    // The police own Person: a reference is all this subgraph can give.
    legalRepresentative: (enterprise: EnterpriseRow) => ({ idNumber: enterprise.legalRepIdNumber }),
    inspections: (enterprise: EnterpriseRow, _: unknown, ctx: Context) =>
      ctx.loaders.inspectionsByEnterprise.load(enterprise.creditCode),
    penalties: (enterprise: EnterpriseRow, _: unknown, ctx: Context) =>
      ctx.loaders.penaltiesByEnterprise.load(enterprise.creditCode),
    complaints: (enterprise: EnterpriseRow, _: unknown, ctx: Context) =>
      ctx.loaders.complaintsByEnterprise.load(enterprise.creditCode),
  },
  ConsumerComplaint: {
    complainant: (complaint: ComplaintRow) =>
      complaint.complainantIdNumber === null ? null : { idNumber: complaint.complainantIdNumber },
  },
  // Person only gains fields here; the representation carries the key, so no __resolveReference.
  Person: {
    enterprises: (person: { idNumber: string }, _: unknown, ctx: Context) =>
      ctx.loaders.enterprisesByLegalRep.load(person.idNumber),
  },
};
