import path from 'node:path';
import { loadSchema, type SubgraphDefinition } from '@govgraph/subgraph-kit';
import { createPetitionsLoaders, type PetitionsLoaders } from './loaders';
import { petitionsResolvers } from './resolvers';

/** 信访局 and 矛调中心: own Petition and Dispute; add a person's petitions and disputes to Person. */
export const petitions: SubgraphDefinition<PetitionsLoaders> = {
  name: 'petitions',
  typeDefs: loadSchema(__dirname),
  resolvers: petitionsResolvers,
  migrationsDirectory: path.join(__dirname, 'migrations'),
  createLoaders: createPetitionsLoaders,
};
