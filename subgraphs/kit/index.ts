/**
 * @govgraph/subgraph-kit — what an agency needs to serve its subgraph behind the govgraph gateway, and
 * nothing it must change: an agency describes its subgraph as data (SubgraphDefinition: SDL, resolvers,
 * migrations, per-request loaders) and `startSubgraph` serves it with the access gate (the gateway's
 * signed, single-use access context), the field shield and the masks of the same policies the gateway
 * decides with (@govgraph/policies), and jurisdiction filters in SQL. The privacy directives (`@sensitive`,
 * `@notPersonal`) come with `loadSchema`. The five agencies of this repository and the example agency in
 * examples/agencies/mediation import this entry point only.
 */
export { startSubgraph, type RunningSubgraph, type StartSubgraphOptions } from './server';
export type { SubgraphContext, SubgraphDefinition } from './definition';
export { loadSchema } from './loadSchema';
export { openDatabase, type Database, type OpenDatabaseOptions } from './database';
export { migrate } from './migrate';
export { rowByKey, rowsByKey } from './batch';
export { inJurisdiction, unrestrictedOnly } from './jurisdiction';
export { buildPageQuery, jurisdictionCondition, type ColumnFilter, type Jurisdiction, type PageQuery } from './pageQuery';
export { cursorError, decodeCursor, encodeCursor, pageSize, toConnection, MAX_PAGE_SIZE, type Connection, type PageInfo } from './pagination';
export { badTimeArgument, isTimeValue, type TimeCast } from './timeArguments';
export { parseAccessContextPublicKeys } from '@govgraph/access-context';
export { ACCESS_CONTEXT_KEYS_PATH, fetchGatewayAccessContextKeys } from './gatewayKeys';
export type { RowScope } from '@govgraph/policies';
export type { JSONWebKeySet } from 'jose';
