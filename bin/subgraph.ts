/**
 * npm run start:subgraph -- <name> — one subgraph alone, as production runs it: an agency over its own
 * database (<AGENCY>_DATABASE_URL, or `<prefix>_<agency>` on the DATABASE_URL server), or `audit`, the
 * review API over the audit log (AUDIT_DATABASE_URL or `<prefix>_audit`; needs AUDIT_SUBJECT_KEY).
 * It connects as its own role and migrates nothing: run `npm run migrate` first. It answers only
 * requests carrying an access context signed by the gateway's key (ACCESS_CONTEXT_PUBLIC_KEYS).
 */
// First, before anything loads graphql-js: production mode (subgraphs/kit/productionMode.ts says why).
import '../subgraphs/kit/productionMode';
import { parseCheckpointPublicKeys } from '../audit/checkpointKeys';
import { openAuditDatabase } from '../audit/database';
import { parseAccessContextPublicKeys } from '@govgraph/access-context';
import { openAgencyDatabase } from '../runtime/agencyDatabase';
import { ConfigError, loadConfig, required, type Config } from '../runtime/config';
import { onShutdown } from '../runtime/shutdown';
import { loggerFor } from '@govgraph/observability';
import { startTracing } from '@govgraph/observability';
import { DEFAULT_SUBGRAPH_PORTS, isSubgraphName, SUBGRAPHS, type SubgraphName } from '../subgraphs/agencies';
import { createAuditSubgraph } from '../subgraphs/audit';
import type { Database } from '../subgraphs/kit/database';
import type { SubgraphDefinition } from '../subgraphs/kit/definition';
import { startSubgraph } from '../subgraphs/kit/server';
import { subgraphDefinitions } from '../subgraphs/registry';

async function served(name: SubgraphName, config: Config): Promise<[SubgraphDefinition<unknown>, Database]> {
  if (name === 'audit') {
    const subjectKey = required(config.audit.subjectKey, 'AUDIT_SUBJECT_KEY', "the gateway's secret behind data-subject pseudonyms");
    const db = await openAuditDatabase({
      serverUrl: config.databaseUrl,
      prefix: config.databasePrefix,
      migrate: false,
      ...(config.audit.databaseUrl ? { explicitUrl: config.audit.databaseUrl } : {}),
    });
    // Checkpoint signatures are checked with AUDIT_PUBLIC_KEYS; without them the integrity report says so.
    const checkpointPublicKeys = config.audit.publicKeys ? parseCheckpointPublicKeys(config.audit.publicKeys) : [];
    return [createAuditSubgraph({ subjectKey, checkpointPublicKeys }) as SubgraphDefinition<unknown>, db];
  }
  const db = await openAgencyDatabase(name, {
    serverUrl: config.databaseUrl,
    prefix: config.databasePrefix,
    migrate: false,
    explicitUrl: config.agencyDatabaseUrls[name],
  });
  return [subgraphDefinitions[name], db];
}

async function main(): Promise<void> {
  const name = process.argv[2] ?? process.env.SUBGRAPH;
  if (!name || !isSubgraphName(name)) {
    throw new ConfigError(`Name the subgraph to serve: npm run start:subgraph -- <${SUBGRAPHS.join('|')}> (or set SUBGRAPH)`);
  }
  const config = loadConfig();
  const tracing = startTracing({ serviceName: `govgraph-${name}` });
  const accessContextKeys = parseAccessContextPublicKeys(
    required(config.accessContextPublicKeys, 'ACCESS_CONTEXT_PUBLIC_KEYS', "the gateway's public key set (JWKS or PEM)"),
  );
  const [definition, db] = await served(name, config);
  const subgraph = await startSubgraph(definition, {
    db,
    port: config.port ?? DEFAULT_SUBGRAPH_PORTS[name],
    host: config.host,
    accessContextKeys,
    ...(config.metricsToken ? { metricsToken: config.metricsToken } : {}),
  });
  loggerFor(name).info({ url: subgraph.graphqlUrl, tracing: tracing !== undefined }, 'subgraph listening');
  onShutdown(async () => {
    await subgraph.close();
    await db.close();
    await tracing?.shutdown();
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : `subgraph failed to start: ${(error as Error).message}`);
  process.exit(1);
});
