import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { expressMiddleware } from '@as-integrations/express5';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import express from 'express';
import type { JSONWebKeySet } from 'jose';
import { PURPOSE_LIST, type Purpose } from '@govgraph/policies';
import { accessGate, admittedRequest } from './accessGate';
import { agencyMaskPlugin, agencyMaskTable } from './agencyMasks';
import type { Database } from './database';
import type { SubgraphContext, SubgraphDefinition } from './definition';
import { createErrorFormatter } from './errors';
import { fieldShieldTable } from './deniedFields';
import { fieldShieldPlugin } from './fieldShield';
import { graphqlMethods } from './graphqlMethods';
import { jsonErrorHandler, jsonNotFound } from './httpErrors';
import { listen, type RunningServer } from './httpServer';
import { subgraphFields } from './subgraphFields';
import { metricsEndpoint } from './metricsEndpoint';
import { requestSpan } from './requestSpan';
import { createSubgraphMetrics } from './subgraphMetrics';

export interface StartSubgraphOptions {
  db: Database;
  port: number;
  host?: string;
  /** The gateway's public keys for its signed access contexts: what `parseAccessContextPublicKeys` returns. */
  accessContextKeys: JSONWebKeySet;
  /** The purposes the subgraph admits and its field rules enforce. Default: all of policies/ (tests add their own). */
  purposes?: readonly Purpose[];
  /** METRICS_TOKEN: the bearer token GET /metrics asks for; without it /metrics answers loopback callers only. */
  metricsToken?: string;
}

export interface RunningSubgraph extends RunningServer {
  name: string;
  /** The GraphQL endpoint, e.g. http://localhost:4001/graphql */
  graphqlUrl: string;
}

/**
 * Serves one agency's subgraph: POST /graphql, GET /healthz (process up), GET /readyz (database answers).
 * A request to /graphql passes, in order: the access gate (the gateway's signed context, bound to this one
 * operation and used once, its purpose; accessGate.ts), the field shield (the operation refused whole,
 * before execution, if it selects a field its purpose denies; fieldShield.ts), then the resolvers, whose
 * loaders filter rows by the caller's jurisdiction in SQL (kit/jurisdiction.ts).
 */
export async function startSubgraph<Loaders>(
  definition: SubgraphDefinition<Loaders>,
  options: StartSubgraphOptions,
): Promise<RunningSubgraph> {
  const metrics = createSubgraphMetrics(definition.name);
  // The loaders' statements are counted and timed (GET /metrics); the pool and its counts are the same.
  const db = metrics.observedDatabase(options.db);
  /**
   * Each operation's HTTP response, so its outcome is noted where the request is counted: a symbol on the
   * context, since Apollo copies the context object per operation (a WeakMap keyed by it would miss).
   */
  const RESPONSE = Symbol('response');
  const purposes = options.purposes ?? PURPOSE_LIST;
  const gate = accessGate({ agency: definition.name, publicKeys: options.accessContextKeys, purposes });
  const schema = buildSubgraphSchema({
    typeDefs: definition.typeDefs,
    // graphql-js types resolvers over an unknown context; ours is the SubgraphContext built below.
    resolvers: definition.resolvers as GraphQLResolverMap<unknown>,
  });
  const fields = subgraphFields(schema, definition.typeDefs);
  const shield = fieldShieldTable(fields, purposes);
  const masks = agencyMaskTable(fields, purposes);

  const app = express();
  app.disable('x-powered-by');
  // Probes stay open: they say whether the process and its database are up, nothing about the data.
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      await db.pool.query('SELECT 1');
      res.json({ status: 'ready' });
    } catch {
      res.status(503).json({ status: 'unavailable', reason: 'database unreachable' });
    }
  });
  app.get('/metrics', metricsEndpoint(metrics.registry, { token: options.metricsToken }));

  const listening = await listen(app, options.port, options.host ?? '0.0.0.0');
  const apollo = new ApolloServer<SubgraphContext<Loaders>>({
    schema,
    formatError: createErrorFormatter(definition.name),
    includeStacktraceInErrorResponses: false,
    // Shutdown is the process's (runtime/shutdown.ts): Apollo re-raising the signal would cut it short.
    stopOnTerminationSignals: false,
    // Government networks are closed: no landing page that pulls a CDN.
    // No inline traces: nothing reports usage, and a trace would tell the gateway's caller about the agency's internals.
    plugins: [
      // First: what the purpose denies is refused before any other plugin or resolver sees the operation.
      fieldShieldPlugin(shield),
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginDrainHttpServer({ httpServer: listening.server }),
      // What the purpose masks leaves the agency masked (agencyMasks.ts).
      agencyMaskPlugin(definition.name, masks),
      metrics.plugin((context) => (context as { [RESPONSE]?: express.Response })[RESPONSE]),
    ],
  });
  await apollo.start();
  // A server span joining the gateway's trace (its traceparent), active once the gate has read the body.
  const span = requestSpan(definition.name, '/graphql');
  app.use(
    '/graphql',
    metrics.observeRequest,
    span.open,
    graphqlMethods(),
    // The gate comes first and reads the body itself: a request without a valid context is refused before
    // its body is read, one whose body is not what the context was signed for before it is parsed.
    ...gate,
    span.enter,
    expressMiddleware(apollo, {
      context: async ({ res }) => {
        const { access, rowScope } = admittedRequest(res);
        return { db, loaders: definition.createLoaders(db, rowScope), access, rowScope, requestId: access.requestId, [RESPONSE]: res };
      },
    }),
  );
  // Never express's HTML: a malformed body, an unknown path or anything unexpected answers JSON with a code.
  app.use(jsonNotFound());
  app.use(jsonErrorHandler(definition.name));

  return {
    name: definition.name,
    url: listening.url,
    port: listening.port,
    graphqlUrl: `${listening.url}/graphql`,
    close: async () => {
      await apollo.stop();
      await listening.close().catch(() => undefined);
    },
  };
}
