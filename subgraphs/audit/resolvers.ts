import type { KeyObject } from 'node:crypto';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { GraphQLError } from 'graphql';
import type { SubgraphContext } from '../kit/definition';
import { pageSize, toConnection } from '../kit/pagination';
import type { AnomalyThresholds } from './anomalies/thresholds';
import { byConcern, userStatistics } from './anomalies/userStatistics';
import { buildAuditEventsQuery } from './auditEventsQuery';
import type { AuditEventRow } from './auditRecord';
import { auditTime, isRecordId, optionalAuditTime, residentIdNumber } from './inputs';
import type { AuditLoaders } from './loaders';
import { subjectPseudonym } from '../../audit/subjectPseudonym';
import { readUserPeriods } from './userStatisticsQuery';
import { verifyAuditLog } from '../../audit/verify';
import { integrityView } from './integrityView';
import { insertReview } from './reviewRecord';
import { buildReviewQueueQuery } from './reviewQueueQuery';
import type { ReviewKind } from './reviewKinds';
import { reviewNote } from './reviewInputs';
import { auditEventView, refusedAttemptView, reviewItemView, reviewView, subjectAccessView, type ReviewItemView } from './views';

type Context = SubgraphContext<AuditLoaders>;

interface AuditEventsArgs {
  filter?: {
    username?: string | null;
    agency?: string | null;
    subgraph?: string | null;
    purpose?: string | null;
    subjectIdNumber?: string | null;
    from?: string | null;
    to?: string | null;
    /** Already the record's value ('allowed' …): the AuditOutcome enum resolver maps it. */
    outcome?: string | null;
  } | null;
  first?: number | null;
  after?: string | null;
}

interface ReviewQueueArgs {
  filter?: { kind?: ReviewKind | null; reviewed?: boolean | null } | null;
  first?: number | null;
  after?: string | null;
}

export interface AuditResolverOptions {
  /** AUDIT_SUBJECT_KEY: the key the gateway pseudonymises data subjects with. */
  subjectKey: string;
  thresholds: AnomalyThresholds;
  /** The gateways' checkpoint public keys; without them the integrity report says signatures were not checked. */
  checkpointPublicKeys: readonly KeyObject[];
}

/** The report's root: the person asked about; their accesses are loaded (batched) under it. */
interface SubjectAccessReportRoot {
  idNumber: string;
  pseudonym: string;
}

export function createAuditResolvers(options: AuditResolverOptions): GraphQLResolverMap<Context> {
  const personPseudonym = (idNumber: string) => subjectPseudonym(options.subjectKey, 'Person', idNumber);

  return {
    Query: {
      auditIntegrity: async (_: unknown, __: unknown, ctx: Context) => {
        const report = await verifyAuditLog(ctx.db, { publicKeys: options.checkpointPublicKeys });
        return integrityView(report, new Date());
      },
      auditEvents: async (_: unknown, args: AuditEventsArgs, ctx: Context) => {
        const size = pageSize(args.first);
        const filter = args.filter ?? {};
        const subjectIdNumber = filter.subjectIdNumber ?? undefined;
        const query = buildAuditEventsQuery({
          search: {
            username: filter.username,
            agency: filter.agency,
            subgraph: filter.subgraph,
            purpose: filter.purpose,
            subjectPseudonym:
              subjectIdNumber === undefined ? undefined : personPseudonym(residentIdNumber(subjectIdNumber, 'subjectIdNumber')),
            from: optionalAuditTime(filter.from, 'from'),
            to: optionalAuditTime(filter.to, 'to'),
            outcome: filter.outcome,
          },
          scope: ctx.rowScope,
          after: args.after,
          size,
        });
        const rows = await ctx.db.query<AuditEventRow>(query.text, query.values);
        return toConnection(rows.map(auditEventView), size, (event) => [event.time, event.id]);
      },
      // Ids are uuids: anything else names no record, and is not sent to the database as a failing cast.
      auditEvent: async (_: unknown, args: { id: string }, ctx: Context) => {
        if (!isRecordId(args.id)) return null;
        const row = await ctx.loaders.eventById.load(args.id.toLowerCase());
        return row && auditEventView(row);
      },
      subjectAccessReport: (_: unknown, args: { idNumber: string }): SubjectAccessReportRoot => {
        const idNumber = residentIdNumber(args.idNumber, 'idNumber');
        return { idNumber, pseudonym: personPseudonym(idNumber) };
      },
      auditReviewQueue: async (_: unknown, args: ReviewQueueArgs, ctx: Context) => {
        const size = pageSize(args.first);
        const query = buildReviewQueueQuery({
          kind: args.filter?.kind,
          reviewed: args.filter?.reviewed,
          scope: ctx.rowScope,
          after: args.after,
          size,
        });
        const rows = await ctx.db.query<AuditEventRow>(query.text, query.values);
        // The statement selects queue records only, so every row has a kind.
        const items = rows.map(reviewItemView).filter((item): item is ReviewItemView => item !== null);
        return toConnection(items, size, (item) => [item.time, item.id]);
      },
      auditUserStatistics: async (_: unknown, args: { from: string; to: string }, ctx: Context) => {
        const from = auditTime(args.from, 'from');
        const to = auditTime(args.to, 'to');
        if (from >= to) {
          throw new GraphQLError('`to` must be later than `from`', { extensions: { code: 'BAD_USER_INPUT', argumentName: 'to' } });
        }
        const periods = await readUserPeriods(ctx.db, from, to, ctx.rowScope);
        return periods.map(({ totals, activity }) => userStatistics(totals, activity, options.thresholds)).sort(byConcern);
      },
    },
    Mutation: {
      /**
       * The graph's one write, reachable only under audit-review (the gateway refuses it to every other
       * purpose, and so does this agency's shield). The reviewer is the signed access context's user; the
       * request id ties the review to the gateway's own audit record of this operation.
       */
      reviewAuditEvent: async (_: unknown, args: { id: string; note: string }, ctx: Context) => {
        const note = reviewNote(args.note);
        const event = isRecordId(args.id) ? await ctx.loaders.eventById.load(args.id.toLowerCase()) : null;
        if (!event) {
          throw new GraphQLError('No audit event has this id', { extensions: { code: 'BAD_USER_INPUT', argumentName: 'id' } });
        }
        const { access } = ctx;
        const row = await insertReview(ctx.db, {
          eventId: event.id,
          reviewer: {
            subject: access.user,
            username: access.username,
            ...(access.agency ? { agency: access.agency } : {}),
            ...(access.district ? { district: access.district } : {}),
            roles: [...access.roles],
          },
          note,
          requestId: ctx.requestId,
        });
        return reviewView(row);
      },
    },
    SubjectAccessReport: {
      accesses: async (report: SubjectAccessReportRoot, _: unknown, ctx: Context) =>
        (await ctx.loaders.accessesBySubject.load(report.pseudonym)).map((row) => subjectAccessView(row, report.pseudonym)),
      refusedAttempts: async (report: SubjectAccessReportRoot, _: unknown, ctx: Context) =>
        (await ctx.loaders.refusedAttemptsBySubject.load(report.pseudonym)).map(refusedAttemptView),
    },
    AuditReviewItem: {
      reviews: async (item: ReviewItemView, _: unknown, ctx: Context) => (await ctx.loaders.reviewsByEvent.load(item.id)).map(reviewView),
      latestReview: async (item: ReviewItemView, _: unknown, ctx: Context) => {
        const [latest] = await ctx.loaders.reviewsByEvent.load(item.id);
        return latest ? reviewView(latest) : null;
      },
      reviewed: async (item: ReviewItemView, _: unknown, ctx: Context) => (await ctx.loaders.reviewsByEvent.load(item.id)).length > 0,
    },
    // The schema's enums name the record's values.
    AuditOutcome: { ALLOWED: 'allowed', REFUSED: 'refused', FAILED: 'failed' },
    AuditOperationType: { QUERY: 'query', MUTATION: 'mutation', SUBSCRIPTION: 'subscription' },
    AuditFieldEffect: { ALLOW: 'allow', MASK: 'mask', DENY: 'deny' },
    AuditSubjectType: { PERSON: 'Person', ENTERPRISE: 'Enterprise', ACCOUNT: 'Account' },
  };
}
