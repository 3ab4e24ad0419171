import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import type { GraphQLSchema } from 'graphql';
import type { JSONWebKeySet } from 'jose';
import { agreementsRouter } from '../agreements/api/agreementsRouter';
import { createAgreementStore } from '../agreements/agreementStore';
import type { AuditWriter } from '../audit/writer';
import type { AccessContextSigner } from '@govgraph/access-context';
import { createRegistryRouter, type RegistryRouter } from '../registry/api/registryRouter';
import type { Registry } from '../registry/registry';
import { policyRevision } from '../policies';
import { createAuditTrail } from './audit/auditTrail';
import { casePlugin } from './cases/casePlugin';
import { VerificationCache } from './cases/verificationCache';
import { createBudgetKeeper } from './budgets/budgetKeeper';
import { budgetPlugin } from './budgets/budgetPlugin';
import type { BudgetStore } from './budgets/budgetStore';
import type { Database } from '../subgraphs/kit/database';
import { jsonErrorHandler, jsonNotFound } from '../subgraphs/kit/httpErrors';
import { listen, type RunningServer } from '../subgraphs/kit/httpServer';
import { DEFAULT_DIST_DIRECTORY, webRoutes } from '../web/server';
import type { GatewayContext } from './context';
import { readOnlyGraphRule } from './enforcement/readOnlyGraphRule';
import { EnforcingGateway } from './enforcingGateway';
import { formatGatewayError } from './formatError';
import { auditedMethods } from './http/auditedMethods';
import { auditedRefusals } from './http/auditedRefusals';
import { createTokenVerifier, type TokenVerifierOptions } from './identity';
import { BoundedGateway } from './limits/boundedGateway';
import { restoreLimitCode } from './limits/limitErrors';
import { DEFAULT_OPERATION_LIMITS, type OperationLimits } from './limits/operationLimits';
import { operationLimitRules } from './limits/validationRules';
import { auditPlugin } from './pipeline/auditPlugin';
import { createContextFunction } from './pipeline/createContext';
import { createAdmissionGate, DEFAULT_ADMISSION, type AdmissionSettings } from './admission/admissionGate';
import { enforcementPlugin } from './pipeline/enforcementPlugin';
import type { CircuitBreakerSettings } from './circuitBreaker';
import { reservedNamesPlugin } from './pipeline/reservedNamesPlugin';
import { servedGraphPlugin } from './pipeline/servedGraphPlugin';
import { buildPolicyGraph, type PolicyGraph } from './policyGraph';
import { createSupergraphSource, type ServedVersion, type SupergraphFeed } from './supergraphSource';
import { SubgraphDataSource } from './subgraphDataSource';
import { agencyConnections, DEFAULT_SUBGRAPH_MAX_RESPONSE_BYTES } from './subgraphFetcher';
import { metricsEndpoint } from '../subgraphs/kit/metricsEndpoint';
import { requestSpan } from '../subgraphs/kit/requestSpan';
import { loggerFor, type Logger } from '@govgraph/observability';
import { inSpan } from '@govgraph/observability';
import { createGatewayMetrics, type GatewayMetrics } from './observability/metrics';
import { observedTrail } from './observability/observedTrail';
import { pipelineSpansPlugin, tracedPlugin } from './observability/tracedPlugin';
import { agreementsFingerprint, loadAgreedOperations, listenForAgreementChanges } from '../agreements/agreedOperations';
import { startAgreementDirectory, type AgreementDirectory } from './agreements/agreementDirectory';
import type { AdHocQueries } from './agreements/agreementStep';
import { trustedDocuments } from './agreements/trustedDocuments';

export interface GatewayOptions {
  /** The checked-in supergraph: served until the registry answers, and for good without `supergraphFeed`. */
  supergraphSdl: string;
  /**
   * Where the served supergraph comes from (gateway/supergraphSource.ts, the registry's database): read at
   * start-up, then followed (NOTIFY govgraph_registry, and a poll every `pollIntervalMs`, default 5 s).
   */
  supergraphFeed?: { feed: SupergraphFeed; pollIntervalMs?: number };
  /** Where the gateway says what it serves and when that changes; default stderr. */
  log?: (line: string) => void;
  /** Overrides the URLs composed into the supergraph (and the registry's), by subgraph name. */
  subgraphUrls?: Partial<Record<string, string>>;
  subgraphTimeoutMs?: number;
  /** The largest answer read from one agency fetch (SUBGRAPH_MAX_RESPONSE_BYTES); default 20 MB. */
  subgraphMaxResponseBytes?: number;
  /** How long a case reference's verification is kept, per user and purpose (gateway/cases); default 10 s. */
  caseVerificationTtlSeconds?: number;
  /** Circuit-breaker thresholds per subgraph (gateway/circuitBreaker.ts); defaults when unset. */
  subgraphBreaker?: CircuitBreakerSettings;
  port: number;
  host?: string;
  /** How access tokens are verified (the Keycloak realm's issuer, audience, JWKS). */
  identity: TokenVerifierOptions;
  /** Signs the access context each subgraph fetch carries. */
  accessContextSigner: AccessContextSigner;
  /**
   * The signer's public keys, served at GET /.well-known/access-context-keys: an agency that joins by
   * publishing (examples/agencies/mediation) verifies the gateway's access contexts with them.
   */
  accessContextPublicKeys?: JSONWebKeySet;
  /** The secret behind pseudonym masks. */
  pseudonymKey: string;
  audit: {
    /** Commits each operation's record (audit/writer.ts). */
    writer: AuditWriter;
    /** AUDIT_SUBJECT_KEY: data subjects and personal values are logged under keyed pseudonyms. */
    subjectKey: string;
  };
  /** Operation limits (gateway/limits/operationLimits.ts); each one unset keeps its default. */
  limits?: Partial<OperationLimits>;
  /** How many operations run at once and how many may wait (gateway/admission); defaults in DEFAULT_ADMISSION. */
  admission?: Partial<AdmissionSettings>;
  /**
   * The shared count behind the purposes' extraction budgets (gateway/budgets). bin/gateway.ts and
   * runtime/system.ts always give one; without it (a few narrow tests) no budget is enforced.
   */
  budgets?: BudgetStore;
  /** The schema registry (registry/): served at /registry/graphql when given. */
  registry?: Registry;
  /**
   * The gateway's Prometheus metrics (gateway/observability/metrics.ts), served at GET /metrics. Pass the
   * one the audit writer reports its commits to (`onCommit: metrics.auditCommitted`); a fresh one when
   * unset; `false` serves no /metrics and counts nothing (the observability benchmark's "off").
   */
  metrics?: GatewayMetrics | false;
  /** METRICS_TOKEN: the bearer token /metrics asks for; without it /metrics answers loopback callers only. */
  metricsToken?: string;
  /** Where the request log lines go; default the process's logger (packages/observability/logger.ts, LOG_LEVEL). */
  requestLogger?: Logger;
  /**
   * The data-sharing agreements' database (agreements/): the gateway enforces what is in force there
   * (gateway/agreements: application tokens run only their agreed operations, reread on NOTIFY and every
   * `pollIntervalMs`, default 5 s; `listen: false` polls only). bin/gateway.ts and runtime/system.ts always
   * give one; without it (a few narrow tests) no agreement is known and every application token is refused
   * AGREEMENTS_UNAVAILABLE: fail closed.
   */
  agreements?: { db: Database; pollIntervalMs?: number; listen?: boolean };
  /** GATEWAY_AD_HOC_QUERIES: whether personal tokens may send queries no agreement covers; default allow. */
  adHocQueries?: AdHocQueries;
}

/** Largest request body /graphql reads; a larger one is refused with 413 (and audited). */
const MAX_BODY = '1mb';

export interface RunningGateway extends RunningServer {
  graphqlUrl: string;
  /** Subgraph name → URL the gateway calls. */
  subgraphs: Record<string, string>;
  /** Which supergraph is served (the registry's version, or the checked-in one). */
  served(): ServedVersion;
  /** Looks at the registry now instead of at the next notification or poll; resolves once switched (or not). */
  refreshSupergraph(): Promise<void>;
  /** The agreements the gateway enforces, as it last read them; undefined without a source. */
  agreements: AgreementDirectory | undefined;
}

/** The gateway: POST /graphql, GET /healthz (process up), GET /readyz (graph loaded, and which). */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const limits: OperationLimits = { ...DEFAULT_OPERATION_LIMITS, ...options.limits };
  const log = options.log ?? ((line: string) => loggerFor('gateway').info(line));
  const metrics = options.metrics === false ? undefined : (options.metrics ?? createGatewayMetrics());
  const subgraphs: Record<string, string> = {};
  const dataSources = new Map<string, SubgraphDataSource>();
  const connections = agencyConnections(options.subgraphMaxResponseBytes ?? DEFAULT_SUBGRAPH_MAX_RESPONSE_BYTES);
  // @apollo/gateway 2.14 otherwise reports its uptime, CPU and cloud host to usage-reporting.api.apollographql.com
  // every hour, after probing the cloud metadata addresses (169.254.169.254) at start: nothing leaves a closed
  // government network unasked. An operator's explicit APOLLO_TELEMETRY_DISABLED=false is kept.
  process.env.APOLLO_TELEMETRY_DISABLED ??= 'true';
  const supergraph = createSupergraphSource({
    fallbackSdl: options.supergraphSdl,
    ...(options.supergraphFeed ? { feed: options.supergraphFeed.feed, pollIntervalMs: options.supergraphFeed.pollIntervalMs } : {}),
    log,
  });
  const federation = new ApolloGateway({
    // The callback form: the first supergraph, then `update` whenever the registry serves a new one.
    supergraphSdl: supergraph.hook,
    buildService: ({ name, url }) => {
      const target = options.subgraphUrls?.[name] ?? supergraph.urlOf(name) ?? url;
      if (!target) throw new Error(`No URL for subgraph ${name}: set ${name.toUpperCase()}_URL`);
      subgraphs[name] = target;
      const source = new SubgraphDataSource({
        name,
        url: target,
        timeoutMs: options.subgraphTimeoutMs ?? 10_000,
        connections,
        signer: options.accessContextSigner,
        ...(options.subgraphBreaker ? { breaker: options.subgraphBreaker } : {}),
        ...(metrics ? { metrics } : {}),
      });
      dataSources.set(name, source);
      return source;
    },
  });
  // Each API schema the gateway serves, with its policy graph: requests pin the one they validate against.
  // The source checked the graph before handing the supergraph over; the description is reused as is.
  const graphs = new WeakMap<GraphQLSchema, PolicyGraph>();
  let graphError: Error | undefined;
  // The latest served graph and the text it was built from, for what works beside the request path: the
  // agreements' decision view plans a sharing request's operations over it.
  let latest: { policyGraph: PolicyGraph; supergraphSdl: string } | undefined;
  federation.onSchemaLoadOrUpdate(({ apiSchema, coreSupergraphSdl }) => {
    try {
      const description = supergraph.descriptionOf(coreSupergraphSdl);
      const graph = description ? { apiSchema, description } : buildPolicyGraph(apiSchema, coreSupergraphSdl);
      graphs.set(apiSchema, graph);
      latest = { policyGraph: graph, supergraphSdl: coreSupergraphSdl };
    } catch (error) {
      // Not reachable through the source (it checks first); if it were, requests on this schema fail closed.
      graphError = error as Error;
      log(`the policy graph did not build: ${graphError.message}`);
    }
  });

  const app = express();
  app.disable('x-powered-by');
  let ready = false;
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  // Ready once the graph is loaded: an agency being down degrades answers, it does not make the gateway unready.
  app.get('/readyz', (_req, res) => {
    if (ready) res.json({ status: 'ready', subgraphs: supergraph.subgraphNames(), supergraph: supergraph.served() });
    else res.status(503).json({ status: 'starting' });
  });
  if (metrics) app.get('/metrics', metricsEndpoint(metrics.registry, { token: options.metricsToken }));

  // Public keys only (a JWKS): what an agency needs to verify the access contexts this gateway signs.
  app.get('/.well-known/access-context-keys', (_req, res) => {
    if (options.accessContextPublicKeys) res.json(options.accessContextPublicKeys);
    else res.status(404).json({ errors: [{ message: 'This gateway does not publish its access-context keys; ask its operator for ACCESS_CONTEXT_PUBLIC_KEYS.', extensions: { code: 'NOT_FOUND' } }] });
  });

  // The sandbox (/) and the privacy officers' console (/console), built into web/dist: served here, no CDN.
  app.use(webRoutes({ distDirectory: DEFAULT_DIST_DIRECTORY, issuer: options.identity.issuer, clientId: 'govgraph-console' }));

  const agreementsDb = options.agreements?.db;
  const agreements = agreementsDb
    ? await startAgreementDirectory({
        source: {
          load: () => loadAgreedOperations(agreementsDb),
          fingerprint: () => agreementsFingerprint(agreementsDb),
          listen: options.agreements?.listen === false ? async () => async () => undefined : (onChange) => listenForAgreementChanges(agreementsDb, onChange),
        },
        ...(options.agreements?.pollIntervalMs ? { pollIntervalMs: options.agreements.pollIntervalMs } : {}),
      })
    : undefined;
  const listening = await listen(app, options.port, options.host ?? '127.0.0.1');
  // Every operation's outcome passes the trail once: counted, timed and logged there (observability/observedTrail.ts).
  const trail = observedTrail(
    createAuditTrail(options.audit.writer, { subjectKey: options.audit.subjectKey, policyRevision: policyRevision() }),
    metrics,
    () => options.requestLogger ?? loggerFor('gateway'),
  );
  metrics?.watchAuditBacklog(() => options.audit.writer.backlog);
  const budgets = options.budgets ? createBudgetKeeper({ store: options.budgets, subjectKey: options.audit.subjectKey }) : undefined;
  const apollo = new ApolloServer<GatewayContext>({
    gateway: new BoundedGateway(
      new EnforcingGateway(federation, {
        pseudonymKey: options.pseudonymKey,
        subjectKey: options.audit.subjectKey,
        ...(budgets ? { budgets } : {}),
      }),
      limits,
    ),
    // Limits before planning (gateway/limits): tokens while parsing; fragment expansion (Apollo's own rule),
    // then depth, aliases, root fields, directives and cost, as validation rules that see only valid documents.
    parseOptions: { maxTokens: limits.maxTokens },
    maxRecursiveSelections: limits.maxSelections,
    validationRules: [readOnlyGraphRule, ...operationLimitRules(limits)],
    formatError: (formatted, error) => formatGatewayError(restoreLimitCode(formatted, error, limits)),
    includeStacktraceInErrorResponses: false,
    // An id names an agreed document only (gateway/agreements/trustedDocuments.ts), never one a client registered.
    persistedQueries: false,
    // Shutdown is the process's (runtime/shutdown.ts): Apollo re-raising the signal would cut it short.
    stopOnTerminationSignals: false,
    plugins: [
      // Enforcement decides before the gateway plans (didResolveOperation); the audit commits before the
      // answer leaves (willSendResponse); the landing page and drain are plumbing.
      servedGraphPlugin((schema) => graphs.get(schema)),
      // With tracing on, each step's hooks run in a span of their own (observability/tracedPlugin.ts).
      pipelineSpansPlugin(),
      reservedNamesPlugin(),
      tracedPlugin('decide', enforcementPlugin()),
      // After the decisions, before execution: the case reference verified with its owner, the root lookups in its scope.
      tracedPlugin('case', casePlugin({ dataSource: (name) => dataSources.get(name), cache: new VerificationCache(options.caseVerificationTtlSeconds) })),
      ...(budgets ? [tracedPlugin('budget', budgetPlugin(budgets))] : []),
      auditPlugin(trail),
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginDrainHttpServer({ httpServer: listening.server }),
    ],
  });
  try {
    await apollo.start();
    if (graphError) throw graphError;
  } catch (error) {
    await apollo.stop().catch(() => undefined);
    await listening.close().catch(() => undefined);
    await agreements?.close();
    await connections.close();
    throw error;
  }
  const verifier = createTokenVerifier(options.identity);
  const admission = createAdmissionGate({ ...DEFAULT_ADMISSION, ...options.admission });
  metrics?.watchAdmission(admission);
  const snapshot = () => agreements?.snapshot();
  const enforcement = { snapshot, adHocQueries: options.adHocQueries ?? 'allow' };
  const contextOf = createContextFunction(verifier, trail, admission, enforcement, budgets);
  // The door, authentication and purpose as one step of the request's trace.
  const context: typeof contextOf = (args) => inSpan('gateway', 'govgraph.authenticate', {}, () => contextOf(args));
  const span = requestSpan('gateway', '/graphql');
  app.use(
    '/graphql',
    span.open,
    auditedMethods(),
    express.json({ limit: MAX_BODY }),
    span.enter,
    trustedDocuments(snapshot),
    expressMiddleware(apollo, { context }),
  );
  // Every other answer is JSON too: a body refused at the door (audited), an unknown path, anything unexpected.
  app.use('/graphql', auditedRefusals(verifier, trail));
  // The governance plane beside the request path: agencies publish their subgraphs here (registry/api).
  let registryRouter: RegistryRouter | undefined;
  if (options.registry) {
    registryRouter = await createRegistryRouter({ registry: options.registry, verifier, trail });
    app.use('/registry/graphql', registryRouter.router);
  }
  if (options.agreements) {
    // The data-sharing agreements' workflow (agreements/api): governance beside the request path, audited the same way.
    app.use(
      '/agreements/graphql',
      agreementsRouter({
        verifier,
        trail,
        limits,
        store: createAgreementStore(options.agreements.db),
        graph: () => {
          if (!latest) throw new Error('the policy graph is not loaded');
          return latest;
        },
      }),
    );
  }
  app.use(jsonNotFound());
  app.use(jsonErrorHandler('gateway'));
  ready = true;

  return {
    url: listening.url,
    port: listening.port,
    graphqlUrl: `${listening.url}/graphql`,
    subgraphs,
    served: () => supergraph.served(),
    refreshSupergraph: () => supergraph.refresh(),
    agreements,
    close: async () => {
      ready = false;
      await registryRouter?.stop();
      await agreements?.close();
      await apollo.stop();
      await listening.close().catch(() => undefined);
      await connections.close();
    },
  };
}
