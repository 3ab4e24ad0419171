import type { KeyObject } from 'node:crypto';
import { AUDIT_MIGRATIONS_DIRECTORY } from '../../audit/database';
import type { SubgraphDefinition } from '../kit/definition';
import { loadSchema } from '../kit/loadSchema';
import { anomalyThresholds, type AnomalyThresholdOptions } from './anomalies/thresholds';
import { createAuditLoaders, type AuditLoaders } from './loaders';
import { createAuditResolvers } from './resolvers';

/** The audit subgraph's name: the access context's audience and the supergraph's subgraph name. */
export const AUDIT_SUBGRAPH_NAME = 'audit' as const;

export interface AuditSubgraphOptions {
  /** AUDIT_SUBJECT_KEY, the same secret the gateway's audit writer pseudonymises data subjects with. */
  subjectKey: string;
  /** Anomaly thresholds over the defaults (50 subjects an hour, any off-hours access, 5 refusals in 10 minutes). */
  thresholds?: AnomalyThresholdOptions;
  /** The gateways' checkpoint public keys, for `auditIntegrity`; without them signatures are reported unchecked. */
  checkpointPublicKeys?: readonly KeyObject[];
}

/** The subgraph's SDL, for composition (which needs no key). */
export const AUDIT_TYPE_DEFS = loadSchema(__dirname);

/**
 * The privacy officer's review API over govgraph_audit: audit events by user, agency, purpose, subject
 * and time; a data subject's access report; per-user statistics with anomaly flags. Reachable only under
 * the audit-review purpose (policies/purposes/auditReview.ts). Its tables are audit/'s (migrations there).
 * Throws at start-up on a missing key or a bad threshold.
 */
export function createAuditSubgraph(options: AuditSubgraphOptions): SubgraphDefinition<AuditLoaders> {
  if (typeof options.subjectKey !== 'string' || options.subjectKey.length < 32) {
    throw new RangeError('the audit subgraph needs AUDIT_SUBJECT_KEY: at least 32 characters of secret, the gateway’s own');
  }
  return {
    name: AUDIT_SUBGRAPH_NAME,
    typeDefs: AUDIT_TYPE_DEFS,
    resolvers: createAuditResolvers({
      subjectKey: options.subjectKey,
      thresholds: anomalyThresholds(options.thresholds),
      checkpointPublicKeys: options.checkpointPublicKeys ?? [],
    }),
    migrationsDirectory: AUDIT_MIGRATIONS_DIRECTORY,
    createLoaders: createAuditLoaders,
  };
}
