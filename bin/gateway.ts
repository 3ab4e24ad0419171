/**
 * npm run start:gateway — the gateway alone, as production runs it: the static supergraph, the
 * agencies at the URLs composed into it or at POLICE_URL, COURT_URL, … when set.
 */
import { startGateway } from '../gateway/server';
import { loadSupergraphSdl } from '../gateway/supergraph';
import { ConfigError, loadConfig } from '../runtime/config';
import { onShutdown } from '../runtime/shutdown';

async function main(): Promise<void> {
  const config = loadConfig();
  const gateway = await startGateway({
    supergraphSdl: loadSupergraphSdl(),
    subgraphUrls: config.subgraphUrls,
    subgraphTimeoutMs: config.subgraphTimeoutMs,
    port: config.port ?? 4000,
    host: config.host,
  });
  console.log(`[gateway] ${gateway.graphqlUrl}`);
  for (const [name, url] of Object.entries(gateway.subgraphs)) console.log(`[gateway]   ${name} → ${url}`);
  onShutdown(() => gateway.close());
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : `gateway failed to start: ${(error as Error).message}`);
  process.exit(1);
});
