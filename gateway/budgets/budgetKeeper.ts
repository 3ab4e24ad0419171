import { createHmac } from 'node:crypto';
import { HeaderMap } from '@apollo/server';
import type { DocumentNode, GraphQLError, OperationDefinitionNode } from 'graphql';
import { checkIdentifierLookups } from '../../policies';
import type { GatewayContext } from '../context';
import { gatewayError, type GatewayErrorCode } from '../errors';
import { overrideOrRefuse } from '../pipeline/breakGlassHeader';
import type { PolicyGraph } from '../policyGraph';
import type { BudgetOwner, BudgetStanding, BudgetStore } from './budgetStore';
import { rootLookups } from './rootLookups';
import { loggerFor } from '@govgraph/observability';

/** What of a request's context the budgets read: who, under which purpose, with which break-glass. */
export type BudgetContext = Pick<GatewayContext, 'identity' | 'purpose' | 'breakGlass' | 'subjects'>;

/**
 * The refusals that count towards the refusal budget: the purpose's own — a denied field, a case that does
 * not verify or a subject outside it, a budget reached — which is what probing what a purpose lets through
 * looks like. A malformed or over-limit query is refused by its own rules and says nothing about the data;
 * the budget's own refusal is not counted either, else its window would never free. (The audit's
 * REFUSAL_BURST flag still counts every refusal.)
 */
const COUNTED = new Set<string>([
  'FORBIDDEN_FIELDS',
  'CASE_NOT_FOUND',
  'CASE_CLOSED',
  'CASE_OUT_OF_JURISDICTION',
  'OUTSIDE_CASE_SCOPE',
  'SUBJECT_BUDGET_EXCEEDED',
  'IDENTIFIER_LOOKUP_BUDGET_EXCEEDED',
]);

/**
 * The purposes' extraction budgets (policies/budgets.ts) enforced per user and purpose over the shared
 * count (budgetStore.ts), at three points of a request:
 * - at the door (pipeline/createContext.ts): a user whose subjects this hour are spent, or who was refused
 *   too often lately, is refused before the query is read;
 * - at decision time (budgetPlugin.ts): lookups by an identifier the purpose masks, per operation and per hour;
 * - after execution, before anything leaves (enforcingGateway.ts): the answer's distinct subjects — an
 *   answer that would take the user past the hour's budget is withheld whole.
 * Each refusal is 429 with Retry-After; break-glass lets the request through and notes the code.
 */
export interface BudgetKeeper {
  atTheDoor(context: BudgetContext): Promise<void>;
  checkLookups(context: BudgetContext, graph: PolicyGraph, document: DocumentNode, operation: OperationDefinitionNode, variables: Readonly<Record<string, unknown>> | undefined): Promise<void>;
  /** The refusal of an answer that would exceed the subject budget, or undefined when it may leave. */
  chargeSubjects(context: BudgetContext): Promise<GraphQLError | undefined>;
  /** Notes a refused operation (its error codes) towards the refusal budget, if a policy refused it. */
  noteRefusal(context: BudgetContext, codes: readonly string[]): Promise<void>;
}

export interface BudgetKeeperOptions {
  store: BudgetStore;
  /** AUDIT_SUBJECT_KEY: the values looked up are counted under keyed pseudonyms, never in clear. */
  subjectKey: string;
}

export function createBudgetKeeper(options: BudgetKeeperOptions): BudgetKeeper {
  const { store } = options;
  const ownerOf = (context: BudgetContext): BudgetOwner => ({ user: context.identity.subject, purpose: context.purpose.name });
  const counted = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      // Fail closed: an answer whose budget cannot be counted does not leave.
      loggerFor('gateway').error({ error: (error as Error).message }, 'extraction budgets unavailable');
      throw gatewayError('BUDGET_UNAVAILABLE', 'The extraction budgets cannot be counted just now; nothing was answered. Retry later.');
    }
  };
  const refusal = (code: GatewayErrorCode, message: string, standing: Pick<BudgetStanding, 'used' | 'limit' | 'retryAfterSeconds'>, details: Record<string, unknown> = {}) =>
    gatewayError(
      code,
      `${message} Retry after ${standing.retryAfterSeconds} s.`,
      { budget: { used: standing.used, limit: standing.limit }, retryAfterSeconds: standing.retryAfterSeconds, ...details },
      new HeaderMap([['retry-after', String(standing.retryAfterSeconds)]]),
    );

  return {
    async atTheDoor(context) {
      const { budgets, name } = context.purpose;
      const standing = await counted(() =>
        store.standing(ownerOf(context), {
          subjects: budgets.subjectsPerUserHour,
          refusals: budgets.refusalBurst.refusals,
          windowMinutes: budgets.refusalBurst.windowMinutes,
        }),
      );
      if (!standing.refusals.withinBudget) {
        overrideOrRefuse(
          context,
          refusal(
            'REFUSAL_BUDGET_EXCEEDED',
            `${standing.refusals.used} of your operations under "${name}" were refused within ${budgets.refusalBurst.windowMinutes} minutes (the budget tolerates ${budgets.refusalBurst.refusals}): you are stopped until the window frees.`,
            standing.refusals,
          ),
        );
      }
      if (!standing.subjects.withinBudget) {
        overrideOrRefuse(
          context,
          refusal(
            'SUBJECT_BUDGET_EXCEEDED',
            `You reached ${standing.subjects.used} distinct data subjects this hour under "${name}", its budget of ${budgets.subjectsPerUserHour}.`,
            standing.subjects,
          ),
        );
      }
    },

    async checkLookups(context, graph, document, operation, variables) {
      const rootType = graph.apiSchema.getRootType(operation.operation)?.name;
      if (!rootType) return;
      const lookups = rootLookups(document, operation, rootType, variables);
      const check = checkIdentifierLookups(context.purpose, lookups, graph.description);
      if (check.lookups.length === 0) return;
      const budgets = context.purpose.budgets;
      const identifiers = [...new Set(check.lookups.map((lookup) => lookup.identifier))];
      if (check.exceeded) {
        overrideOrRefuse(
          context,
          refusal(
            'IDENTIFIER_LOOKUP_BUDGET_EXCEEDED',
            `This operation looks ${check.total} subjects up by ${identifiers.join(', ')}, which "${context.purpose.name}" does not show in clear; it allows ${check.budget} per operation.`,
            { used: check.total, limit: check.budget, retryAfterSeconds: secondsToNextHour() },
            { identifiers },
          ),
        );
      }
      const values = check.lookups.flatMap((lookup) => {
        const found = lookups.find((candidate) => candidate.coordinate === lookup.coordinate && candidate.argument === lookup.argument);
        return (found?.values ?? []).map((value) => ({ identifier: lookup.identifier, value: pseudonymOf(options.subjectKey, lookup.identifier, value) }));
      });
      const standing = await counted(() => store.chargeLookups(ownerOf(context), values, budgets.identifierLookupsPerUserHour, context.breakGlass !== undefined));
      if (!standing.withinBudget) {
        overrideOrRefuse(
          context,
          refusal(
            'IDENTIFIER_LOOKUP_BUDGET_EXCEEDED',
            `You looked up ${standing.used} subjects this hour by ${identifiers.join(', ')} under "${context.purpose.name}"; this operation's ${values.length} would pass its budget of ${budgets.identifierLookupsPerUserHour} an hour.`,
            standing,
            { identifiers },
          ),
        );
      }
    },

    async chargeSubjects(context) {
      const subjects = [...new Set(context.subjects.map((subject) => `${subject.type}:${subject.pseudonym}`))];
      if (subjects.length === 0) return undefined;
      const limit = context.purpose.budgets.subjectsPerUserHour;
      const standing = await counted(() => store.chargeSubjects(ownerOf(context), subjects, limit, context.breakGlass !== undefined));
      if (standing.withinBudget) return undefined;
      const error = refusal(
        'SUBJECT_BUDGET_EXCEEDED',
        `This answer names ${subjects.length} data subjects; with the ${standing.used} you reached this hour under "${context.purpose.name}" that passes its budget of ${limit}. Nothing was answered.`,
        standing,
      );
      try {
        overrideOrRefuse(context, error);
        return undefined;
      } catch {
        return error;
      }
    },

    async noteRefusal(context, codes) {
      const code = codes.find((candidate) => COUNTED.has(candidate));
      if (code === undefined) return;
      await store.recordRefusal(ownerOf(context), code).catch((error: Error) => loggerFor('gateway').error({ error: error.message }, 'a refusal could not be counted'));
    },
  };
}

/** The values a user looks subjects up by, keyed: the count needs equality, not the value. */
function pseudonymOf(key: string, identifier: string, value: string): string {
  return createHmac('sha256', key).update(`lookup\n${identifier}\n${value}`).digest('base64url');
}

function secondsToNextHour(now = Date.now()): number {
  return Math.max(1, Math.ceil((3_600_000 - (now % 3_600_000)) / 1000));
}
