import type { ApolloGateway } from '@apollo/gateway';
import type {
  GatewayExecutor,
  GatewayGraphQLRequestContext,
  GatewayInterface,
  GatewayLoadResult,
  GatewaySchemaLoadOrUpdateCallback,
} from '@apollo/server-gateway-interface';
import { execute, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { LRUCache } from 'lru-cache';
import { applyMask, type Purpose } from '../policies';
import type { FieldInfo } from '../policies/schemaDescription';
import { createSubjectRecorder } from './audit/subjectRecorder';
import { subjectInScope } from './cases/answerScope';
import { CASE_NARRATIVE_STRATEGY, releaseNarrative } from './cases/caseNarratives';
import type { BudgetKeeper } from './budgets/budgetKeeper';
import type { GatewayContext } from './context';
import { gatewayError } from './errors';
import { isIntrospectionOnly, selectedOperation } from './enforcement/fieldCoordinates';
import { compileMaskPlan, runMaskPlan, type MaskPlan } from './enforcement/maskPlan';
import type { OperationPolicy } from './enforcement/operationPolicy';
import { createPseudonymCache, type PseudonymCache } from './enforcement/pseudonymCache';
import { namedValues, normalisedValue } from './enforcement/namedValues';
import { withAnswerMarkers } from './enforcement/answerMarkers';
import { schemaForPurpose } from './enforcement/purposeSchema';
import { policyGraphOf } from './pipeline/servedGraphPlugin';
import type { PolicyGraph } from './policyGraph';
import { tracerFor, tracingOn } from '@govgraph/observability';

export interface EnforcingGatewayOptions {
  /** The secret behind the `pseudonym` mask. */
  pseudonymKey: string;
  /** AUDIT_SUBJECT_KEY: the data subjects of each answer are recorded under keyed pseudonyms. */
  subjectKey: string;
  /** The extraction budgets: an answer that would take its user past the subject budget is withheld. */
  budgets?: BudgetKeeper;
}

/**
 * @apollo/gateway wrapped so that masking happens around its executor (step 5 of the request flow):
 * the operation is executed with typename markers where a selection is abstract, and its answer is
 * masked per the operation's policy before anything else sees it. A request without a policy never
 * reaches the agencies: enforcement fails closed. Two re-identification defences live here: a pseudonym
 * of a value the operation itself named (`person(idNumber: "…")`) is withheld wherever it appears in the
 * answer, since it would link the known identifier to the handle seen elsewhere; and the answer's data
 * subjects are charged to the user's budget, the whole answer withheld when that would exceed it.
 */
/** What is computed once per policy graph: marked documents, purpose views, mask plans, field facts. */
interface GraphCaches {
  marked: LRUCache<string, DocumentNode>;
  purposeSchemas: Map<string, GraphQLSchema>;
  /** Mask plans per (purpose, operation), with the policy they were compiled from. */
  plans: LRUCache<string, { policy: OperationPolicy; plan: MaskPlan }>;
  /** What a mask needs to know of a coordinate's field. */
  fieldInfos: Map<string, FieldInfo | undefined>;
}

export class EnforcingGateway implements GatewayInterface {
  /**
   * Per policy graph (the request's pinned one, gateway/pipeline/servedGraphPlugin.ts): the documents with
   * their typename markers, and each purpose's view of the graph for introspection. A hot-reloaded graph
   * starts empty caches; the old ones go when no request holds the old graph.
   */
  private readonly caches = new WeakMap<PolicyGraph, GraphCaches>();
  private readonly pseudonyms: PseudonymCache;

  constructor(
    private readonly inner: ApolloGateway,
    private readonly options: EnforcingGatewayOptions,
  ) {
    this.pseudonyms = createPseudonymCache({ pseudonymKey: options.pseudonymKey, subjectKey: options.subjectKey });
  }

  async load(options: Parameters<GatewayInterface['load']>[0]): Promise<GatewayLoadResult> {
    const { executor } = await this.inner.load(options);
    return { executor: (requestContext) => this.execute(executor, requestContext) };
  }

  onSchemaLoadOrUpdate(callback: GatewaySchemaLoadOrUpdateCallback) {
    return this.inner.onSchemaLoadOrUpdate(callback);
  }

  stop(): Promise<void> {
    return this.inner.stop();
  }

  private async execute(executor: GatewayExecutor, requestContext: GatewayGraphQLRequestContext) {
    const context = requestContext.context as Partial<GatewayContext>;
    const { policy, purpose } = context;
    if (!policy || !purpose) throw new Error('no policy was decided for this operation');
    const graph = policyGraphOf(context);
    const requested = selectedOperation(requestContext.document, requestContext.request.operationName);
    if (requested && isIntrospectionOnly(requestContext.document, requested)) return this.introspect(graph, purpose, requestContext);
    const document = this.marked(graph, requestContext);
    // Same queryHash → same marked document, so the gateway's query-plan cache stays valid.
    const result = await executor({ ...requestContext, document });
    const operation = selectedOperation(document, requestContext.request.operationName);
    if (result.data && operation) {
      // Step 8 in the request's trace; a span only when tracing is on (packages/observability/tracing.ts).
      const maskSpan = tracingOn() ? tracerFor('gateway').startSpan('govgraph.mask') : undefined;
      const named = namedValues(requestContext.document, requestContext.request.variables);
      const isNamed = (value: string) => named.has(normalisedValue(value));
      const subject = createSubjectRecorder({
        graph,
        purpose,
        subjectKey: this.options.subjectKey,
        pseudonymKey: this.options.pseudonymKey,
        named: isNamed,
        pseudonyms: this.pseudonyms,
      });
      const file = context.caseFile;
      const caseBound = purpose.caseRef.required;
      /** Paths where the answer reached a data subject outside the verified case. */
      const outside: string[] = [];
      const plan = this.maskPlan(graph, requestContext, document, operation, policy, purpose);
      context.masked = runMaskPlan(plan, result.data, {
        mask: (strategy, value, coordinate, owner) => {
          if (strategy === CASE_NARRATIVE_STRATEGY) return releaseNarrative(purpose, file, owner, value, this.options.pseudonymKey);
          // The pseudonym mask (policies/masks/pseudonym.ts) from the cache: the same HMAC, computed once per value.
          if (strategy === 'pseudonym' && value !== null && value !== undefined) return this.pseudonyms.mask(purpose.name, String(value));
          const info = this.fieldInfo(graph, coordinate);
          return applyMask(strategy, value, {
            kind: info?.kind,
            scalar: info?.scalar ?? 'String',
            nullable: info?.nullable ?? false,
            purpose: purpose.name,
            pseudonymKey: this.options.pseudonymKey,
          });
        },
        // The pseudonym of a value the operation named would link it to the handle seen elsewhere: withheld.
        strategyOf: (strategy, value) =>
          strategy === 'pseudonym' && (typeof value === 'string' || typeof value === 'number') && isNamed(String(value)) ? 'redact' : strategy,
        onSubject: (type, identifier, path, enclosing) => {
          const recorded = subject(type, identifier);
          if (recorded) context.subjects?.push(recorded);
          if (caseBound && recorded && !(file && subjectInScope(file, { type: recorded.type, identifier }, enclosing))) outside.push(path);
        },
      });
      maskSpan?.end();
      if (outside.length > 0) {
        if (context.breakGlass) {
          if (!context.breakGlass.exceeded.includes('OUTSIDE_CASE_SCOPE')) context.breakGlass.exceeded.push('OUTSIDE_CASE_SCOPE');
        } else {
          // Refused whole: no data leaves; the audit records the attempt with the subjects it reached.
          const paths = [...new Set(outside)];
          context.masked = [];
          return {
            errors: [
              gatewayError('OUTSIDE_CASE_SCOPE', `The answer reaches data subjects outside the case ${context.caseRef ?? ''}: ${paths.join(', ')}.`, {
                ...(context.caseRef ? { caseRef: context.caseRef } : {}),
                paths,
              }),
            ],
          };
        }
      }
      const refusal = await this.options.budgets?.chargeSubjects(context as GatewayContext);
      if (refusal) {
        // Nothing leaves, so nothing was disclosed: the record names no subjects and no masked paths.
        context.subjects = [];
        context.masked = [];
        return { errors: [refusal] };
      }
    }
    return result;
  }

  /** Introspection answers from the purpose's own view of the graph (gateway/enforcement/purposeSchema.ts). */
  private async introspect(graph: PolicyGraph, purpose: Purpose, requestContext: GatewayGraphQLRequestContext) {
    const { purposeSchemas } = this.cachesOf(graph);
    let schema = purposeSchemas.get(purpose.name);
    if (!schema) {
      schema = schemaForPurpose(graph, purpose);
      purposeSchemas.set(purpose.name, schema);
    }
    const result = await execute({
      schema,
      document: requestContext.document,
      variableValues: requestContext.request.variables ?? null,
      operationName: requestContext.request.operationName ?? null,
    });
    return { ...(result.data ? { data: result.data } : {}), ...(result.errors ? { errors: [...result.errors] } : {}) };
  }

  /**
   * The operation's mask plan (enforcement/maskPlan.ts), compiled once per (purpose, operation) — keyed as the
   * decisions are (pipeline/enforcementPlugin.ts) — per policy graph, and again when the decided policy changes.
   */
  private maskPlan(graph: PolicyGraph, requestContext: GatewayGraphQLRequestContext, document: DocumentNode, operation: OperationDefinitionNode, policy: OperationPolicy, purpose: Purpose): MaskPlan {
    const { plans } = this.cachesOf(graph);
    const key = `${purpose.name}\n${requestContext.request.operationName ?? ''}\n${requestContext.queryHash}`;
    const cached = plans.get(key);
    if (cached && cached.policy === policy) return cached.plan;
    const caseBound = purpose.caseRef.required;
    const plan = compileMaskPlan({
      schema: graph.apiSchema,
      document,
      operation,
      // A case-only narrative is released for the case's own records only, its subjects' names masked.
      strategyFor: (coordinate) => (caseBound && Object.hasOwn(purpose.caseRecordsOnly, coordinate) ? CASE_NARRATIVE_STRATEGY : policy.masks.get(coordinate)),
    });
    plans.set(key, { policy, plan });
    return plan;
  }

  /** What a masked value's strategy needs to know of its field, looked up once per coordinate. */
  private fieldInfo(graph: PolicyGraph, coordinate: string) {
    const { fieldInfos } = this.cachesOf(graph);
    if (!fieldInfos.has(coordinate)) {
      const [type = '', field = ''] = coordinate.split('.');
      fieldInfos.set(coordinate, graph.description.types.get(type)?.get(field));
    }
    return fieldInfos.get(coordinate);
  }

  private marked(graph: PolicyGraph, requestContext: GatewayGraphQLRequestContext): DocumentNode {
    const { marked } = this.cachesOf(graph);
    const key = requestContext.queryHash;
    let document = marked.get(key);
    if (!document) {
      document = withAnswerMarkers(graph.apiSchema, requestContext.document);
      marked.set(key, document);
    }
    return document;
  }

  private cachesOf(graph: PolicyGraph) {
    let caches = this.caches.get(graph);
    if (!caches) {
      caches = {
        marked: new LRUCache<string, DocumentNode>({ max: 1_000 }),
        purposeSchemas: new Map(),
        plans: new LRUCache<string, { policy: OperationPolicy; plan: MaskPlan }>({ max: 5_000 }),
        fieldInfos: new Map(),
      };
      this.caches.set(graph, caches);
    }
    return caches;
  }
}

