import { chmod, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadSupergraphSdl } from '../../gateway/supergraph';
import { dropDatabase } from '../../runtime/databases';
import { startEmbeddedPostgres } from '../../runtime/embeddedPostgres';
import { freePort } from '../../runtime/freePort';
import { ANY_FREE_PORTS, startSystem, type RunningSystem } from '../../runtime/system';
import { auditDatabaseName } from '../../audit/database';
import { auditWitnessDatabaseName } from '../../audit/witnessDatabase';
import { budgetDatabaseName } from '../../gateway/budgets/budgetDatabase';
import { registryDatabaseName } from '../../registry/registryDatabase';
import { AGENCIES, agencyDatabaseName } from '../../subgraphs/agencies';

/**
 * The whole system for a benchmark: on DATABASE_URL when set, otherwise on an embedded PostgreSQL in a
 * temporary directory; seeded small, in throwaway databases that `stop()` drops.
 */
export async function startBenchSystem(label: string): Promise<{ system: RunningSystem; stop(): Promise<void> }> {
  const embedded = process.env.DATABASE_URL
    ? undefined
    : await (async () => {
        const parent = await mkdtemp(path.join(os.tmpdir(), 'govgraph-bench-'));
        await chmod(parent, 0o755);
        return startEmbeddedPostgres({ directory: path.join(parent, 'pg'), port: await freePort(), persistent: false });
      })();
  const serverUrl = process.env.DATABASE_URL ?? embedded!.url;
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
  });
  return {
    system,
    stop: async () => {
      await system.stop();
      // Every database the system made: the agencies', the audit log and its witness, the budgets, the registry.
      const names = [...AGENCIES.map((agency) => agencyDatabaseName(agency, prefix)), auditDatabaseName(prefix), auditWitnessDatabaseName(prefix), budgetDatabaseName(prefix), registryDatabaseName(prefix)];
      await Promise.all(names.map((name) => dropDatabase(serverUrl, name)));
      await embedded?.stop();
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
