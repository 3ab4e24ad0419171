import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import type { AuditWriter } from '../audit/writer';
import type { AccessContextSigner } from '../identity/accessContext';
import { createRegistryRouter, type RegistryRouter } from '../registry/api/registryRouter';
import type { Registry } from '../registry/registry';
import { policyRevision } from '../policies';
import { createAuditTrail } from './audit/auditTrail';
import { casePlugin } from './cases/casePlugin';
import { VerificationCache } from './cases/verificationCache';
import { createBudgetKeeper } from './budgets/budgetKeeper';
import { budgetPlugin } from './budgets/budgetPlugin';
import type { BudgetStore } from './budgets/budgetStore';
import { graphqlMethods } from '../subgraphs/kit/graphqlMethods';
import { jsonErrorHandler, jsonNotFound } from '../subgraphs/kit/httpErrors';
import { listen, type RunningServer } from '../subgraphs/kit/httpServer';
import { DEFAULT_DIST_DIRECTORY, webRoutes } from '../web/server';
import type { GatewayContext } from './context';
import { readOnlyGraphRule } from './enforcement/readOnlyGraphRule';
import { EnforcingGateway } from './enforcingGateway';
import { formatGatewayError } from './formatError';
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
import { buildPolicyGraph, type PolicyGraph } from './policyGraph';
import { SubgraphDataSource } from './subgraphDataSource';

export interface GatewayOptions {
  supergraphSdl: string;
  /** Overrides the URLs composed into the supergraph, by subgraph name. */
  subgraphUrls?: Partial<Record<string, string>>;
  subgraphTimeoutMs?: number;
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
}

/** Largest request body /graphql reads; a larger one is refused with 413 (and audited). */
const MAX_BODY = '1mb';

export interface RunningGateway extends RunningServer {
  graphqlUrl: string;
  /** Subgraph name → URL the gateway calls. */
  subgraphs: Record<string, string>;
}

/** The gateway: POST /graphql, GET /healthz (process up), GET /readyz (graph loaded). */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const limits: OperationLimits = { ...DEFAULT_OPERATION_LIMITS, ...options.limits };
  const subgraphs: Record<string, string> = {};
  const dataSources = new Map<string, SubgraphDataSource>();
  const federation = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name, url }) => {
      const target = options.subgraphUrls?.[name] ?? url;
      if (!target) throw new Error(`No URL for subgraph ${name}: set ${name.toUpperCase()}_URL`);
      subgraphs[name] = target;
      const source = new SubgraphDataSource({
        name,
        url: target,
        timeoutMs: options.subgraphTimeoutMs ?? 10_000,
        signer: options.accessContextSigner,
        ...(options.subgraphBreaker ? { breaker: options.subgraphBreaker } : {}),
      });
      dataSources.set(name, source);
      return source;
    },
  });
  let graph: PolicyGraph | undefined;
  let graphError: Error | undefined;
  federation.onSchemaLoadOrUpdate(({ apiSchema, coreSupergraphSdl }) => {
    try {
      graph = buildPolicyGraph(apiSchema, coreSupergraphSdl);
    } catch (error) {
      graphError = error as Error;
    }
  });
  const currentGraph = () => {
    if (!graph) throw new Error('the policy graph is not loaded');
    return graph;
  };

  const app = express();
  app.disable('x-powered-by');
  let ready = false;
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  // Ready once the graph is loaded: an agency being down degrades answers, it does not make the gateway unready.
  app.get('/readyz', (_req, res) => {
    if (ready) res.json({ status: 'ready', subgraphs: Object.keys(subgraphs) });
    else res.status(503).json({ status: 'starting' });
  });

  // The sandbox (/) and the privacy officers' console (/console), built into web/dist: served here, no CDN.
  app.use(webRoutes({ distDirectory: DEFAULT_DIST_DIRECTORY, issuer: options.identity.issuer, clientId: 'govgraph-console' }));

  const listening = await listen(app, options.port, options.host ?? '127.0.0.1');
  const trail = createAuditTrail(options.audit.writer, { subjectKey: options.audit.subjectKey, policyRevision: policyRevision() });
  const budgets = options.budgets ? createBudgetKeeper({ store: options.budgets, subjectKey: options.audit.subjectKey }) : undefined;
  const apollo = new ApolloServer<GatewayContext>({
    gateway: new BoundedGateway(
      new EnforcingGateway(federation, {
        graph: currentGraph,
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
    // Shutdown is the process's (runtime/shutdown.ts): Apollo re-raising the signal would cut it short.
    stopOnTerminationSignals: false,
    plugins: [
      // Enforcement decides before the gateway plans (didResolveOperation); the audit commits before the
      // answer leaves (willSendResponse); the landing page and drain are plumbing.
      reservedNamesPlugin(),
      enforcementPlugin(currentGraph),
      // After the decisions, before execution: the case reference verified with its owner, the root lookups in its scope.
      casePlugin({ dataSource: (name) => dataSources.get(name), cache: new VerificationCache(options.caseVerificationTtlSeconds) }),
      ...(budgets ? [budgetPlugin(budgets, currentGraph)] : []),
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
    throw error;
  }
  const verifier = createTokenVerifier(options.identity);
  app.use('/graphql', graphqlMethods(), express.json({ limit: MAX_BODY }), expressMiddleware(apollo, { context: createContextFunction(verifier, trail, createAdmissionGate({ ...DEFAULT_ADMISSION, ...options.admission }), budgets) }));
  // Every other answer is JSON too: a body refused at the door (audited), an unknown path, anything unexpected.
  app.use('/graphql', auditedRefusals(verifier, trail));
  // The governance plane beside the request path: agencies publish their subgraphs here (registry/api).
  let registryRouter: RegistryRouter | undefined;
  if (options.registry) {
    registryRouter = await createRegistryRouter({ registry: options.registry, verifier, trail });
    app.use('/registry/graphql', registryRouter.router);
  }
  app.use(jsonNotFound());
  app.use(jsonErrorHandler('gateway'));
  ready = true;

  return {
    url: listening.url,
    port: listening.port,
    graphqlUrl: `${listening.url}/graphql`,
    subgraphs,
    close: async () => {
      ready = false;
      await registryRouter?.stop();
      await apollo.stop();
      await listening.close().catch(() => undefined);
    },
  };
}
