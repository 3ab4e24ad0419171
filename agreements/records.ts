import type { ApplicationContact } from './applications';
import type { RequestedOperationView } from './submission';
import type { SeatStatus } from './workflow';

/** What the agreements database holds, as the store reads it (agreementStore.ts) and the API serves it. */
export interface ApplicationRecord {
  clientId: string;
  name: string;
  seedSystem: string;
  owningUnit: string;
  contacts: ApplicationContact[];
}

export interface ApprovalRecord {
  seat: string;
  status: SeatStatus;
  decidedBy: string | null;
  decidedAt: Date | null;
  reason: string | null;
}

export interface SharingRequestRecord {
  id: string;
  clientId: string;
  title: string;
  justification: string;
  purpose: string;
  legalBasis: string[];
  validFrom: Date;
  validTo: Date;
  status: SeatStatus;
  submittedAt: Date;
  submittedBy: string;
  operations: RequestedOperationView[];
  approvals: ApprovalRecord[];
  agreementId: string | null;
}

export interface AgreementRecord {
  id: string;
  requestId: string;
  clientId: string;
  purpose: string;
  legalBasis: string[];
  validFrom: Date;
  validTo: Date;
  approvers: string[];
  createdAt: Date;
  revokedAt: Date | null;
  revokedBy: string | null;
  revokeReason: string | null;
  operations: { name: string; documentHash: string }[];
  /** The seats of the request it came from: whose stewards may revoke it. */
  seats: string[];
}

export interface WorkflowEventRecord {
  at: Date;
  actor: string;
  action: string;
  detail: string | null;
  requestId: string | null;
  agreementId: string | null;
}
