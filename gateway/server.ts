import { randomUUID } from 'node:crypto';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { listen, type RunningServer } from '../subgraphs/kit/httpServer';
import type { GatewayContext } from './context';
import { formatGatewayError } from './formatError';
import { SubgraphDataSource } from './subgraphDataSource';

export interface GatewayOptions {
  supergraphSdl: string;
  /** Overrides the URLs composed into the supergraph, by subgraph name. */
  subgraphUrls?: Partial<Record<string, string>>;
  subgraphTimeoutMs?: number;
  port: number;
  host?: string;
}

export interface RunningGateway extends RunningServer {
  graphqlUrl: string;
  /** Subgraph name → URL the gateway calls. */
  subgraphs: Record<string, string>;
}

/** The gateway: POST /graphql, GET /healthz (process up), GET /readyz (graph loaded). */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const subgraphs: Record<string, string> = {};
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name, url }) => {
      const target = options.subgraphUrls?.[name] ?? url;
      if (!target) throw new Error(`No URL for subgraph ${name}: set ${name.toUpperCase()}_URL`);
      subgraphs[name] = target;
      return new SubgraphDataSource(target, options.subgraphTimeoutMs ?? 10_000);
    },
  });

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

  const listening = await listen(app, options.port, options.host ?? '127.0.0.1');
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    formatError: formatGatewayError,
    includeStacktraceInErrorResponses: false,
    plugins: [ApolloServerPluginLandingPageDisabled(), ApolloServerPluginDrainHttpServer({ httpServer: listening.server })],
  });
  await apollo.start();
  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) => ({ requestId: req.header('x-request-id') ?? randomUUID() }),
    }),
  );
  ready = true;

  return {
    url: listening.url,
    port: listening.port,
    graphqlUrl: `${listening.url}/graphql`,
    subgraphs,
    close: async () => {
      ready = false;
      await apollo.stop();
      await listening.close().catch(() => undefined);
    },
  };
}
