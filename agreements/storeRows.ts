import type { ApplicationContact } from './applications';
import type { AgreementRecord, SharingRequestRecord } from './records';
import type { FieldDecisionView } from './submission';
import type { SeatStatus } from './workflow';

/** The agreements database's rows as pg returns them (TIMESTAMPTZ as ISO strings), and the records made of them. */
export const date = (value: string) => new Date(value);
export const nullableDate = (value: string | null) => (value === null ? null : new Date(value));

export interface ApplicationRow {
  client_id: string;
  name: string;
  seed_system: string;
  owning_unit: string;
  contacts: ApplicationContact[];
}

export interface RequestRow {
  id: string;
  client_id: string;
  title: string;
  justification: string;
  purpose: string;
  legal_basis: string[];
  valid_from: string;
  valid_to: string;
  status: SeatStatus;
  submitted_at: string;
  submitted_by: string;
  agreement_id?: string | null;
}

export interface OperationRow {
  request_id: string;
  name: string;
  document: string;
  document_hash: string;
  variables: string[];
  agencies: string[];
  fields: FieldDecisionView[];
}

export interface ApprovalRow {
  request_id: string;
  seat: string;
  status: SeatStatus;
  decided_by: string | null;
  decided_by_subject: string | null;
  decided_at: string | null;
  reason: string | null;
}

export interface AgreementRow {
  id: string;
  request_id: string;
  client_id: string;
  purpose: string;
  legal_basis: string[];
  valid_from: string;
  valid_to: string;
  approvers: string[];
  created_at: string;
  revoked_at: string | null;
  revoked_by: string | null;
  revoke_reason: string | null;
  seats: string[] | null;
}

export interface EventRow {
  at: string;
  actor: string;
  action: string;
  detail: string | null;
  request_id: string | null;
  agreement_id: string | null;
}

export function requestRecord(row: RequestRow, operations: OperationRow[], approvals: ApprovalRow[]): SharingRequestRecord {
  return {
    id: row.id,
    clientId: row.client_id,
    title: row.title,
    justification: row.justification,
    purpose: row.purpose,
    legalBasis: row.legal_basis,
    validFrom: date(row.valid_from),
    validTo: date(row.valid_to),
    status: row.status,
    submittedAt: date(row.submitted_at),
    submittedBy: row.submitted_by,
    operations: operations.map((operation) => ({
      name: operation.name,
      document: operation.document,
      documentHash: operation.document_hash,
      variables: operation.variables,
      agencies: operation.agencies,
      fields: operation.fields,
    })),
    approvals: approvals.map((approval) => ({
      seat: approval.seat,
      status: approval.status,
      decidedBy: approval.decided_by,
      decidedAt: nullableDate(approval.decided_at),
      reason: approval.reason,
    })),
    agreementId: row.agreement_id ?? null,
  };
}

export function agreementRecord(row: AgreementRow, operations: { name: string; document_hash: string }[]): AgreementRecord {
  return {
    id: row.id,
    requestId: row.request_id,
    clientId: row.client_id,
    purpose: row.purpose,
    legalBasis: row.legal_basis,
    validFrom: date(row.valid_from),
    validTo: date(row.valid_to),
    approvers: row.approvers,
    createdAt: date(row.created_at),
    revokedAt: nullableDate(row.revoked_at),
    revokedBy: row.revoked_by,
    revokeReason: row.revoke_reason,
    operations: operations.map((operation) => ({ name: operation.name, documentHash: operation.document_hash })),
    seats: row.seats ?? [],
  };
}
