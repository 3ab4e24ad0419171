import path from 'node:path';
import { loadSchema, type SubgraphDefinition } from '@govgraph/subgraph-kit';
import { createMarketLoaders, type MarketLoaders } from './loaders';
import { marketResolvers } from './resolvers';

/** 市场监管: owns Enterprise (市场主体) with its inspections, penalties and 12315 complaints. */
export const market: SubgraphDefinition<MarketLoaders> = {
  name: 'market',
  typeDefs: loadSchema(__dirname),
  resolvers: marketResolvers,
  migrationsDirectory: path.join(__dirname, 'migrations'),
  createLoaders: createMarketLoaders,
};
