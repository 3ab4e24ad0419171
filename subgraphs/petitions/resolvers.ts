import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { buildPageQuery, pageSize, toConnection, type SubgraphContext } from '@govgraph/subgraph-kit';
import { PETITION, type PetitionRow, type PetitionsLoaders } from './loaders';

type Context = SubgraphContext<PetitionsLoaders>;

interface PetitionsArgs {
  filter?: { district?: string; category?: string; status?: string; from?: string; to?: string } | null;
  first?: number | null;
  after?: string | null;
}

/**
 * The cursor keeps received_at to the microsecond: `receivedAt` is parsed through a JS Date (milliseconds),
 * and a truncated cursor would skip rows whose time falls between it and the last row's.
 */
const EXACT_RECEIVED_AT = `to_char(p.received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export const petitionsResolvers: GraphQLResolverMap<Context> = {
  Query: {
    petition: (_: unknown, args: { id: string }, ctx: Context) => ctx.loaders.petitionById.load(args.id),
    dispute: (_: unknown, args: { id: string }, ctx: Context) => ctx.loaders.disputeById.load(args.id),
    petitions: async (_: unknown, args: PetitionsArgs, ctx: Context) => {
      const size = pageSize(args.first);
      const filter = args.filter ?? {};
      const query = buildPageQuery({
        select: `SELECT ${PETITION}, ${EXACT_RECEIVED_AT} AS "cursorAt" FROM petitions p`,
        filters: [
          { column: 'p.district', op: '=', value: filter.district },
          { column: 'p.category', op: '=', value: filter.category },
          { column: 'p.status', op: '=', value: filter.status },
          { column: 'p.received_at', op: '>=', value: filter.from, cast: 'timestamptz', argument: 'filter.from' },
          { column: 'p.received_at', op: '<', value: filter.to, cast: 'timestamptz', argument: 'filter.to' },
        ],
        jurisdiction: { column: 'p.district', scope: ctx.rowScope },
        orderBy: ['p.received_at', 'p.id'],
        orderCast: 'timestamptz',
        after: args.after,
        size,
      });
      const rows = await ctx.db.query<PetitionRow & { cursorAt: string }>(query.text, query.values);
      return toConnection(rows, size, (row) => [row.cursorAt, row.id]);
    },
  },
  Petition: {
    __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.petitionById.load(ref.id),
    // The police own Person: a reference is all this subgraph can give.
    petitioner: (petition: PetitionRow) => ({ idNumber: petition.petitionerIdNumber }),
  },
  Dispute: {
    __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.disputeById.load(ref.id),
    parties: async (dispute: { id: string }, _: unknown, ctx: Context) =>
      (await ctx.loaders.partiesByDispute.load(dispute.id)).map((row) => ({
        role: row.role,
        person: { idNumber: row.idNumber },
      })),
  },
  // Person only gains fields here; the representation carries the key, so no __resolveReference.
  Person: {
    petitions: (person: { idNumber: string }, _: unknown, ctx: Context) =>
      ctx.loaders.petitionsByPetitioner.load(person.idNumber),
    disputes: (person: { idNumber: string }, _: unknown, ctx: Context) => ctx.loaders.disputesByPerson.load(person.idNumber),
  },
};
