import { openAgreementsDatabase } from '../../../agreements/agreementsDatabase';
import { createCheckpointSigner } from '../../../audit/checkpoint';
import { generateCheckpointKeyPair } from '../../../audit/checkpointKeys';
import { openAuditDatabase } from '../../../audit/database';
import { createCheckpointWitness } from '../../../audit/witness';
import { openAuditWitnessDatabase } from '../../../audit/witnessDatabase';
import { createAuditWriter } from '../../../audit/writer';
import { openBudgetDatabase } from '../../../gateway/budgets/budgetDatabase';
import { createBudgetStore } from '../../../gateway/budgets/budgetStore';
import { startGateway } from '../../../gateway/server';
import { loadSupergraphSdl } from '../../../gateway/supergraph';
import { createAccessContextSigner } from '@govgraph/access-context';
import { importAccessContextPrivateKey } from '@govgraph/access-context';
import { DEVELOPMENT_AUDIT_SUBJECT_KEY, DEVELOPMENT_PSEUDONYM_KEY } from '../../../runtime/developmentKeys';
import { nullAuditWriter } from '../nullAuditWriter';
import type { PeerConfig } from './peerConfig';

/** A: the govgraph gateway with everything on (agreements and budgets included), as bin/gateway.ts runs it, on its own audit chain. */
export async function startGovgraphPeer(config: PeerConfig, chainId: string): Promise<{ url: string; close(): Promise<void> }> {
  const source = { serverUrl: config.serverUrl, prefix: config.databasePrefix, migrate: false };
  const auditDb = await openAuditDatabase(source);
  const witnessDb = await openAuditWitnessDatabase(source);
  const budgetDb = await openBudgetDatabase(source);
  const agreementsDb = await openAgreementsDatabase(source);
  const writer = createAuditWriter({
    db: auditDb,
    chainId,
    checkpoint: { signer: createCheckpointSigner(generateCheckpointKeyPair()), everyRecords: 1_000, everyMs: 60_000 },
    witness: createCheckpointWitness({ auditDb, witnessDb }),
  });
  const keys = importAccessContextPrivateKey(config.accessContextPrivateKeyPem);
  const without = new Set(config.without ?? []);
  const gateway = await startGateway({
    supergraphSdl: loadSupergraphSdl(),
    subgraphUrls: config.subgraphUrls,
    subgraphTimeoutMs: 10_000,
    port: config.port,
    host: '127.0.0.1',
    identity: { issuer: config.issuer, audience: 'govgraph-gateway' },
    accessContextSigner: createAccessContextSigner({ privateKey: keys.privateKey, keyId: keys.keyId }),
    pseudonymKey: DEVELOPMENT_PSEUDONYM_KEY,
    audit: { writer: without.has('audit') ? nullAuditWriter() : writer, subjectKey: DEVELOPMENT_AUDIT_SUBJECT_KEY },
    ...(without.has('budgets') ? {} : { budgets: createBudgetStore(budgetDb) }),
    agreements: { db: agreementsDb },
  });
  return {
    url: gateway.graphqlUrl,
    close: async () => {
      await gateway.close();
      await writer.close();
      await Promise.all([auditDb.close(), witnessDb.close(), budgetDb.close(), agreementsDb.close()]);
    },
  };
}
