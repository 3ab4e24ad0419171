/**
 * The whole system in a child process, for tests that must kill it (SIGKILL under load). Reads its
 * settings from the environment; prints `{"graphqlUrl": …, "issuer": …}` once it serves.
 *   GOVGRAPH_TEST_SERVER_URL, GOVGRAPH_TEST_PREFIX, [GOVGRAPH_TEST_AUDIT_URL] tsx test/support/processes/system.ts
 */
import { loadSupergraphSdl } from '../../../gateway/supergraph';
import { ANY_FREE_PORTS, startSystem } from '../../../runtime/system';

async function main(): Promise<void> {
  const serverUrl = process.env.GOVGRAPH_TEST_SERVER_URL;
  const prefix = process.env.GOVGRAPH_TEST_PREFIX;
  if (!serverUrl || !prefix) throw new Error('GOVGRAPH_TEST_SERVER_URL and GOVGRAPH_TEST_PREFIX are required');
  const system = await startSystem({
    serverUrl,
    databasePrefix: prefix,
    seedPersons: 100,
    host: '127.0.0.1',
    gatewayPort: 0,
    subgraphPorts: ANY_FREE_PORTS,
    subgraphTimeoutMs: 5_000,
    supergraphSdl: loadSupergraphSdl(),
    devIdentityProviderPort: 0,
    audit: { chainId: 'gateway-child', ...(process.env.GOVGRAPH_TEST_AUDIT_URL ? { databaseUrl: process.env.GOVGRAPH_TEST_AUDIT_URL } : {}) },
    log: () => undefined,
  });
  process.stdout.write(`${JSON.stringify({ graphqlUrl: system.gateway.graphqlUrl, issuer: system.identityProvider.issuer })}\n`);
  process.on('SIGTERM', () => {
    system.stop().finally(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
