import type { AuditVerificationReport } from '../../audit/verify';

/** The verifier's report as the schema's AuditIntegrityReport. */
export function integrityView(report: AuditVerificationReport, verifiedAt: Date) {
  return {
    intact: report.intact,
    verifiedAt: verifiedAt.toISOString(),
    checkpointSignatures: report.checkpointSignatures,
    chains: report.chains.map((chain) => ({
      chainId: chain.chainId,
      records: chain.records,
      headSeq: chain.head?.seq ?? null,
      headHash: chain.head?.hash ?? null,
      checkpointsTotal: chain.checkpoints.total,
      checkpointsVerified: chain.checkpoints.verified,
      failure: chain.failure && {
        seq: chain.failure.seq,
        recordId: chain.failure.recordId,
        kind: chain.failure.kind,
        message: chain.failure.message,
      },
      latestCheckpoint: chain.checkpoints.latest,
    })),
  };
}
