/**
 * npm run start:subgraph -- <agency> — one agency's subgraph alone, as production runs it, over its
 * own database: <AGENCY>_DATABASE_URL, or `<prefix>_<agency>` on the DATABASE_URL server.
 * Migrations are applied on start.
 */
import { ConfigError, loadConfig } from '../runtime/config';
import { openAgencyDatabase } from '../runtime/agencyDatabase';
import { onShutdown } from '../runtime/shutdown';
import { AGENCIES, DEFAULT_SUBGRAPH_PORTS, isAgency } from '../subgraphs/agencies';
import { startSubgraph } from '../subgraphs/kit/server';
import { subgraphDefinitions } from '../subgraphs/registry';

async function main(): Promise<void> {
  const agency = process.argv[2] ?? process.env.SUBGRAPH;
  if (!agency || !isAgency(agency)) {
    throw new ConfigError(`Name the agency to serve: npm run start:subgraph -- <${AGENCIES.join('|')}> (or set SUBGRAPH)`);
  }
  const config = loadConfig();
  const db = await openAgencyDatabase(agency, {
    serverUrl: config.databaseUrl,
    prefix: config.databasePrefix,
    explicitUrl: config.agencyDatabaseUrls[agency],
  });
  const subgraph = await startSubgraph(subgraphDefinitions[agency], {
    db,
    port: config.port ?? DEFAULT_SUBGRAPH_PORTS[agency],
    host: config.host,
  });
  console.log(`[${agency}] ${subgraph.graphqlUrl}`);
  onShutdown(async () => {
    await subgraph.close();
    await db.close();
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : `subgraph failed to start: ${(error as Error).message}`);
  process.exit(1);
});
