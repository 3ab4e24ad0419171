import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type { DocumentNode } from 'graphql';
import type { AccessContext } from '@govgraph/access-context';
import type { RowScope } from '@govgraph/policies';
import type { Database } from './database';

/** What every subgraph resolver receives; built fresh for each request the gateway's access context admitted. */
export interface SubgraphContext<Loaders> {
  db: Database;
  loaders: Loaders;
  /** The verified access context: who asks, with which roles and jurisdiction, for which purpose. */
  access: AccessContext;
  /** The rows this caller may see (policies/jurisdiction.ts); searches built here add it to their SQL. */
  rowScope: RowScope;
  /** The gateway's request id, from the signed context: correlates logs across agencies. */
  requestId: string;
}

/**
 * An agency's subgraph as data: the shared kit turns it into a server. An agency adds types and
 * fields here and never changes the kit.
 */
export interface SubgraphDefinition<Loaders = unknown> {
  /** The subgraph's name in the supergraph: the audience its access contexts are minted for. */
  name: string;
  typeDefs: DocumentNode;
  resolvers: GraphQLResolverMap<SubgraphContext<Loaders>>;
  /** Absolute path of the folder of `NNN_name.sql` migrations. */
  migrationsDirectory: string;
  /** Per-request loaders; statements reading district-bearing rows filter by `scope` (kit/jurisdiction.ts). */
  createLoaders(db: Database, scope: RowScope): Loaders;
}
