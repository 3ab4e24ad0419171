import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type { DocumentNode } from 'graphql';
import type { Agency } from '../agencies';
import type { Database } from './database';

/** What every subgraph resolver receives; built fresh for each request. */
export interface SubgraphContext<Loaders> {
  db: Database;
  loaders: Loaders;
  /** The gateway's request id (`X-Request-Id`), for correlating logs across agencies. */
  requestId: string;
}

/**
 * An agency's subgraph as data: the shared kit turns it into a server. An agency adds types and
 * fields here and never changes the kit.
 */
export interface SubgraphDefinition<Loaders = unknown> {
  name: Agency;
  typeDefs: DocumentNode;
  resolvers: GraphQLResolverMap<SubgraphContext<Loaders>>;
  /** Absolute path of the folder of `NNN_name.sql` migrations. */
  migrationsDirectory: string;
  createLoaders(db: Database): Loaders;
}
