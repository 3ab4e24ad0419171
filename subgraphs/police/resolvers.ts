import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { buildPageQuery, pageSize, toConnection, type SubgraphContext } from '@govgraph/subgraph-kit';
import { INCIDENT, type FraudCaseRow, type IncidentRow, type PermitRow, type PoliceLoaders } from './loaders';

type Context = SubgraphContext<PoliceLoaders>;

/** The cursor keeps reported_at to the microsecond (`reportedAt` goes through a JS Date, milliseconds only). */
const EXACT_REPORTED_AT = `to_char(i.reported_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

interface IncidentsArgs {
  filter?: { district?: string; category?: string; from?: string; to?: string } | null;
  first?: number | null;
  after?: string | null;
}

export const policeResolvers: GraphQLResolverMap<Context> = {
  Query: {
    person: (_: unknown, args: { idNumber: string }, ctx: Context) => ctx.loaders.personById.load(args.idNumber),
    incident: (_: unknown, args: { id: string }, ctx: Context) => ctx.loaders.incidentById.load(args.id),
    fraudCase: (_: unknown, args: { id: string }, ctx: Context) => ctx.loaders.fraudCaseById.load(args.id),
    precursorPermit: (_: unknown, args: { permitNumber: string }, ctx: Context) =>
      ctx.loaders.permitByNumber.load(args.permitNumber),
    incidents: async (_: unknown, args: IncidentsArgs, ctx: Context) => {
      const size = pageSize(args.first);
      const filter = args.filter ?? {};
      const query = buildPageQuery({
        select: `SELECT ${INCIDENT}, ${EXACT_REPORTED_AT} AS "cursorAt" FROM incidents i`,
        filters: [
          { column: 'i.district', op: '=', value: filter.district },
          { column: 'i.category', op: '=', value: filter.category },
          { column: 'i.reported_at', op: '>=', value: filter.from, cast: 'timestamptz', argument: 'filter.from' },
          { column: 'i.reported_at', op: '<', value: filter.to, cast: 'timestamptz', argument: 'filter.to' },
        ],
        jurisdiction: { column: 'i.district', scope: ctx.rowScope },
        orderBy: ['i.reported_at', 'i.id'],
        orderCast: 'timestamptz',
        after: args.after,
        size,
      });
      const rows = await ctx.db.query<IncidentRow & { cursorAt: string }>(query.text, query.values);
      return toConnection(rows, size, (row) => [row.cursorAt, row.id]);
    },
  },
  Person: {
    __resolveReference: (ref: { idNumber: string }, ctx: Context) => ctx.loaders.personById.load(ref.idNumber),
    incidents: (person: { idNumber: string }, _: unknown, ctx: Context) =>
      ctx.loaders.incidentsByPerson.load(person.idNumber),
    fraudCasesAsVictim: (person: { idNumber: string }, _: unknown, ctx: Context) =>
      ctx.loaders.fraudCasesByVictim.load(person.idNumber),
  },
  Incident: {
    __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.incidentById.load(ref.id),
    involvedPersons: async (incident: IncidentRow, _: unknown, ctx: Context) => {
      const involvements = await ctx.loaders.involvementsByIncident.load(incident.id);
      return involvements.map((row) => ({ role: row.role, idNumber: row.idNumber }));
    },
  },
  IncidentInvolvement: {
    person: (involvement: { idNumber: string }, _: unknown, ctx: Context) =>
      ctx.loaders.personById.load(involvement.idNumber),
  },
  FraudCase: {
    __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.fraudCaseById.load(ref.id),
    victim: (fraudCase: FraudCaseRow, _: unknown, ctx: Context) => ctx.loaders.personById.load(fraudCase.victimIdNumber),
    payeeAccounts: async (fraudCase: FraudCaseRow, _: unknown, ctx: Context) =>
      (await ctx.loaders.payeeAccountsByFraudCase.load(fraudCase.id)).map((row) => ({ accountNumber: row.accountNumber })),
  },
  Enterprise: {
    precursorPermits: (enterprise: { creditCode: string }, _: unknown, ctx: Context) =>
      ctx.loaders.permitsByEnterprise.load(enterprise.creditCode),
  },
  PrecursorPermit: {
    __resolveReference: (ref: { permitNumber: string }, ctx: Context) => ctx.loaders.permitByNumber.load(ref.permitNumber),
    enterprise: (permit: PermitRow) => ({ creditCode: permit.creditCode }),
  },
};
