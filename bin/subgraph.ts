/**
 * npm run start:subgraph -- <agency> — one agency's subgraph alone, as production runs it, over its
 * own database: <AGENCY>_DATABASE_URL, or `<prefix>_<agency>` on the DATABASE_URL server.
 * Migrations are applied on start. It answers only requests carrying an access context signed by the
 * gateway's key (ACCESS_CONTEXT_PUBLIC_KEYS).
 */
import { parseAccessContextPublicKeys } from '../identity/accessContextKeys';
import { ConfigError, loadConfig, required } from '../runtime/config';
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
  const accessContextKeys = parseAccessContextPublicKeys(
    required(config.accessContextPublicKeys, 'ACCESS_CONTEXT_PUBLIC_KEYS', "the gateway's public key set (JWKS or PEM)"),
  );
  const db = await openAgencyDatabase(agency, {
    serverUrl: config.databaseUrl,
    prefix: config.databasePrefix,
    explicitUrl: config.agencyDatabaseUrls[agency],
  });
  const subgraph = await startSubgraph(subgraphDefinitions[agency], {
    db,
    port: config.port ?? DEFAULT_SUBGRAPH_PORTS[agency],
    host: config.host,
    accessContextKeys,
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
