import path from 'node:path';
import { loadSchema, type SubgraphDefinition } from '@govgraph/subgraph-kit';
import { createPoliceLoaders, type PoliceLoaders } from './loaders';
import { policeResolvers } from './resolvers';

/** 公安: owns Person (户籍) and the incidents, fraud cases and precursor permits. */
export const police: SubgraphDefinition<PoliceLoaders> = {
  name: 'police',
  typeDefs: loadSchema(__dirname),
  resolvers: policeResolvers,
  migrationsDirectory: path.join(__dirname, 'migrations'),
  createLoaders: createPoliceLoaders,
};
