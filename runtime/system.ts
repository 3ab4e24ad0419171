import type { KeyObject } from 'node:crypto';
import { createCheckpointSigner } from '../audit/checkpoint';
import { generateCheckpointKeyPair, loadOrCreateCheckpointKey } from '../audit/checkpointKeys';
import { auditDatabaseName, openAuditDatabase } from '../audit/database';
import { createCheckpointWitness } from '../audit/witness';
import { auditWitnessDatabaseName, openAuditWitnessDatabase } from '../audit/witnessDatabase';
import { createAuditWriter, type AuditWriter } from '../audit/writer';
import type { AdmissionSettings } from '../gateway/admission/admissionGate';
import { agreementsDatabaseName, openAgreementsDatabase } from '../agreements/agreementsDatabase';
import { seedAgreements } from '../agreements/seedAgreements';
import { EXAMPLE_APPLICATIONS } from '../examples/catalog';
import { budgetDatabaseName, openBudgetDatabase } from '../gateway/budgets/budgetDatabase';
import { openRegistryDatabase, registryDatabaseName } from '../registry/registryDatabase';
import { openAuditReader } from '../registry/auditReader';
import { createRegistry } from '../registry/registry';
import { seedRegistry } from '../registry/seedRegistry';
import { createBudgetStore } from '../gateway/budgets/budgetStore';
import type { OperationLimits } from '../gateway/limits/operationLimits';
import { startGateway, type RunningGateway } from '../gateway/server';
import { registryFeed } from '../gateway/supergraphSource';
import { createAccessContextSigner, type AccessContextSigner } from '@govgraph/access-context';
import { exportAccessContextKeyPair, generateAccessContextKeyPair, type AccessContextKeyPair } from '@govgraph/access-context';
import { createGatewayMetrics, type GatewayMetrics } from '../gateway/observability/metrics';
import { startDevIdentityProvider, type RunningDevIdentityProvider } from '../identity/devIdentityProvider';
import { AGENCIES, SUBGRAPHS, agencyDatabaseName, type Agency, type SubgraphName } from '../subgraphs/agencies';
import { createAuditSubgraph } from '../subgraphs/audit';
import type { SubgraphDefinition } from '../subgraphs/kit/definition';
import type { Database } from '../subgraphs/kit/database';
import { startSubgraph, type RunningSubgraph } from '../subgraphs/kit/server';
import { subgraphDefinitions } from '../subgraphs/registry';
import { isSeeded, seedDatabases } from '../seed';
import { openAgencyDatabase } from './agencyDatabase';
import { databaseUrl } from './databases';
import { DEVELOPMENT_AUDIT_SUBJECT_KEY, DEVELOPMENT_PSEUDONYM_KEY } from './developmentKeys';
import { startEmbeddedPostgres, type EmbeddedServer } from './embeddedPostgres';

export interface SystemOptions {
  /** A PostgreSQL server; without one an embedded server is started in `embedded.directory`. */
  serverUrl?: string;
  embedded?: { port: number; directory: string };
  databasePrefix: string;
  agencyDatabaseUrls?: Partial<Record<Agency, string>>;
  /** Persons to seed when the databases are empty; 0 seeds nothing. */
  seedPersons: number;
  host: string;
  gatewayPort: number;
  /** Port per agency; 0 lets the OS choose. */
  subgraphPorts: Record<SubgraphName, number>;
  subgraphTimeoutMs: number;
  /** The largest answer the gateway reads from one agency fetch; default DEFAULT_SUBGRAPH_MAX_RESPONSE_BYTES. */
  subgraphMaxResponseBytes?: number;
  /** The gateway's operation limits; each one unset keeps its default. */
  limits?: Partial<OperationLimits>;
  /** The gateway's admission control (operations in flight and waiting); each one unset keeps its default. */
  admission?: Partial<AdmissionSettings>;
  supergraphSdl: string;
  /** The development identity provider (`/realms/govgraph` on this port; 0 = any free port). */
  devIdentityProviderPort: number;
  /** Secret behind pseudonym masks; a fixed development one when unset. */
  pseudonymKey?: string;
  audit?: {
    /** The audit database's own URL; default `<prefix>_audit` on the server. */
    databaseUrl?: string;
    /** The checkpoint witness's own URL; default `<prefix>_audit_witness` on the server. */
    witnessUrl?: string;
    /** This gateway's chain; default `gateway`. */
    chainId?: string;
    /** AUDIT_SUBJECT_KEY; a fixed development one when unset. */
    subjectKey?: string;
    /** Where the checkpoint signing key is kept (created when missing); a fresh key per run when unset. */
    checkpointKeyFile?: string;
    /** AUDIT_QUEUE_LIMIT: most records waiting for their commit (audit/writer.ts). */
    queueLimit?: number;
  };
  /** The extraction budgets' database (BUDGET_DATABASE_URL); default `<prefix>_budgets` on the server. */
  budgetDatabaseUrl?: string;
  /** The access-context key pair; a fresh one per run when unset (benchmarks give one to run gateways in other processes). */
  accessContextKeys?: AccessContextKeyPair;
  /** The schema registry's database (REGISTRY_DATABASE_URL); default `<prefix>_registry` on the server. */
  registryDatabaseUrl?: string;
  /** REGISTRY_OPERATIONS_WINDOW_DAYS: days of recorded operations a schema change is checked against (default 30). */
  registryOperationsWindowDays?: number;
  /** The gateway's metrics (also fed by the audit writer's commits); a fresh registry when unset, `false` for none. */
  metrics?: GatewayMetrics | false;
  /** METRICS_TOKEN for the gateway's and the subgraphs' /metrics. */
  metricsToken?: string;
  /** The data-sharing agreements' database (AGREEMENTS_DATABASE_URL); default `<prefix>_agreements` on the server. */
  agreementsDatabaseUrl?: string;
  /** How the gateway reads the agreements in force: the poll interval (default 5 s), and whether it listens for NOTIFY. */
  agreementsEnforcement?: { pollIntervalMs?: number; listen?: boolean };
  /** GATEWAY_AD_HOC_QUERIES; default allow. */
  adHocQueries?: 'allow' | 'deny';
  log: (line: string) => void;
}

export { DEVELOPMENT_AUDIT_SUBJECT_KEY } from './developmentKeys';

/** Every subgraph on a port the OS picks: tests and benchmarks run beside whatever else listens. */
export const ANY_FREE_PORTS: Readonly<Record<SubgraphName, number>> = Object.freeze(
  Object.fromEntries(SUBGRAPHS.map((name) => [name, 0])) as Record<SubgraphName, number>,
);

/**
 * Every database a whole system (`startSystem`, the supervisor) creates under `prefix`: the agencies', the audit
 * log, its witness, the extraction budgets, the schema registry and the agreements. One list, so that whatever
 * drops a throwaway system (tests, benchmarks) leaves none behind.
 */
export function systemDatabaseNames(prefix: string): string[] {
  return [
    ...AGENCIES.map((agency) => agencyDatabaseName(agency, prefix)),
    auditDatabaseName(prefix),
    auditWitnessDatabaseName(prefix),
    budgetDatabaseName(prefix),
    registryDatabaseName(prefix),
    agreementsDatabaseName(prefix),
  ];
}

export interface RunningSystem {
  gateway: RunningGateway;
  audit: { db: Database; witnessDb: Database; writer: AuditWriter; checkpointPublicKey: KeyObject };
  /** The extraction budgets' shared count (gateway/budgets): a second gateway on the same database shares it. */
  budgets: { db: Database };
  /** The schema registry (registry/), seeded with the checked-in supergraph when empty. */
  registry: { db: Database };
  /** The data-sharing agreements (agreements/): what every gateway instance enforces and serves the workflow of. */
  agreements: { db: Database };
  identityProvider: RunningDevIdentityProvider;
  /** What the gateway signs subgraph access contexts with (benchmarks reuse it for a bare baseline gateway). */
  accessContextSigner: AccessContextSigner;
  subgraphs: Record<SubgraphName, RunningSubgraph>;
  dbs: Record<Agency, Database>;
  stop(): Promise<void>;
}

/**
 * The whole system in one process, as `npm start` and the end-to-end tests run it: PostgreSQL,
 * migrations, seed when empty, five subgraphs, the gateway. Production runs the same pieces one per
 * process (bin/subgraph.ts, bin/gateway.ts). On a failure part-way, what was started is stopped.
 */
export async function startSystem(options: SystemOptions): Promise<RunningSystem> {
  const stack: (() => Promise<void>)[] = [];
  let stopping = false;
  // A server going away while we stop (the embedded one stops on the same signal) is expected, not news.
  const connectionLost = (name: string) => (error: Error) => {
    if (!stopping) options.log(`${name} database connection lost: ${error.message}`);
  };
  const stop = async () => {
    stopping = true;
    while (stack.length > 0) await stack.pop()!().catch((error: Error) => options.log(`stop: ${error.message}`));
  };
  try {
    let serverUrl = options.serverUrl;
    if (!serverUrl) {
      if (!options.embedded) throw new Error('startSystem needs a serverUrl or an embedded server');
      options.log(`starting embedded PostgreSQL on port ${options.embedded.port} (${options.embedded.directory})`);
      const embedded: EmbeddedServer = await startEmbeddedPostgres({ ...options.embedded, persistent: true });
      stack.push(() => embedded.stop());
      serverUrl = embedded.url;
    }

    const dbs = {} as Record<Agency, Database>;
    for (const agency of AGENCIES) {
      dbs[agency] = await openAgencyDatabase(agency, {
        serverUrl,
        prefix: options.databasePrefix,
        explicitUrl: options.agencyDatabaseUrls?.[agency],
        onError: connectionLost(agency),
      });
      const db = dbs[agency];
      stack.push(() => db.close());
    }

    if (options.seedPersons > 0 && !(await isSeeded(dbs))) {
      options.log(`seeding ${options.seedPersons.toLocaleString('en')} persons and the demo cast`);
      const report = await seedDatabases(dbs, { persons: options.seedPersons, onProgress: options.log });
      options.log(`seeded in ${(report.milliseconds / 1000).toFixed(1)} s`);
    }

    const auditDb = await openAuditDatabase({
      serverUrl,
      prefix: options.databasePrefix,
      onError: connectionLost('audit'),
      ...(options.audit?.databaseUrl ? { explicitUrl: options.audit.databaseUrl } : {}),
    });
    stack.push(() => auditDb.close());
    const witnessDb = await openAuditWitnessDatabase({
      serverUrl,
      prefix: options.databasePrefix,
      onError: connectionLost('audit witness'),
      ...(options.audit?.witnessUrl ? { explicitUrl: options.audit.witnessUrl } : {}),
    });
    stack.push(() => witnessDb.close());
    const budgetDb = await openBudgetDatabase({
      serverUrl,
      prefix: options.databasePrefix,
      onError: connectionLost('budgets'),
      ...(options.budgetDatabaseUrl ? { explicitUrl: options.budgetDatabaseUrl } : {}),
    });
    stack.push(() => budgetDb.close());
    const registryDb = await openRegistryDatabase({
      serverUrl,
      prefix: options.databasePrefix,
      onError: connectionLost('registry'),
      ...(options.registryDatabaseUrl ? { explicitUrl: options.registryDatabaseUrl } : {}),
    });
    stack.push(() => registryDb.close());
    await seedRegistry(registryDb);
    // The registry's operation checks read the audit log's recorded_operations view, read-only, on a pool of their own.
    const registryAuditReader = openAuditReader(
      options.audit?.databaseUrl ?? databaseUrl(serverUrl, auditDatabaseName(options.databasePrefix)),
      connectionLost('registry audit reader'),
    );
    stack.push(() => registryAuditReader.close());
    const agreementsDb = await openAgreementsDatabase({
      serverUrl,
      prefix: options.databasePrefix,
      onError: connectionLost('agreements'),
      ...(options.agreementsDatabaseUrl ? { explicitUrl: options.agreementsDatabaseUrl } : {}),
    });
    stack.push(() => agreementsDb.close());
    if (options.seedPersons > 0) {
      const made = await seedAgreements(agreementsDb, {
        supergraphSdl: options.supergraphSdl,
        requests: EXAMPLE_APPLICATIONS,
        ...(options.limits ? { limits: options.limits } : {}),
      });
      if (made > 0) options.log(`seeded ${made} data-sharing agreements (examples/catalog.ts), in force for a year`);
    }
    const checkpointKey = options.audit?.checkpointKeyFile
      ? await loadOrCreateCheckpointKey(options.audit.checkpointKeyFile)
      : generateCheckpointKeyPair();
    const metrics = options.metrics === false ? undefined : (options.metrics ?? createGatewayMetrics());
    const auditWriter = createAuditWriter({
      db: auditDb,
      chainId: options.audit?.chainId ?? 'gateway',
      ...(options.audit?.queueLimit ? { maxQueue: options.audit.queueLimit } : {}),
      checkpoint: { signer: createCheckpointSigner(checkpointKey), everyRecords: 1_000, everyMs: 60_000 },
      witness: createCheckpointWitness({ auditDb, witnessDb }),
      ...(metrics ? { onCommit: metrics.auditCommitted } : {}),
    });
    // Stopped (the stack unwinds backwards) after the gateway and before both databases: close() signs
    // and witnesses the final head, which needs the two connections and no more appends.
    stack.push(() => auditWriter.close());

    const identityProvider = await startDevIdentityProvider({
      port: options.devIdentityProviderPort,
      host: options.host,
      ...(options.devIdentityProviderPort ? { issuerBaseUrl: `http://localhost:${options.devIdentityProviderPort}` } : {}),
    });
    stack.push(() => identityProvider.close());

    // One key pair per run: the gateway signs each subgraph fetch's access context, the subgraphs verify it.
    const accessKeys = options.accessContextKeys ?? generateAccessContextKeyPair();
    const accessContextKeys = exportAccessContextKeyPair(accessKeys).publicJwks;
    const accessContextSigner = createAccessContextSigner({ privateKey: accessKeys.privateKey, keyId: accessKeys.keyId });

    const subjectKey = options.audit?.subjectKey ?? DEVELOPMENT_AUDIT_SUBJECT_KEY;
    const subgraphs = {} as Record<SubgraphName, RunningSubgraph>;
    const served: [SubgraphName, SubgraphDefinition<unknown>, Database][] = [
      ...AGENCIES.map((agency): [SubgraphName, SubgraphDefinition<unknown>, Database] => [agency, subgraphDefinitions[agency], dbs[agency]]),
      ['audit', createAuditSubgraph({ subjectKey, checkpointPublicKeys: [checkpointKey.publicKey] }) as SubgraphDefinition<unknown>, auditDb],
    ];
    for (const [name, definition, db] of served) {
      const running = await startSubgraph(definition, {
        db,
        port: options.subgraphPorts[name],
        host: options.host,
        accessContextKeys,
        ...(options.metricsToken ? { metricsToken: options.metricsToken } : {}),
      });
      subgraphs[name] = running;
      stack.push(() => running.close());
    }

    const gateway = await startGateway({
      supergraphSdl: options.supergraphSdl,
      // What the registry serves (version 1 = the checked-in one, seeded above), followed as it changes.
      supergraphFeed: { feed: registryFeed(registryDb) },
      log: options.log,
      subgraphUrls: Object.fromEntries(SUBGRAPHS.map((name) => [name, subgraphs[name].graphqlUrl])),
      subgraphTimeoutMs: options.subgraphTimeoutMs,
      ...(options.subgraphMaxResponseBytes ? { subgraphMaxResponseBytes: options.subgraphMaxResponseBytes } : {}),
      ...(options.limits ? { limits: options.limits } : {}),
      ...(options.admission ? { admission: options.admission } : {}),
      port: options.gatewayPort,
      host: options.host,
      identity: { issuer: identityProvider.issuer, audience: 'govgraph-gateway' },
      accessContextSigner,
      accessContextPublicKeys: accessContextKeys,
      pseudonymKey: options.pseudonymKey ?? DEVELOPMENT_PSEUDONYM_KEY,
      audit: { writer: auditWriter, subjectKey },
      budgets: createBudgetStore(budgetDb),
      registry: createRegistry({
        db: registryDb,
        auditReader: registryAuditReader,
        agreements: agreementsDb,
        ...(options.registryOperationsWindowDays ? { operationsWindowDays: options.registryOperationsWindowDays } : {}),
      }),
      metrics: metrics ?? false,
      ...(options.metricsToken ? { metricsToken: options.metricsToken } : {}),
      agreements: { db: agreementsDb, ...options.agreementsEnforcement },
      ...(options.adHocQueries ? { adHocQueries: options.adHocQueries } : {}),
    });
    stack.push(() => gateway.close());
    // The pages the gateway serves sign in through this provider: let their origin use its token endpoint.
    identityProvider.allowBrowserOrigin(gateway.url);
    identityProvider.allowBrowserOrigin(`http://localhost:${gateway.port}`);
    return {
      gateway,
      audit: { db: auditDb, witnessDb, writer: auditWriter, checkpointPublicKey: checkpointKey.publicKey },
      budgets: { db: budgetDb },
      registry: { db: registryDb },
      agreements: { db: agreementsDb },
      identityProvider,
      accessContextSigner,
      subgraphs,
      dbs,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
