import path from 'node:path';
import { loadSchema, type SubgraphDefinition } from '@govgraph/subgraph-kit';
import { createCourtLoaders, type CourtLoaders } from './loaders';
import { courtResolvers } from './resolvers';

/** 法院: owns Case; adds cases and the dishonest-debtor flag to Person and Enterprise. */
export const court: SubgraphDefinition<CourtLoaders> = {
  name: 'court',
  typeDefs: loadSchema(__dirname),
  resolvers: courtResolvers,
  migrationsDirectory: path.join(__dirname, 'migrations'),
  createLoaders: createCourtLoaders,
};
