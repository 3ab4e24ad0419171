import { loadSupergraphSdl } from '../../gateway/supergraph';
import { ANY_FREE_PORTS, startSystem, type RunningSystem, type SystemOptions } from '../../runtime/system';
import { testServerUrl } from './agencyDatabases';

/**
 * The whole system as the end-to-end tests run it: on the test server under `prefix` (drop it with
 * dropSystemDatabases), every port free, the checked-in supergraph, quiet. `options` override what a test
 * needs different (the population, a timeout, the gateway's limits).
 */
export function startTestSystem(prefix: string, options: Partial<SystemOptions> = {}): Promise<RunningSystem> {
  return startSystem({
    serverUrl: testServerUrl(),
    databasePrefix: prefix,
    seedPersons: 100,
    host: '127.0.0.1',
    gatewayPort: 0,
    subgraphPorts: ANY_FREE_PORTS,
    subgraphTimeoutMs: 5_000,
    supergraphSdl: loadSupergraphSdl(),
    devIdentityProviderPort: 0,
    log: () => undefined,
    ...options,
  });
}
