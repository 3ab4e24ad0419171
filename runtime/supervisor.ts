import path from 'node:path';
import { checkpointPublicJwks, loadOrCreateCheckpointKey } from '../audit/checkpointKeys';
import { exportAccessContextKeyPair, generateAccessContextKeyPair } from '@govgraph/access-context';
import type { RunningDevIdentityProvider } from '../identity/devIdentityProvider';
import { AGENCIES, SUBGRAPHS, type Agency, type SubgraphName } from '../subgraphs/agencies';
import type { OperationLimits } from '../gateway/limits/operationLimits';
import type { Database } from '../subgraphs/kit/database';
import { DEVELOPMENT_AUDIT_SUBJECT_KEY, DEVELOPMENT_PSEUDONYM_KEY } from './developmentKeys';
import { freePort } from './freePort';
import { superviseChild, type SupervisedChild } from './supervisorChild';
import { startSupervisedPostgres } from './supervisorPostgres';
import { DEFAULT_RESTART_POLICY, type RestartPolicy } from './supervisorRestartPolicy';

const BIN = path.join(__dirname, '..', 'bin');
/** The libraries that make up most of a child's start, loaded while it waits for its configuration. */
const COMMON_LIBRARIES = ['graphql', '@apollo/server', 'express', 'pg', 'zod', 'jose'];
const SUBGRAPH_LIBRARIES = [...COMMON_LIBRARIES, '@apollo/subgraph', 'dataloader'];
const GATEWAY_LIBRARIES = [...COMMON_LIBRARIES, '@apollo/gateway'];

export interface SupervisedSystemOptions {
  /** A PostgreSQL server; without one an embedded server is started in `embedded.directory`. */
  serverUrl?: string;
  embedded?: { port: number; directory: string };
  databasePrefix: string;
  /**
   * Full database URL per agency (and the audit database's), for migrations and the seed here; the
   * children read the same variables (<AGENCY>_DATABASE_URL, AUDIT_DATABASE_URL) from `baseEnv`.
   */
  agencyDatabaseUrls?: Partial<Record<Agency, string>>;
  auditDatabaseUrl?: string;
  /** The checkpoint witness's own URL (AUDIT_WITNESS_URL); default `<prefix>_audit_witness` on the server. */
  auditWitnessUrl?: string;
  /** The extraction budgets' URL (BUDGET_DATABASE_URL); default `<prefix>_budgets` on the server. */
  budgetDatabaseUrl?: string;
  /** The schema registry's URL (REGISTRY_DATABASE_URL); default `<prefix>_registry` on the server. */
  registryDatabaseUrl?: string;
  /** The agreements' URL (AGREEMENTS_DATABASE_URL); default `<prefix>_agreements` on the server. */
  agreementsDatabaseUrl?: string;
  seedPersons: number;
  /**
   * The gateway's operation limits, as configured (the gateway child reads the same environment): the seeded
   * agreements' operations are checked against them, not the defaults, or the gateway would refuse them.
   */
  limits?: Partial<OperationLimits>;
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

type DatabaseModules = typeof import('./agencyDatabase') &
  typeof import('../audit/database') &
  typeof import('../audit/witnessDatabase') &
  typeof import('../gateway/budgets/budgetDatabase') &
  typeof import('../registry/registryDatabase') &
  typeof import('../registry/seedRegistry') &
  typeof import('../agreements/agreementsDatabase') &
  typeof import('../agreements/seedAgreements') &
  typeof import('../examples/catalog') &
  typeof import('../gateway/supergraph') &
  typeof import('../seed');

/**
 * Required on demand, not imported at the top: the children start loading before this process loads
 * these, and it loads them while the embedded PostgreSQL starts.
 */
function requireDatabaseModules(): DatabaseModules {
  return {
    ...(require('./agencyDatabase') as typeof import('./agencyDatabase')),
    ...(require('../audit/database') as typeof import('../audit/database')),
    ...(require('../audit/witnessDatabase') as typeof import('../audit/witnessDatabase')),
    ...(require('../gateway/budgets/budgetDatabase') as typeof import('../gateway/budgets/budgetDatabase')),
    ...(require('../registry/registryDatabase') as typeof import('../registry/registryDatabase')),
    ...(require('../registry/seedRegistry') as typeof import('../registry/seedRegistry')),
    ...(require('../agreements/agreementsDatabase') as typeof import('../agreements/agreementsDatabase')),
    ...(require('../agreements/seedAgreements') as typeof import('../agreements/seedAgreements')),
    ...(require('../examples/catalog') as typeof import('../examples/catalog')),
    ...(require('../gateway/supergraph') as typeof import('../gateway/supergraph')),
    ...(require('../seed') as typeof import('../seed')),
  };
}

/** The address a local client reaches a server on, for a server listening on `host`. */
function reachable(host: string): string {
  return host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
}

/**
 * Migrations and, on an empty system, the seed: run once here, before any child runs its entry point,
 * so the children only open their databases.
 */
async function prepareDatabases(serverUrl: string | undefined, options: SupervisedSystemOptions, modules: DatabaseModules): Promise<void> {
  const {
    openAgencyDatabase,
    openAuditDatabase,
    openAuditWitnessDatabase,
    openBudgetDatabase,
    openAgreementsDatabase,
    seedAgreements,
    EXAMPLE_APPLICATIONS,
    loadSupergraphSdl,
    openRegistryDatabase,
    seedRegistry,
    isSeeded,
    seedDatabases,
  } =
    modules;
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
      // The gateway child opens the witness as a role that may only append: it is migrated here.
      await openAuditWitnessDatabase({
        ...(serverUrl ? { serverUrl } : {}),
        prefix: options.databasePrefix,
        ...(options.auditWitnessUrl ? { explicitUrl: options.auditWitnessUrl } : {}),
      }),
      // So is the budgets' database, which the gateway child only counts in.
      await openBudgetDatabase({
        ...(serverUrl ? { serverUrl } : {}),
        prefix: options.databasePrefix,
        ...(options.budgetDatabaseUrl ? { explicitUrl: options.budgetDatabaseUrl } : {}),
      }),
    );
    // And the registry, seeded with the checked-in supergraph when empty: the gateway child serves what it holds.
    const registryDb = await openRegistryDatabase({
      ...(serverUrl ? { serverUrl } : {}),
      prefix: options.databasePrefix,
      ...(options.registryDatabaseUrl ? { explicitUrl: options.registryDatabaseUrl } : {}),
    });
    opened.push(registryDb);
    await seedRegistry(registryDb);
    // And the agreements', which the gateway child reads what is in force from and serves the workflow of;
    // on an empty one, the example applications' agreements (examples/catalog.ts).
    const agreementsDb = await openAgreementsDatabase({
      ...(serverUrl ? { serverUrl } : {}),
      prefix: options.databasePrefix,
      ...(options.agreementsDatabaseUrl ? { explicitUrl: options.agreementsDatabaseUrl } : {}),
    });
    opened.push(agreementsDb);
    if (options.seedPersons > 0) {
      const made = await seedAgreements(agreementsDb, {
        supergraphSdl: loadSupergraphSdl(),
        requests: EXAMPLE_APPLICATIONS,
        ...(options.limits ? { limits: options.limits } : {}),
      });
      if (made > 0) options.log(`seeded ${made} data-sharing agreements (examples/catalog.ts), in force for a year`);
    }
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
  const started: Partial<Record<'gateway' | 'subgraphs' | 'identityProvider' | 'postgres', () => Promise<void>>> = {};
  // In this order whatever was started first: the gateway (its final checkpoint needs the database), the
  // subgraphs, the identity provider, PostgreSQL.
  const stop = async () => {
    for (const part of ['gateway', 'subgraphs', 'identityProvider', 'postgres'] as const) {
      const stopPart = started[part];
      delete started[part];
      await stopPart?.().catch((error: Error) => options.log(`stop ${part}: ${error.message}`));
    }
  };
  let configure!: (values: Record<SubgraphName | 'gateway', Record<string, string>>) => void;
  let refuse!: (error: Error) => void;
  const configuration = new Promise<Record<SubgraphName | 'gateway', Record<string, string>>>((resolve, reject) => {
    configure = resolve;
    refuse = reject;
  });
  try {
    if (!options.serverUrl && !options.embedded) throw new Error('startSupervisedSystem needs a serverUrl or an embedded server');
    const [gatewayPort, identityProviderPort, ...subgraphPorts] = await Promise.all(
      [options.gatewayPort, options.devIdentityProviderPort, ...SUBGRAPHS.map((name) => options.subgraphPorts[name])].map((port) => port || freePort()),
    );
    const host = reachable(options.host);
    const ports = Object.fromEntries(SUBGRAPHS.map((name, index) => [name, subgraphPorts[index]!])) as Record<SubgraphName, number>;
    const subgraphUrls = Object.fromEntries(SUBGRAPHS.map((name) => [name, `http://${host}:${ports[name]}/graphql`])) as Record<
      SubgraphName,
      string
    >;

    // The children first: loading their code is most of their start, and it runs while PostgreSQL starts
    // and migrations run here. Each waits for its configuration (runtime/supervisorGate.ts).
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
    const env = options.baseEnv ?? process.env;
    const child = (name: SubgraphName | 'gateway', port: number): SupervisedChild =>
      superviseChild(
        {
          name,
          script: path.join(BIN, name === 'gateway' ? 'gateway.ts' : 'subgraph.ts'),
          args: name === 'gateway' ? [] : [name],
          // The subgraphs run graphql-js in production mode (subgraphs/kit/productionMode.ts): set here, as it
          // loads while the child waits for its configuration. Only theirs: the development identity provider
          // runs in this process and refuses NODE_ENV=production.
          env: name === 'gateway' ? env : { ...env, NODE_ENV: 'production' },
          warm: name === 'gateway' ? GATEWAY_LIBRARIES : SUBGRAPH_LIBRARIES,
          configuration: configuration.then((values) => values[name]),
          readyUrl: `http://${host}:${port}/readyz`,
          heapMb: options.heapMb,
        },
        childOptions,
      );
    // The gateway needs no subgraph up to start: the supergraph is static, a missing agency answers SUBGRAPH_UNAVAILABLE.
    const subgraphs = SUBGRAPHS.map((name) => child(name, ports[name]));
    started.subgraphs = async () => {
      await Promise.all(subgraphs.map((running) => running.stop()));
    };
    const gateway = child('gateway', gatewayPort!);
    started.gateway = () => gateway.stop();

    let serverUrl = options.serverUrl;
    let postgresPid: number | undefined;
    let postgresRecovered: string | undefined;
    const database = (async () => {
      let modules: DatabaseModules;
      if (!serverUrl) {
        options.log(`starting embedded PostgreSQL on port ${options.embedded!.port} (${options.embedded!.directory})`);
        const starting = startSupervisedPostgres(options.embedded!);
        modules = requireDatabaseModules();
        const postgres = await starting;
        started.postgres = () => postgres.stop();
        if (postgres.recovered) options.log(postgres.recovered);
        serverUrl = postgres.url;
        postgresPid = postgres.pid;
        postgresRecovered = postgres.recovered;
      } else {
        modules = requireDatabaseModules();
      }
      await prepareDatabases(serverUrl, options, modules);
    })();
    const identity = (async () => {
      // Required here, not imported at the top: the children start loading before this process does.
      const { startDevIdentityProvider } = require('../identity/devIdentityProvider') as typeof import('../identity/devIdentityProvider');
      const provider = await startDevIdentityProvider({
        port: identityProviderPort!,
        host: options.host,
        issuerBaseUrl: `http://localhost:${identityProviderPort}`,
      });
      started.identityProvider = () => provider.close();
      return provider;
    })();
    const [identityProvider, checkpointKey] = await Promise.all([
      identity,
      loadOrCreateCheckpointKey(options.audit.checkpointKeyFile),
      database,
    ]);

    // One access-context key pair per run: the gateway signs with it, the subgraphs verify.
    const accessKeys = exportAccessContextKeyPair(generateAccessContextKeyPair());
    const subjectKey = options.audit.subjectKey ?? DEVELOPMENT_AUDIT_SUBJECT_KEY;
    const shared = { HOST: options.host, DATABASE_URL: serverUrl!, DATABASE_PREFIX: options.databasePrefix };
    const subgraphConfiguration = (name: SubgraphName): Record<string, string> => ({
      ...shared,
      PORT: String(ports[name]),
      ACCESS_CONTEXT_PUBLIC_KEYS: JSON.stringify(accessKeys.publicJwks),
      ...(name === 'audit'
        ? { AUDIT_SUBJECT_KEY: subjectKey, AUDIT_PUBLIC_KEYS: JSON.stringify(checkpointPublicJwks([checkpointKey.publicKey])) }
        : {}),
    });
    configure({
      ...(Object.fromEntries(SUBGRAPHS.map((name) => [name, subgraphConfiguration(name)])) as Record<SubgraphName, Record<string, string>>),
      gateway: {
        ...shared,
        PORT: String(gatewayPort),
        SUBGRAPH_TIMEOUT_MS: String(options.subgraphTimeoutMs),
        ...Object.fromEntries(SUBGRAPHS.map((name) => [`${name.toUpperCase()}_URL`, subgraphUrls[name]])),
        OIDC_ISSUER: identityProvider.issuer,
        ACCESS_CONTEXT_PRIVATE_KEY: accessKeys.privateKeyPem,
        PSEUDONYM_KEY: options.pseudonymKey ?? DEVELOPMENT_PSEUDONYM_KEY,
        AUDIT_SUBJECT_KEY: subjectKey,
        AUDIT_CHECKPOINT_KEY: checkpointKey.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
        AUDIT_CHAIN_ID: options.audit.chainId,
        ...(options.agreementsDatabaseUrl ? { AGREEMENTS_DATABASE_URL: options.agreementsDatabaseUrl } : {}),
      },
    });
    await Promise.all([gateway.ready, ...subgraphs.map((running) => running.ready)]);

    const gatewayUrl = `http://${host}:${gatewayPort!}`;
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
    refuse(error as Error);
    await stop();
    throw error;
  }
}
