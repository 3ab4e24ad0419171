import { randomUUID } from 'node:crypto';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { expressMiddleware } from '@as-integrations/express5';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import express from 'express';
import type { Database } from './database';
import type { SubgraphContext, SubgraphDefinition } from './definition';
import { createErrorFormatter } from './errors';
import { listen, type RunningServer } from './httpServer';

export interface StartSubgraphOptions {
  db: Database;
  port: number;
  host?: string;
}

export interface RunningSubgraph extends RunningServer {
  name: string;
  /** The GraphQL endpoint, e.g. http://localhost:4001/graphql */
  graphqlUrl: string;
}

/** Serves one agency's subgraph: POST /graphql, GET /healthz (process up), GET /readyz (database answers). */
export async function startSubgraph<Loaders>(
  definition: SubgraphDefinition<Loaders>,
  options: StartSubgraphOptions,
): Promise<RunningSubgraph> {
  const { db } = options;
  const app = express();
  app.disable('x-powered-by');
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

  const listening = await listen(app, options.port, options.host ?? '0.0.0.0');
  const apollo = new ApolloServer<SubgraphContext<Loaders>>({
    schema: buildSubgraphSchema({
      typeDefs: definition.typeDefs,
      // graphql-js types resolvers over an unknown context; ours is the SubgraphContext built below.
      resolvers: definition.resolvers as GraphQLResolverMap<unknown>,
    }),
    formatError: createErrorFormatter(definition.name),
    includeStacktraceInErrorResponses: false,
    // Government networks are closed: no landing page that pulls a CDN.
    plugins: [ApolloServerPluginLandingPageDisabled(), ApolloServerPluginDrainHttpServer({ httpServer: listening.server })],
  });
  await apollo.start();
  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) => ({
        db,
        loaders: definition.createLoaders(db),
        requestId: req.header('x-request-id') ?? randomUUID(),
      }),
    }),
  );

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
