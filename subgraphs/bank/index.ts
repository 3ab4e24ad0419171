import path from 'node:path';
import { loadSchema, type SubgraphDefinition } from '@govgraph/subgraph-kit';
import { createBankLoaders, type BankLoaders } from './loaders';
import { bankResolvers } from './resolvers';

/** 银行: owns Account, flagged transactions, suspicious-transaction reports and stop-payment orders (紧急止付). */
export const bank: SubgraphDefinition<BankLoaders> = {
  name: 'bank',
  typeDefs: loadSchema(__dirname),
  resolvers: bankResolvers,
  migrationsDirectory: path.join(__dirname, 'migrations'),
  createLoaders: createBankLoaders,
};
