import { loadSupergraphSdl } from '../../gateway/supergraph';
import { dropDatabase } from '../../runtime/databases';
import { ANY_FREE_PORTS, startSystem, systemDatabaseNames, type RunningSystem, type SystemOptions } from '../../runtime/system';
import { startBenchServer } from './benchServer';

/**
 * The whole system for a benchmark: on DATABASE_URL when set, otherwise on an embedded PostgreSQL in a
 * temporary directory; seeded small, in throwaway databases that `stop()` drops.
 */
export async function startBenchSystem(
  label: string,
  overrides: Partial<Pick<SystemOptions, 'accessContextKeys' | 'log'>> = {},
): Promise<{ system: RunningSystem; serverUrl: string; prefix: string; stop(): Promise<void> }> {
  const server = await startBenchServer();
  const { serverUrl } = server;
  const prefix = `gg_${label}_${process.pid}`;
  const system = await startSystem({
    serverUrl,
    databasePrefix: prefix,
    seedPersons: 2_000,
    host: '127.0.0.1',
    gatewayPort: 0,
    subgraphPorts: ANY_FREE_PORTS,
    subgraphTimeoutMs: 10_000,
    supergraphSdl: loadSupergraphSdl(),
    devIdentityProviderPort: 0,
    audit: { chainId: `${label}-gateway` },
    log: () => undefined,
    ...overrides,
  });
  return {
    system,
    serverUrl,
    prefix,
    stop: async () => {
      await system.stop();
      const names = systemDatabaseNames(prefix);
      await Promise.all(names.map((name) => dropDatabase(serverUrl, name)));
      await server.stop();
    },
  };
}

/** A demo user's access token from the development identity provider (password grant). */
export async function demoToken(issuer: string, username: string): Promise<string> {
  const response = await fetch(`${issuer}/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'password', client_id: 'govgraph-cli', username, password: 'demo' }),
  });
  return ((await response.json()) as { access_token: string }).access_token;
}
