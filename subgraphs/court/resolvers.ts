import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { buildPageQuery, pageSize, toConnection, type SubgraphContext } from '@govgraph/subgraph-kit';
import { CASE, type CasePartyRow, type CaseRow, type CourtLoaders } from './loaders';

type Context = SubgraphContext<CourtLoaders>;

interface CasesArgs {
  filter?: { district?: string; kind?: string; causeOfAction?: string; from?: string; to?: string } | null;
  first?: number | null;
  after?: string | null;
}

/** A party as a reference to the agency that owns it; __typename picks the member of `union Party`. */
type PartyReference = { __typename: 'Person'; idNumber: string } | { __typename: 'Enterprise'; creditCode: string };

function partyReference(row: CasePartyRow): PartyReference {
  if (row.idNumber !== null) return { __typename: 'Person', idNumber: row.idNumber };
  if (row.creditCode !== null) return { __typename: 'Enterprise', creditCode: row.creditCode };
  // The table's CHECK makes this unreachable; failing beats inventing a party.
  throw new Error('case party has neither id_number nor credit_code');
}

export const courtResolvers: GraphQLResolverMap<Context> = {
  Query: {
    case: (_: unknown, args: { caseNumber: string }, ctx: Context) => ctx.loaders.caseByNumber.load(args.caseNumber),
    cases: async (_: unknown, args: CasesArgs, ctx: Context) => {
      const size = pageSize(args.first);
      const filter = args.filter ?? {};
      const query = buildPageQuery({
        select: `SELECT ${CASE} FROM cases c`,
        filters: [
          { column: 'c.district', op: '=', value: filter.district },
          { column: 'c.kind', op: '=', value: filter.kind },
          { column: 'c.cause_of_action', op: '=', value: filter.causeOfAction },
          { column: 'c.filed_at', op: '>=', value: filter.from, cast: 'date', argument: 'filter.from' },
          { column: 'c.filed_at', op: '<', value: filter.to, cast: 'date', argument: 'filter.to' },
        ],
        jurisdiction: { column: 'c.district', scope: ctx.rowScope },
        orderBy: ['c.filed_at', 'c.case_number'],
        orderCast: 'date',
        after: args.after,
        size,
      });
      const rows = await ctx.db.query<CaseRow>(query.text, query.values);
      return toConnection(rows, size, (row) => [row.filedAt, row.caseNumber]);
    },
  },
  Case: {
    __resolveReference: (ref: { caseNumber: string }, ctx: Context) => ctx.loaders.caseByNumber.load(ref.caseNumber),
    parties: async (courtCase: CaseRow, _: unknown, ctx: Context) =>
      (await ctx.loaders.partiesByCase.load(courtCase.caseNumber)).map((row) => ({
        role: row.role,
        party: partyReference(row),
      })),
  },
  Party: {
    __resolveType: (party: PartyReference) => party.__typename,
  },
  // Person and Enterprise belong to police and market: the court only adds fields, and the
  // representation already carries the key, so there is no __resolveReference to hit the database.
  Person: {
    cases: (person: { idNumber: string }, _: unknown, ctx: Context) => ctx.loaders.casesByPerson.load(person.idNumber),
    dishonestDebtor: async (person: { idNumber: string }, _: unknown, ctx: Context) =>
      (await ctx.loaders.listedPerson.load(person.idNumber)) !== null,
  },
  Enterprise: {
    cases: (enterprise: { creditCode: string }, _: unknown, ctx: Context) =>
      ctx.loaders.casesByEnterprise.load(enterprise.creditCode),
    dishonestDebtor: async (enterprise: { creditCode: string }, _: unknown, ctx: Context) =>
      (await ctx.loaders.listedEnterprise.load(enterprise.creditCode)) !== null,
  },
};
