import path from 'node:path';
import { checkpointPublicJwks, loadOrCreateCheckpointKey } from '../audit/checkpointKeys';
import { openAuditDatabase } from '../audit/database';
import { exportAccessContextKeyPair, generateAccessContextKeyPair } from '../identity/accessContextKeys';
import { startDevIdentityProvider, type RunningDevIdentityProvider } from '../identity/devIdentityProvider';
import { isSeeded, seedDatabases } from '../seed';
import { AGENCIES, SUBGRAPHS, type Agency, type SubgraphName } from '../subgraphs/agencies';
import type { Database } from '../subgraphs/kit/database';
import { openAgencyDatabase } from './agencyDatabase';
import { DEVELOPMENT_AUDIT_SUBJECT_KEY, DEVELOPMENT_PSEUDONYM_KEY } from './developmentKeys';
import { freePort } from './freePort';
import { superviseChild, type ChildSpec, type SupervisedChild } from './supervisorChild';
import { startSupervisedPostgres } from './supervisorPostgres';
import { DEFAULT_RESTART_POLICY, type RestartPolicy } from './supervisorRestartPolicy';

const BIN = path.join(__dirname, '..', 'bin');

export interface SupervisedSystemOptions {
  /** A PostgreSQL server; without one an embedded server is started in `embedded.directory`. */
  serverUrl?: string;
  embedded?: { port: number; directory: string };
  databasePrefix: string;
  /** Full database URL per agency, passed on to that agency's process. */
  agencyDatabaseUrls?: Partial<Record<Agency, string>>;
  auditDatabaseUrl?: string;
  seedPersons: number;
  host: string;
  /** 0 = a free port, for tests. */
  gatewayPort: number;
  subgraphPorts: Record<SubgraphName, number>;
  subgraphTimeoutMs: number;
  devIdentityProviderPort: number;
  pseudonymKey?: string;
  audit: { chainId: string; subjectKey?: string; checkpointKeyFile: string };
  /** Heap limit of each child, in MB (--max-old-space-size). */
  heapMb: number;
  restartPolicy?: RestartPolicy;
  /** The environment children start from (their own variables are set over it); default process.env. */
  baseEnv?: NodeJS.ProcessEnv;
  log: (line: string) => void;
  /** Where the children's output lines go; default this process's stdout and stderr. */
  childOutput?: (line: string, stream: 'stdout' | 'stderr') => void;
}

export interface SupervisedSystem {
  gatewayUrl: string;
  graphqlUrl: string;
  identityProvider: RunningDevIdentityProvider;
  /** The children by name (the subgraphs and `gateway`), for their pids. */
  children: Record<SubgraphName | 'gateway', SupervisedChild>;
  subgraphUrls: Record<SubgraphName, string>;
  /** The embedded server's process, when there is one. */
  postgresPid: number | undefined;
  /** What was done about a server an earlier run left behind (also logged), if anything. */
  postgresRecovered: string | undefined;
  /** Resolves when the supervisor gave up on the gateway (the system cannot answer any more). */
  failed: Promise<string>;
  /** Gateway first (its audit writer signs the final checkpoint), then the subgraphs, then PostgreSQL. */
  stop(): Promise<void>;
}

/** The address a local client reaches a server on, for a server listening on `host`. */
function reachable(host: string): string {
  return host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
}

/**
 * Migrations and, on an empty system, the seed: run once here, before any child starts, so the
 * children only open their databases.
 */
async function prepareDatabases(serverUrl: string | undefined, options: SupervisedSystemOptions): Promise<void> {
  const opened: Database[] = [];
  try {
    const dbs = {} as Record<Agency, Database>;
    for (const agency of AGENCIES) {
      dbs[agency] = await openAgencyDatabase(agency, {
        ...(serverUrl ? { serverUrl } : {}),
        prefix: options.databasePrefix,
        explicitUrl: options.agencyDatabaseUrls?.[agency],
      });
      opened.push(dbs[agency]);
    }
    if (options.seedPersons > 0 && !(await isSeeded(dbs))) {
      options.log(`seeding ${options.seedPersons.toLocaleString('en')} persons and the demo cast`);
      const report = await seedDatabases(dbs, { persons: options.seedPersons, onProgress: options.log });
      options.log(`seeded in ${(report.milliseconds / 1000).toFixed(1)} s`);
    }
    opened.push(
      await openAuditDatabase({
        ...(serverUrl ? { serverUrl } : {}),
        prefix: options.databasePrefix,
        ...(options.auditDatabaseUrl ? { explicitUrl: options.auditDatabaseUrl } : {}),
      }),
    );
  } finally {
    await Promise.all(opened.map((db) => db.close()));
  }
}

/**
 * `npm start`: this process keeps PostgreSQL (embedded, in a process of its own), migrations, the seed,
 * the keys and the development identity provider; each agency subgraph, the audit subgraph and the
 * gateway run as a child (bin/subgraph.ts, bin/gateway.ts, configured by environment variables) that is
 * restarted when it crashes. One child dying costs only its part of the answers.
 */
export async function startSupervisedSystem(options: SupervisedSystemOptions): Promise<SupervisedSystem> {
  const stack: (() => Promise<void>)[] = [];
  const stop = async () => {
    while (stack.length > 0) await stack.pop()!().catch((error: Error) => options.log(`stop: ${error.message}`));
  };
  try {
    let serverUrl = options.serverUrl;
    let postgresPid: number | undefined;
    let postgresRecovered: string | undefined;
    if (!serverUrl) {
      if (!options.embedded) throw new Error('startSupervisedSystem needs a serverUrl or an embedded server');
      options.log(`starting embedded PostgreSQL on port ${options.embedded.port} (${options.embedded.directory})`);
      const postgres = await startSupervisedPostgres(options.embedded);
      if (postgres.recovered) options.log(postgres.recovered);
      stack.push(() => postgres.stop());
      serverUrl = postgres.url;
      postgresPid = postgres.pid;
      postgresRecovered = postgres.recovered;
    }
    await prepareDatabases(serverUrl, options);

    const [identityProvider, checkpointKey, gatewayPort, ...subgraphPorts] = await Promise.all([
      startDevIdentityProvider({
        port: options.devIdentityProviderPort,
        host: options.host,
        ...(options.devIdentityProviderPort ? { issuerBaseUrl: `http://localhost:${options.devIdentityProviderPort}` } : {}),
      }),
      loadOrCreateCheckpointKey(options.audit.checkpointKeyFile),
      options.gatewayPort || freePort(),
      ...SUBGRAPHS.map((name) => options.subgraphPorts[name] || freePort()),
    ]);
    stack.push(() => identityProvider.close());

    // One access-context key pair per run: the gateway child signs with it, the subgraph children verify.
    const accessKeys = exportAccessContextKeyPair(generateAccessContextKeyPair());
    const subjectKey = options.audit.subjectKey ?? DEVELOPMENT_AUDIT_SUBJECT_KEY;
    const host = reachable(options.host);
    const ports = Object.fromEntries(SUBGRAPHS.map((name, index) => [name, subgraphPorts[index]!])) as Record<SubgraphName, number>;
    const subgraphUrls = Object.fromEntries(SUBGRAPHS.map((name) => [name, `http://${host}:${ports[name]}/graphql`])) as Record<
      SubgraphName,
      string
    >;
    const base: NodeJS.ProcessEnv = {
      ...(options.baseEnv ?? process.env),
      HOST: options.host,
      DATABASE_URL: serverUrl,
      DATABASE_PREFIX: options.databasePrefix,
    };
    const subgraphSpec = (name: SubgraphName): ChildSpec => ({
      name,
      script: path.join(BIN, 'subgraph.ts'),
      args: [name],
      env: {
        ...base,
        PORT: String(ports[name]),
        ACCESS_CONTEXT_PUBLIC_KEYS: JSON.stringify(accessKeys.publicJwks),
        ...(name === 'audit'
          ? { AUDIT_SUBJECT_KEY: subjectKey, AUDIT_PUBLIC_KEYS: JSON.stringify(checkpointPublicJwks([checkpointKey.publicKey])) }
          : {}),
      },
      readyUrl: `http://${host}:${ports[name]}/readyz`,
      heapMb: options.heapMb,
    });
    const gatewaySpec: ChildSpec = {
      name: 'gateway',
      script: path.join(BIN, 'gateway.ts'),
      args: [],
      env: {
        ...base,
        PORT: String(gatewayPort),
        SUBGRAPH_TIMEOUT_MS: String(options.subgraphTimeoutMs),
        ...Object.fromEntries(SUBGRAPHS.map((name) => [`${name.toUpperCase()}_URL`, subgraphUrls[name]])),
        OIDC_ISSUER: identityProvider.issuer,
        ACCESS_CONTEXT_PRIVATE_KEY: accessKeys.privateKeyPem,
        PSEUDONYM_KEY: options.pseudonymKey ?? DEVELOPMENT_PSEUDONYM_KEY,
        AUDIT_SUBJECT_KEY: subjectKey,
        AUDIT_CHECKPOINT_KEY: checkpointKey.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
        AUDIT_CHAIN_ID: options.audit.chainId,
      },
      readyUrl: `http://${host}:${gatewayPort}/readyz`,
      heapMb: options.heapMb,
    };

    let gaveUpOnGateway!: (reason: string) => void;
    const failed = new Promise<string>((resolve) => {
      gaveUpOnGateway = resolve;
    });
    const childOptions = {
      policy: options.restartPolicy ?? DEFAULT_RESTART_POLICY,
      readyTimeoutMs: 60_000,
      stopGraceMs: 15_000,
      log: options.log,
      ...(options.childOutput ? { output: options.childOutput } : {}),
      onGiveUp: (name: string) => {
        if (name === 'gateway') gaveUpOnGateway('the gateway keeps crashing');
      },
    };
    // All at once: each child's start is mostly its own TypeScript loading, and the gateway needs no
    // subgraph to be up (the supergraph is static; a missing agency answers SUBGRAPH_UNAVAILABLE).
    const subgraphs = SUBGRAPHS.map((name) => superviseChild(subgraphSpec(name), childOptions));
    stack.push(async () => {
      await Promise.all(subgraphs.map((child) => child.stop()));
    });
    const gateway = superviseChild(gatewaySpec, childOptions);
    stack.push(() => gateway.stop());
    await Promise.all([gateway.ready, ...subgraphs.map((child) => child.ready)]);

    const gatewayUrl = `http://${host}:${gatewayPort}`;
    // The pages the gateway serves sign in through this provider: let their origin use its token endpoint.
    identityProvider.allowBrowserOrigin(gatewayUrl);
    identityProvider.allowBrowserOrigin(`http://localhost:${gatewayPort}`);
    return {
      gatewayUrl,
      graphqlUrl: `${gatewayUrl}/graphql`,
      identityProvider,
      children: Object.fromEntries([...subgraphs, gateway].map((child) => [child.name, child])) as SupervisedSystem['children'],
      subgraphUrls,
      postgresPid,
      postgresRecovered,
      failed,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
