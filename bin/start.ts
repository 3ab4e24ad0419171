/**
 * npm start — the whole system in one process: PostgreSQL (embedded unless DATABASE_URL names a server),
 * migrations, the seed when the databases are empty, the five agency subgraphs and the gateway.
 * Ctrl-C stops everything it started.
 */
import { DEFAULT_CHECKPOINT_KEY_FILE } from '../audit/checkpointKeys';
import { loadSupergraphSdl } from '../gateway/supergraph';
import { ConfigError, loadConfig } from '../runtime/config';
import { exampleQueryBanner } from '../runtime/banner';
import { onShutdown } from '../runtime/shutdown';
import { startSystem } from '../runtime/system';
import { DEFAULT_SUBGRAPH_PORTS } from '../subgraphs/agencies';

async function main(): Promise<void> {
  const config = loadConfig();
  const started = Date.now();
  const log = (line: string) => console.log(`[govgraph] ${line}`);
  const system = await startSystem({
    serverUrl: config.databaseUrl,
    embedded: config.embeddedPostgres,
    databasePrefix: config.databasePrefix,
    agencyDatabaseUrls: config.agencyDatabaseUrls,
    seedPersons: config.seedPersons,
    host: config.host,
    gatewayPort: config.port ?? 4000,
    subgraphPorts: { ...DEFAULT_SUBGRAPH_PORTS },
    subgraphTimeoutMs: config.subgraphTimeoutMs,
    supergraphSdl: loadSupergraphSdl(),
    devIdentityProviderPort: config.devIdentityProviderPort,
    ...(config.pseudonymKey ? { pseudonymKey: config.pseudonymKey } : {}),
    audit: {
      ...(config.audit.databaseUrl ? { databaseUrl: config.audit.databaseUrl } : {}),
      chainId: config.audit.chainId,
      queueLimit: config.audit.queueLimit,
      ...(config.audit.subjectKey ? { subjectKey: config.audit.subjectKey } : {}),
      checkpointKeyFile: DEFAULT_CHECKPOINT_KEY_FILE,
    },
    log,
  });
  log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(exampleQueryBanner(system.gateway.graphqlUrl, system.identityProvider.issuer));
  onShutdown(async () => {
    log('stopping…');
    await system.stop();
    log('stopped');
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : `govgraph failed to start: ${(error as Error).message}`);
  process.exit(1);
});
