/**
 * npm start — the whole system on one machine: PostgreSQL (embedded unless DATABASE_URL names a server),
 * migrations, the seed when the databases are empty, the development identity provider, and the five
 * agency subgraphs, the audit subgraph and the gateway each in a process of its own, restarted when it
 * crashes (runtime/supervisor.ts). Ctrl-C stops everything it started.
 */
import { DEFAULT_CHECKPOINT_KEY_FILE } from '../audit/checkpointKeys';
import { ConfigError, loadConfig } from '../runtime/config';
import { exampleQueryBanner } from '../runtime/banner';
import { onShutdown } from '../runtime/shutdown';
import { startSupervisedSystem } from '../runtime/supervisor';
import { DEFAULT_SUBGRAPH_PORTS } from '../subgraphs/agencies';

async function main(): Promise<void> {
  const config = loadConfig();
  const started = Date.now();
  const log = (line: string) => console.log(`[govgraph] ${line}`);
  const system = await startSupervisedSystem({
    ...(config.databaseUrl ? { serverUrl: config.databaseUrl } : { embedded: config.embeddedPostgres }),
    databasePrefix: config.databasePrefix,
    agencyDatabaseUrls: config.agencyDatabaseUrls,
    ...(config.audit.databaseUrl ? { auditDatabaseUrl: config.audit.databaseUrl } : {}),
    ...(config.audit.witnessUrl ? { auditWitnessUrl: config.audit.witnessUrl } : {}),
    ...(config.budgetDatabaseUrl ? { budgetDatabaseUrl: config.budgetDatabaseUrl } : {}),
    ...(config.registry.databaseUrl ? { registryDatabaseUrl: config.registry.databaseUrl } : {}),
    ...(config.agreementsDatabaseUrl ? { agreementsDatabaseUrl: config.agreementsDatabaseUrl } : {}),
    seedPersons: config.seedPersons,
    limits: config.limits,
    host: config.host,
    gatewayPort: config.port ?? 4000,
    subgraphPorts: { ...DEFAULT_SUBGRAPH_PORTS },
    subgraphTimeoutMs: config.subgraphTimeoutMs,
    devIdentityProviderPort: config.devIdentityProviderPort,
    ...(config.pseudonymKey ? { pseudonymKey: config.pseudonymKey } : {}),
    audit: {
      chainId: config.audit.chainId,
      ...(config.audit.subjectKey ? { subjectKey: config.audit.subjectKey } : {}),
      checkpointKeyFile: DEFAULT_CHECKPOINT_KEY_FILE,
    },
    heapMb: config.childHeapMb,
    log,
  });
  log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(exampleQueryBanner(system.graphqlUrl, system.identityProvider.issuer));
  const stop = async () => {
    log('stopping…');
    await system.stop();
    log('stopped');
  };
  onShutdown(stop);
  // Without a gateway nothing can be answered: stop the rest rather than pretend to serve.
  void system.failed.then(async (reason) => {
    log(`${reason}; stopping`);
    await stop();
    process.exit(1);
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : `govgraph failed to start: ${(error as Error).message}`);
  process.exit(1);
});
