/**
 * npm run start:gateway — the gateway alone, as production runs it: the supergraph the schema registry
 * serves (REGISTRY_DATABASE_URL; followed as it changes; the checked-in one while the registry cannot be
 * reached), the agencies at the URLs the registry holds or at POLICE_URL, COURT_URL, …, tokens from OIDC_ISSUER.
 * It writes the audit log (AUDIT_DATABASE_URL) and ships each checkpoint to the witness
 * (AUDIT_WITNESS_URL) as a role that may only append, and counts extraction budgets in the database every
 * instance shares (BUDGET_DATABASE_URL), and serves and enforces the data-sharing agreements
 * (AGREEMENTS_DATABASE_URL). It serves the schema registry's API at /registry/graphql
 * (REGISTRY_DATABASE_URL; its operation checks read the audit log's recorded_operations view, read-only):
 * it migrates nothing (`npm run migrate` does).
 */
import { createCheckpointSigner } from '../audit/checkpoint';
import { auditDatabaseName, openAuditDatabase } from '../audit/database';
import { createCheckpointWitness } from '../audit/witness';
import { openAuditWitnessDatabase } from '../audit/witnessDatabase';
import { createAuditWriter } from '../audit/writer';
import { openAgreementsDatabase } from '../agreements/agreementsDatabase';
import { openBudgetDatabase } from '../gateway/budgets/budgetDatabase';
import { createBudgetStore } from '../gateway/budgets/budgetStore';
import { startGateway } from '../gateway/server';
import { loadSupergraphSdl } from '../gateway/supergraph';
import { registryFeed } from '../gateway/supergraphSource';
import { openRegistryDatabase } from '../registry/registryDatabase';
import { createAccessContextSigner } from '@govgraph/access-context';
import { exportAccessContextKeyPair, importAccessContextPrivateKey } from '@govgraph/access-context';
import { openAuditReader } from '../registry/auditReader';
import { createRegistry } from '../registry/registry';
import { databaseUrl } from '../runtime/databases';
import { ConfigError, loadConfig, required } from '../runtime/config';
import { onShutdown } from '../runtime/shutdown';
import { loggerFor } from '@govgraph/observability';
import { startTracing } from '@govgraph/observability';
import { createGatewayMetrics } from '../gateway/observability/metrics';

async function main(): Promise<void> {
  const config = loadConfig();
  // Before the gateway is built: its pipeline decides at start-up whether it traces (packages/observability/tracing.ts).
  const tracing = startTracing({ serviceName: 'govgraph-gateway' });
  const metrics = createGatewayMetrics();
  const keys = importAccessContextPrivateKey(
    required(config.accessContextPrivateKey, 'ACCESS_CONTEXT_PRIVATE_KEY', 'the PKCS#8 PEM the gateway signs access contexts with'),
  );
  const subjectKey = required(config.audit.subjectKey, 'AUDIT_SUBJECT_KEY', 'the secret behind data-subject pseudonyms, shared with the audit subgraph');
  const checkpointSigner = createCheckpointSigner(
    required(config.audit.checkpointKey, 'AUDIT_CHECKPOINT_KEY', 'the Ed25519 key (private JWK or PKCS#8 PEM) signing audit checkpoints'),
  );
  const auditDb = await openAuditDatabase({
    serverUrl: config.databaseUrl,
    prefix: config.databasePrefix,
    migrate: false,
    ...(config.audit.databaseUrl ? { explicitUrl: config.audit.databaseUrl } : {}),
  });
  const witnessDb = await openAuditWitnessDatabase({
    serverUrl: config.databaseUrl,
    prefix: config.databasePrefix,
    migrate: false,
    ...(config.audit.witnessUrl ? { explicitUrl: config.audit.witnessUrl } : {}),
  });
  const budgetDb = await openBudgetDatabase({
    serverUrl: config.databaseUrl,
    prefix: config.databasePrefix,
    migrate: false,
    ...(config.budgetDatabaseUrl ? { explicitUrl: config.budgetDatabaseUrl } : {}),
  });
  // The registry's API and the served supergraph need its database; a gateway told of none serves the
  // checked-in supergraph without /registry/graphql, and says so. Opened, not connected: a registry down at
  // start-up leaves the gateway on the checked-in supergraph until it answers.
  const registryDb =
    config.databaseUrl || config.registry.databaseUrl
      ? await openRegistryDatabase({
          serverUrl: config.databaseUrl,
          prefix: config.databasePrefix,
          migrate: false,
          ...(config.registry.databaseUrl ? { explicitUrl: config.registry.databaseUrl } : {}),
          onError: (error) => console.error(`[gateway] registry database connection lost: ${error.message}`),
        })
      : undefined;
  const auditUrl = config.audit.databaseUrl ?? (config.databaseUrl ? databaseUrl(config.databaseUrl, auditDatabaseName(config.databasePrefix)) : undefined);
  const registryAuditReader = registryDb && auditUrl ? openAuditReader(auditUrl) : undefined;
  const agreementsDb = await openAgreementsDatabase({
    serverUrl: config.databaseUrl,
    prefix: config.databasePrefix,
    migrate: false,
    ...(config.agreementsDatabaseUrl ? { explicitUrl: config.agreementsDatabaseUrl } : {}),
  });
  const auditWriter = createAuditWriter({
    db: auditDb,
    chainId: config.audit.chainId,
    maxQueue: config.audit.queueLimit,
    checkpoint: { signer: checkpointSigner, everyRecords: 1_000, everyMs: 60_000 },
    witness: createCheckpointWitness({ auditDb, witnessDb }),
    onCommit: metrics.auditCommitted,
  });
  const gateway = await startGateway({
    supergraphSdl: loadSupergraphSdl(),
    ...(registryDb ? { supergraphFeed: { feed: registryFeed(registryDb) } } : {}),
    log: (line) => console.log(`[gateway] ${line}`),
    subgraphUrls: config.subgraphUrls,
    subgraphTimeoutMs: config.subgraphTimeoutMs,
    subgraphMaxResponseBytes: config.subgraphMaxResponseBytes,
    caseVerificationTtlSeconds: config.caseVerificationTtlSeconds,
    subgraphBreaker: config.subgraphBreaker,
    port: config.port ?? 4000,
    host: config.host,
    identity: {
      issuer: config.oidc.issuer,
      audience: config.oidc.audience,
      ...(config.oidc.clients ? { clients: config.oidc.clients } : {}),
      ...(config.oidc.jwksUrl ? { jwks: { url: config.oidc.jwksUrl } } : {}),
    },
    accessContextSigner: createAccessContextSigner({ privateKey: keys.privateKey, keyId: keys.keyId }),
    accessContextPublicKeys: exportAccessContextKeyPair(keys).publicJwks,
    pseudonymKey: required(config.pseudonymKey, 'PSEUDONYM_KEY', 'the secret behind pseudonym masks, e.g. `openssl rand -hex 32`'),
    audit: { writer: auditWriter, subjectKey },
    limits: config.limits,
    admission: config.admission,
    budgets: createBudgetStore(budgetDb),
    ...(registryDb
      ? {
          registry: createRegistry({
            db: registryDb,
            agreements: agreementsDb,
            ...(registryAuditReader ? { auditReader: registryAuditReader } : {}),
            operationsWindowDays: config.registry.operationsWindowDays,
          }),
        }
      : {}),
    metrics,
    ...(config.metricsToken ? { metricsToken: config.metricsToken } : {}),
    agreements: { db: agreementsDb },
    adHocQueries: config.adHocQueries,
  });
  const log = loggerFor('gateway');
  log.info(
    {
      url: gateway.graphqlUrl,
      subgraphs: gateway.subgraphs,
      tracing: tracing !== undefined,
      registry: registryDb ? `${gateway.url}/registry/graphql` : 'off (set REGISTRY_DATABASE_URL, or DATABASE_URL for <prefix>_registry on that server)',
    },
    'gateway listening',
  );
  // This order: no new requests, then the final head signed and witnessed, then the connections closed.
  onShutdown(async () => {
    await gateway.close();
    await auditWriter.close();
    await Promise.all([auditDb.close(), witnessDb.close(), budgetDb.close(), agreementsDb.close(), registryDb?.close(), registryAuditReader?.close()]);
    await tracing?.shutdown();
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : `gateway failed to start: ${(error as Error).message}`);
  process.exit(1);
});
