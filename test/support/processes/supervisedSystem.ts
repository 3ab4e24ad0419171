/**
 * The supervised system (runtime/supervisor.ts: one process per subgraph and the gateway) as a child
 * process of a test, on free ports. Against GOVGRAPH_TEST_SERVER_URL with GOVGRAPH_TEST_PREFIX, or an
 * embedded server in GOVGRAPH_TEST_EMBEDDED_DIR on GOVGRAPH_TEST_EMBEDDED_PORT. Prints
 * `{"graphqlUrl", "issuer", "pids", "postgresPid", "postgresRecovered", "subgraphUrls"}` once ready; SIGTERM stops it as Ctrl-C stops `npm start`.
 */
import path from 'node:path';
import { onShutdown } from '../../../runtime/shutdown';
import { startSupervisedSystem } from '../../../runtime/supervisor';
import { ANY_FREE_PORTS } from '../../../runtime/system';

async function main(): Promise<void> {
  const env = process.env;
  const prefix = env.GOVGRAPH_TEST_PREFIX;
  if (!prefix) throw new Error('GOVGRAPH_TEST_PREFIX is required');
  const embeddedDirectory = env.GOVGRAPH_TEST_EMBEDDED_DIR;
  const system = await startSupervisedSystem({
    ...(embeddedDirectory
      ? { embedded: { directory: embeddedDirectory, port: Number(env.GOVGRAPH_TEST_EMBEDDED_PORT) } }
      : { serverUrl: env.GOVGRAPH_TEST_SERVER_URL! }),
    databasePrefix: prefix,
    seedPersons: Number(env.GOVGRAPH_TEST_SEED_PERSONS ?? 0),
    host: '127.0.0.1',
    gatewayPort: 0,
    subgraphPorts: ANY_FREE_PORTS,
    subgraphTimeoutMs: Number(env.SUBGRAPH_TIMEOUT_MS ?? 5_000),
    devIdentityProviderPort: 0,
    audit: { chainId: 'supervised', checkpointKeyFile: path.join(env.GOVGRAPH_TEST_KEY_DIR ?? '.data', `${prefix}-checkpoint-key.json`) },
    heapMb: 512,
    // Fast back-off so a test sees the restart within seconds.
    restartPolicy: { initialDelayMs: 100, maxDelayMs: 1_000, stableAfterMs: 30_000, maxFastCrashes: 5 },
    log: (line) => console.error(`[supervisor] ${line}`),
    // stdout carries the one ready line the test reads.
    childOutput: (line) => console.error(line),
  });
  const pids = Object.fromEntries(Object.entries(system.children).map(([name, child]) => [name, child.pid()]));
  process.stdout.write(
    `${JSON.stringify({ graphqlUrl: system.graphqlUrl, issuer: system.identityProvider.issuer, pids, postgresPid: system.postgresPid, postgresRecovered: system.postgresRecovered, subgraphUrls: system.subgraphUrls })}\n`,
  );
  onShutdown(() => system.stop());
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
