/**
 * npm run agency -- mediation — an example agency that is not part of the checked-in graph, started as its
 * own operators would start it beside a running govgraph: its own database (MEDIATION_DATABASE_URL, or
 * `<prefix>_mediation` on DATABASE_URL or on the embedded server of `npm start`) created when missing,
 * migrated and seeded with the demo cast's cases; the gateway's access-context keys from
 * ACCESS_CONTEXT_PUBLIC_KEYS, or read from GOVGRAPH_URL (default http://localhost:4000); port PORT or 4106.
 * It joins the graph only when its agency publishes it (`npm run registry -- publish mediation …`, printed below).
 */
import { startMediationAgency } from '../examples/agencies/mediation/start';
import { MEDIATION_DEFAULT_PORT } from '../examples/agencies/mediation';
import { ConfigError, loadConfig } from '../runtime/config';
import { databaseUrl, ensureDatabase } from '../runtime/databases';
import { embeddedPostgresUrl } from '../runtime/embeddedPostgres';
import { onShutdown } from '../runtime/shutdown';
import { fetchGatewayAccessContextKeys, parseAccessContextPublicKeys } from '@govgraph/subgraph-kit';

const EXAMPLE_AGENCIES = ['mediation'] as const;

async function main(): Promise<void> {
  const name = process.argv[2];
  if (name !== 'mediation') throw new ConfigError(`Name the example agency to start: npm run agency -- <${EXAMPLE_AGENCIES.join('|')}>`);
  const config = loadConfig();
  const log = (line: string) => console.log(`[${name}] ${line}`);
  let url = process.env.MEDIATION_DATABASE_URL;
  if (!url) {
    const server = config.databaseUrl ?? embeddedPostgresUrl(config.embeddedPostgres.port);
    const database = `${config.databasePrefix}_mediation`;
    if (await ensureDatabase(server, database)) log(`created database ${database}`);
    url = databaseUrl(server, database);
  }
  const gatewayUrl = process.env.GOVGRAPH_URL ?? 'http://localhost:4000';
  const accessContextKeys = config.accessContextPublicKeys
    ? parseAccessContextPublicKeys(config.accessContextPublicKeys)
    : await fetchGatewayAccessContextKeys(gatewayUrl);
  const port = config.port ?? MEDIATION_DEFAULT_PORT;
  const agency = await startMediationAgency({ databaseUrl: url, port, host: config.host, accessContextKeys, log });
  log(`serving ${agency.subgraph.graphqlUrl} (not yet part of the graph)`);
  log('join the graph as its agency:');
  console.log(
    `  GOVGRAPH_CLIENT_ID=mediation-publisher GOVGRAPH_CLIENT_SECRET=demo npm run registry -- publish mediation \\\n` +
      `    --schema examples/agencies/mediation/schema.graphql --url http://localhost:${agency.subgraph.port}/graphql`,
  );
  onShutdown(() => agency.close());
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : `agency failed to start: ${(error as Error).message}`);
  process.exit(1);
});
