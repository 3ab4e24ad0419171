import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { buildPageQuery, pageSize, toConnection, type SubgraphContext } from '@govgraph/subgraph-kit';
import { REPORT, type AccountRow, type BankLoaders, type ReportRow, type StopPaymentRow } from './loaders';

type Context = SubgraphContext<BankLoaders>;

interface ReportsArgs {
  filter?: { reportingBank?: string; from?: string; to?: string } | null;
  first?: number | null;
  after?: string | null;
}

/** A holder as a reference to the agency that owns it; __typename picks the member of `union AccountHolder`. */
type HolderReference = { __typename: 'Person'; idNumber: string } | { __typename: 'Enterprise'; creditCode: string };

function holderReference(row: AccountRow): HolderReference {
  if (row.holderIdNumber !== null) return { __typename: 'Person', idNumber: row.holderIdNumber };
  if (row.holderCreditCode !== null) return { __typename: 'Enterprise', creditCode: row.holderCreditCode };
  // The table's CHECK makes this unreachable; failing beats inventing a holder.
  throw new Error('account has neither holder_id_number nor holder_credit_code');
}

/**
 * The cursor keeps reported_at to the microsecond: `reportedAt` is parsed through a JS Date (milliseconds),
 * and a truncated cursor would skip rows whose time falls between it and the last row's.
 */
const EXACT_REPORTED_AT = `to_char(r.reported_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export const bankResolvers: GraphQLResolverMap<Context> = {
  Query: {
    account: (_: unknown, args: { accountNumber: string }, ctx: Context) =>
      ctx.loaders.accountByNumber.load(args.accountNumber),
    suspiciousTransactionReports: async (_: unknown, args: ReportsArgs, ctx: Context) => {
      const size = pageSize(args.first);
      const filter = args.filter ?? {};
      const query = buildPageQuery({
        select: `SELECT ${REPORT}, ${EXACT_REPORTED_AT} AS "cursorAt" FROM suspicious_transaction_reports r`,
        filters: [
          { column: 'r.reporting_bank', op: '=', value: filter.reportingBank },
          { column: 'r.reported_at', op: '>=', value: filter.from, cast: 'timestamptz', argument: 'filter.from' },
          { column: 'r.reported_at', op: '<', value: filter.to, cast: 'timestamptz', argument: 'filter.to' },
        ],
        // Reports carry no district: only unrestricted callers see them (kit/jurisdiction.ts).
        jurisdiction: { column: null, scope: ctx.rowScope },
        orderBy: ['r.reported_at', 'r.id'],
        orderCast: 'timestamptz',
        after: args.after,
        size,
      });
      const rows = await ctx.db.query<ReportRow & { cursorAt: string }>(query.text, query.values);
      return toConnection(rows, size, (row) => [row.cursorAt, row.id]);
    },
  },
  Account: {
    __resolveReference: (ref: { accountNumber: string }, ctx: Context) =>
      ctx.loaders.accountByNumber.load(ref.accountNumber),
    holder: (account: AccountRow) => holderReference(account),
    flaggedTransactions: (account: AccountRow, _: unknown, ctx: Context) =>
      ctx.loaders.flaggedTransactionsByAccount.load(account.accountNumber),
    stopPaymentOrders: (account: AccountRow, _: unknown, ctx: Context) =>
      ctx.loaders.stopPaymentOrdersByAccount.load(account.accountNumber),
  },
  AccountHolder: {
    __resolveType: (holder: HolderReference) => holder.__typename,
  },
  SuspiciousTransactionReport: {
    __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.reportById.load(ref.id),
    // The bank owns Account: the row is loaded (batched) so its own fields resolve here.
    account: (report: ReportRow, _: unknown, ctx: Context) => ctx.loaders.accountByNumber.load(report.accountNumber),
    enterprise: (report: ReportRow) => (report.creditCode === null ? null : { creditCode: report.creditCode }),
  },
  StopPaymentOrder: {
    account: (order: StopPaymentRow, _: unknown, ctx: Context) => ctx.loaders.accountByNumber.load(order.accountNumber),
    // The police own FraudCase: a reference is all this subgraph can give.
    fraudCase: (order: StopPaymentRow) => ({ id: order.fraudCaseId }),
  },
  // Person, Enterprise and FraudCase only gain fields here; the representation carries the key.
  Person: {
    accounts: (person: { idNumber: string }, _: unknown, ctx: Context) => ctx.loaders.accountsByPerson.load(person.idNumber),
  },
  Enterprise: {
    accounts: (enterprise: { creditCode: string }, _: unknown, ctx: Context) =>
      ctx.loaders.accountsByEnterprise.load(enterprise.creditCode),
    suspiciousTransactionReports: (enterprise: { creditCode: string }, _: unknown, ctx: Context) =>
      ctx.loaders.reportsByEnterprise.load(enterprise.creditCode),
  },
  FraudCase: {
    stopPaymentOrders: (fraudCase: { id: string }, _: unknown, ctx: Context) =>
      ctx.loaders.stopPaymentOrdersByFraudCase.load(fraudCase.id),
  },
};
