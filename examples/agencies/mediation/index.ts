import path from 'node:path';
import { loadSchema, type SubgraphDefinition } from '@govgraph/subgraph-kit';
import { createMediationLoaders, type MediationLoaders } from './loaders';
import { mediationResolvers } from './resolvers';

/**
 * 司法局 人民调解, the sixth agency: built as an agency outside this repository would build it, on
 * @govgraph/subgraph-kit alone, and joined to the running graph by `npm run registry -- publish` (README).
 */
export const mediation: SubgraphDefinition<MediationLoaders> = {
  name: 'mediation',
  typeDefs: loadSchema(__dirname),
  resolvers: mediationResolvers,
  migrationsDirectory: path.join(__dirname, 'migrations'),
  createLoaders: createMediationLoaders,
};

export { seedMediation, DEMO_MEDIATIONS } from './seed';
/** Where `npm run agency -- mediation` listens by default. */
export const MEDIATION_DEFAULT_PORT = 4106;
