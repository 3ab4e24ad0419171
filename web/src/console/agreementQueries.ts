/**
 * Everything the agreements pages ask of the workflow API (`POST /agreements/graphql`, contracts.md), in one
 * place: the documents and the shapes of their answers. Pages import from here and never write GraphQL inline,
 * so a change of the API's schema is a change of this file.
 */

export type SharingRequestStatus = 'PENDING' | 'APPROVED' | 'REJECTED';
export type AgreementStatus = 'IN_FORCE' | 'EXPIRING' | 'EXPIRED' | 'REVOKED' | 'NOT_YET_VALID';
export type ApprovalDecision = 'APPROVE' | 'REJECT';
export type FieldDecisionEffect = 'allow' | 'mask' | 'deny';

export const SHARING_REQUEST_STATUSES: readonly SharingRequestStatus[] = Object.freeze(['PENDING', 'APPROVED', 'REJECTED']);
export const AGREEMENT_STATUSES: readonly AgreementStatus[] = Object.freeze(['IN_FORCE', 'EXPIRING', 'EXPIRED', 'REVOKED', 'NOT_YET_VALID']);

export interface Viewer {
  username: string;
  roles: string[];
  agency: string | null;
  /** "data-steward:police", "privacy-officer": the approval seats this person may fill. */
  seats: string[];
}

export interface Contact {
  name: string;
  role: string;
  email: string | null;
}

export interface ApplicationSummary {
  clientId: string;
  name: string;
  seedSystem: string;
  owningUnit: string;
}

export interface Application extends ApplicationSummary {
  contacts: Contact[];
}

export interface FieldDecision {
  coordinate: string;
  effect: FieldDecisionEffect;
  strategy: string | null;
  reason: string | null;
}

export interface RequestedOperation {
  name: string;
  documentHash: string;
  document: string;
  variables: string[];
  agencies: string[];
  fields: FieldDecision[];
  refusedFields: number;
}

export interface Approval {
  seat: string;
  role: string;
  agency: string | null;
  status: SharingRequestStatus;
  decidedBy: string | null;
  decidedAt: string | null;
  reason: string | null;
}

export interface WorkflowEvent {
  at: string;
  actor: string;
  action: string;
  detail: string | null;
}

export interface SharingRequestSummary {
  id: string;
  application: ApplicationSummary;
  title: string;
  purpose: string;
  validFrom: string;
  validTo: string;
  status: SharingRequestStatus;
  submittedAt: string;
  submittedBy: string;
  operations: { name: string; agencies: string[] }[];
  approvals: Approval[];
}

export interface SharingRequest extends Omit<SharingRequestSummary, 'application' | 'operations'> {
  application: Application;
  justification: string;
  legalBasis: string[];
  operations: RequestedOperation[];
  agreement: { id: string; status: AgreementStatus } | null;
  events: WorkflowEvent[];
}

export interface AgreementSummary {
  id: string;
  application: ApplicationSummary;
  purpose: string;
  validFrom: string;
  validTo: string;
  status: AgreementStatus;
  operations: { name: string; documentHash: string }[];
  approvers: string[];
  revokedAt: string | null;
}

export interface Agreement extends Omit<AgreementSummary, 'application'> {
  application: Application;
  legalBasis: string[];
  revokedBy: string | null;
  revokeReason: string | null;
  request: {
    id: string;
    title: string;
    justification: string;
    submittedBy: string;
    submittedAt: string;
    operations: { name: string; agencies: string[] }[];
    approvals: Approval[];
    events: WorkflowEvent[];
  };
}

const APPLICATION_SUMMARY = 'clientId name seedSystem owningUnit';
const APPROVAL = 'seat role agency status decidedBy decidedAt reason';
const EVENT = 'at actor action detail';

export const VIEWER = /* GraphQL */ `
  query Viewer {
    viewer { username roles agency seats }
  }
`;

export const SHARING_REQUESTS = /* GraphQL */ `
  query SharingRequests($status: SharingRequestStatus, $awaitingMe: Boolean) {
    sharingRequests(status: $status, awaitingMe: $awaitingMe) {
      id title purpose validFrom validTo status submittedAt submittedBy
      application { ${APPLICATION_SUMMARY} }
      operations { name agencies }
      approvals { ${APPROVAL} }
    }
  }
`;

const SHARING_REQUEST_FIELDS = `
  id title justification purpose legalBasis validFrom validTo status submittedAt submittedBy
  application { ${APPLICATION_SUMMARY} contacts { name role email } }
  operations { name documentHash document variables agencies refusedFields fields { coordinate effect strategy reason } }
  approvals { ${APPROVAL} }
  agreement { id status }
  events { ${EVENT} }
`;

export const SHARING_REQUEST = /* GraphQL */ `
  query SharingRequest($id: ID!) {
    sharingRequest(id: $id) { ${SHARING_REQUEST_FIELDS} }
  }
`;

export const DECIDE_SHARING_REQUEST = /* GraphQL */ `
  mutation DecideSharingRequest($id: ID!, $decision: ApprovalDecision!, $reason: String) {
    decideSharingRequest(id: $id, decision: $decision, reason: $reason) { ${SHARING_REQUEST_FIELDS} }
  }
`;

export const AGREEMENTS = /* GraphQL */ `
  query Agreements($status: AgreementStatus) {
    agreements(status: $status) {
      id purpose validFrom validTo status approvers revokedAt
      application { ${APPLICATION_SUMMARY} }
      operations { name documentHash }
    }
  }
`;

const AGREEMENT_FIELDS = `
  id purpose legalBasis validFrom validTo status approvers revokedAt revokedBy revokeReason
  application { ${APPLICATION_SUMMARY} contacts { name role email } }
  operations { name documentHash }
  request { id title justification submittedBy submittedAt operations { name agencies } approvals { ${APPROVAL} } events { ${EVENT} } }
`;

export const AGREEMENT = /* GraphQL */ `
  query Agreement($id: ID!) {
    agreement(id: $id) { ${AGREEMENT_FIELDS} }
  }
`;

export const REVOKE_AGREEMENT = /* GraphQL */ `
  mutation RevokeAgreement($id: ID!, $reason: String!) {
    revokeAgreement(id: $id, reason: $reason) { ${AGREEMENT_FIELDS} }
  }
`;
