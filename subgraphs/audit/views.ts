import type { AuditBreakGlass, AuditFieldDecision, AuditRecord, AuditSubject, AuditUnrecordable, AuditUser } from '../../audit/record';
import type { AuditEventRow } from './auditRecord';
import type { AuditReviewRow } from './reviewRecord';
import { reviewCodesOf, reviewKindOf, type ReviewKind } from './reviewKinds';

/**
 * Audit rows as the schema's object types: plain values the default resolvers read. Enum-valued fields keep
 * the record's own values ('allowed', 'query', 'Person'); the schema's enum resolvers (resolvers.ts) name them.
 */
export interface AuditEventView {
  id: string;
  version: number;
  chainId: string;
  seq: number;
  prevHash: string;
  hash: string;
  time: string;
  requestId: string;
  user: AuditUser | null;
  client: string | null;
  purpose: string | null;
  legalBasis: string[];
  caseRef: string | null;
  operation: AuditRecord['operation'];
  variables: string;
  fields: AuditFieldDecision[];
  subgraphs: string[];
  subjects: AuditSubject[];
  subjectPseudonyms: string[];
  outcome: AuditRecord['outcome'];
  errorCodes: string[];
  latencyMs: number;
  responseBytes: number;
  policyRevision: string;
  unrecordable: AuditUnrecordable[];
  breakGlass: AuditBreakGlass | null;
  application: string | null;
  agreementId: string | null;
}

/** The chain columns are the truth for the event's position; the record repeats them (the contract says equal). */
export function auditEventView(row: AuditEventRow): AuditEventView {
  const { record } = row;
  return {
    id: row.id,
    version: record.v,
    chainId: row.chainId,
    seq: row.seq,
    prevHash: row.prevHash,
    hash: row.hash,
    time: record.time,
    requestId: record.requestId,
    user: record.user,
    client: record.client,
    purpose: record.purpose,
    legalBasis: record.legalBasis,
    caseRef: record.caseRef,
    operation: record.operation,
    variables: JSON.stringify(record.variables ?? {}),
    fields: record.fields,
    subgraphs: record.subgraphs,
    subjects: record.subjects,
    subjectPseudonyms: record.subjectPseudonyms,
    outcome: record.outcome,
    errorCodes: record.errorCodes,
    latencyMs: record.latencyMs,
    responseBytes: record.responseBytes,
    policyRevision: record.policyRevision,
    // Version 1 records have none.
    unrecordable: record.unrecordable ?? [],
    breakGlass: record.breakGlass ?? null,
    application: record.application ?? null,
    agreementId: record.agreementId ?? null,
  };
}

export interface SubjectAccessView {
  recordId: string;
  time: string;
  user: AuditUser | null;
  client: string | null;
  application: string | null;
  agreementId: string | null;
  purpose: string | null;
  legalBasis: string[];
  caseRef: string | null;
  operationName: string | null;
  subgraphs: string[];
  shownAs: AuditSubject[];
  fields: AuditFieldDecision[];
  outcome: AuditRecord['outcome'];
  event: AuditEventView;
}

/** One access to the subject with this pseudonym: who, when, why, and how the subject was shown. */
export function subjectAccessView(row: AuditEventRow, pseudonym: string): SubjectAccessView {
  const { record } = row;
  return {
    recordId: row.id,
    time: record.time,
    user: record.user,
    client: record.client,
    application: record.application ?? null,
    agreementId: record.agreementId ?? null,
    purpose: record.purpose,
    legalBasis: record.legalBasis,
    caseRef: record.caseRef,
    operationName: record.operation.name,
    subgraphs: record.subgraphs,
    shownAs: record.subjects.filter((subject) => subject.pseudonym === pseudonym),
    fields: record.fields,
    outcome: record.outcome,
    event: auditEventView(row),
  };
}

export interface RefusedAttemptView {
  recordId: string;
  time: string;
  user: AuditUser | null;
  client: string | null;
  application: string | null;
  agreementId: string | null;
  purpose: string | null;
  caseRef: string | null;
  operationName: string | null;
  errorCodes: string[];
  deniedFields: AuditFieldDecision[];
  event: AuditEventView;
}

/** A refused operation that named the subject: who tried, when, why (its codes and the fields denied). */
export function refusedAttemptView(row: AuditEventRow): RefusedAttemptView {
  const { record } = row;
  return {
    recordId: row.id,
    time: record.time,
    user: record.user,
    client: record.client,
    application: record.application ?? null,
    agreementId: record.agreementId ?? null,
    purpose: record.purpose,
    caseRef: record.caseRef,
    operationName: record.operation.name,
    errorCodes: record.errorCodes,
    deniedFields: record.fields.filter((field) => field.effect === 'deny'),
    event: auditEventView(row),
  };
}

export interface ReviewItemView {
  id: string;
  kind: ReviewKind;
  time: string;
  user: AuditUser | null;
  purpose: string | null;
  caseRef: string | null;
  justification: string | null;
  codes: string[];
  outcome: AuditRecord['outcome'];
  event: AuditEventView;
}

/** A queued event; its reviews are loaded under it (resolvers.ts). Null for a record that is not a queue record. */
export function reviewItemView(row: AuditEventRow): ReviewItemView | null {
  const { record } = row;
  const kind = reviewKindOf(record);
  if (kind === null) return null;
  return {
    id: row.id,
    kind,
    time: record.time,
    user: record.user,
    purpose: record.purpose,
    caseRef: record.caseRef,
    justification: record.breakGlass?.justification ?? null,
    codes: reviewCodesOf(record),
    outcome: record.outcome,
    event: auditEventView(row),
  };
}

export interface ReviewView {
  id: string;
  eventId: string;
  reviewer: AuditUser;
  note: string;
  reviewedAt: string;
  requestId: string;
}

export function reviewView(row: AuditReviewRow): ReviewView {
  return { id: row.id, eventId: row.eventId, reviewer: row.reviewer, note: row.note, reviewedAt: row.reviewedAt, requestId: row.requestId };
}
