/**
 * The console's reads, all through the graph with purpose audit-review (so they are audited too),
 * against the audit subgraph (subgraphs/audit/schema.graphql). One place to adjust when it changes.
 */

export type AuditOutcome = 'ALLOWED' | 'REFUSED' | 'FAILED';
export type FieldEffect = 'ALLOW' | 'MASK' | 'DENY';

export interface AuditUser {
  username: string;
  agency: string | null;
  district?: string | null;
  roles: string[];
}

export interface AuditSubject {
  type: 'PERSON' | 'ENTERPRISE' | 'ACCOUNT';
  display: string;
  pseudonym?: string;
}

export interface AuditFieldDecision {
  coordinate: string;
  effect: FieldEffect;
  strategy: string | null;
  reason: string | null;
}

export interface AuditEventSummary {
  id: string;
  time: string;
  chainId: string;
  seq: number;
  purpose: string | null;
  caseRef: string | null;
  outcome: AuditOutcome;
  subgraphs: string[];
  errorCodes: string[];
  user: AuditUser | null;
  operation: { name: string | null; type: string | null };
  subjects: AuditSubject[];
}

export interface AuditEventDetail extends AuditEventSummary {
  version: number;
  prevHash: string;
  hash: string;
  requestId: string;
  client: string | null;
  legalBasis: string[];
  operation: { name: string | null; type: string | null; documentHash: string | null; document: string | null };
  variables: string;
  fields: AuditFieldDecision[];
  latencyMs: number;
  responseBytes: number;
  policyRevision: string;
}

export interface AuditEventFilter {
  username?: string;
  agency?: string;
  purpose?: string;
  subjectIdNumber?: string;
  from?: string;
  to?: string;
  outcome?: AuditOutcome;
}

export interface Connection<Node> {
  edges: { cursor: string; node: Node }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const EVENT_SUMMARY = `
  id time chainId seq purpose caseRef outcome subgraphs errorCodes
  user { username agency roles }
  operation { name type }
  subjects { type display }`;

export const AUDIT_EVENTS = `query ConsoleAuditEvents($filter: AuditEventFilter, $first: Int, $after: String) {
  auditEvents(filter: $filter, first: $first, after: $after) {
    edges { cursor node { ${EVENT_SUMMARY} } }
    pageInfo { hasNextPage endCursor }
  }
}`;

export const AUDIT_EVENT = `query ConsoleAuditEvent($id: ID!) {
  auditEvent(id: $id) {
    ${EVENT_SUMMARY}
    version prevHash hash requestId client legalBasis variables latencyMs responseBytes policyRevision
    user { username agency district roles }
    operation { name type documentHash document }
    fields { coordinate effect strategy reason }
    subjects { type display pseudonym }
  }
}`;

export interface SubjectAccess {
  recordId: string;
  time: string;
  user: AuditUser | null;
  client: string | null;
  purpose: string | null;
  legalBasis: string[];
  caseRef: string | null;
  operationName: string | null;
  subgraphs: string[];
  shownAs: AuditSubject[];
  fields: AuditFieldDecision[];
  outcome: AuditOutcome;
}

/** An operation that named the person and was refused: who, when, why. */
export interface RefusedAttempt {
  recordId: string;
  time: string;
  user: AuditUser | null;
  client: string | null;
  purpose: string | null;
  caseRef: string | null;
  operationName: string | null;
  errorCodes: string[];
  deniedFields: AuditFieldDecision[];
}

export interface SubjectAccessReport {
  idNumber: string;
  pseudonym: string;
  accesses: SubjectAccess[];
  refusedAttempts: RefusedAttempt[];
}

export const SUBJECT_ACCESS_REPORT = `query ConsoleSubjectAccessReport($idNumber: ID!) {
  subjectAccessReport(idNumber: $idNumber) {
    idNumber pseudonym
    accesses {
      recordId time client purpose legalBasis caseRef operationName subgraphs outcome
      user { username agency roles }
      shownAs { type display }
      fields { coordinate effect strategy reason }
    }
    refusedAttempts {
      recordId time client purpose caseRef operationName errorCodes
      user { username agency roles }
      deniedFields { coordinate effect strategy reason }
    }
  }
}`;

export type ReviewKind = 'BREAK_GLASS' | 'BUDGET_REFUSAL' | 'CASE_REFUSAL';
export const REVIEW_KINDS: readonly ReviewKind[] = ['BREAK_GLASS', 'BUDGET_REFUSAL', 'CASE_REFUSAL'];

export interface AuditReview {
  id: string;
  eventId: string;
  note: string;
  reviewedAt: string;
  requestId: string;
  reviewer: AuditUser;
}

export interface ReviewItem {
  id: string;
  kind: ReviewKind;
  time: string;
  user: AuditUser | null;
  purpose: string | null;
  caseRef: string | null;
  justification: string | null;
  codes: string[];
  outcome: AuditOutcome;
  reviewed: boolean;
  latestReview: AuditReview | null;
  reviews: AuditReview[];
}

export interface ReviewQueueFilter {
  kind?: ReviewKind;
  reviewed?: boolean;
}

const REVIEW_FIELDS = 'id eventId note reviewedAt requestId reviewer { username agency roles }';

export const REVIEW_QUEUE = `query ConsoleReviewQueue($filter: AuditReviewQueueFilter, $first: Int, $after: String) {
  auditReviewQueue(filter: $filter, first: $first, after: $after) {
    edges { cursor node {
      id kind time purpose caseRef justification codes outcome reviewed
      user { username agency roles }
      latestReview { ${REVIEW_FIELDS} }
      reviews { ${REVIEW_FIELDS} }
    } }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** The console's one write: the gateway decides and audits it like any operation (audit-review only). */
export const REVIEW_AUDIT_EVENT = `mutation ConsoleReviewAuditEvent($id: ID!, $note: String!) {
  reviewAuditEvent(id: $id, note: $note) { ${REVIEW_FIELDS} }
}`;

export type AnomalyFlag = 'DISTINCT_SUBJECTS_PER_HOUR' | 'OFF_HOURS_ACCESS' | 'REFUSAL_BURST' | 'BUDGET_EXCEEDED';

export interface UserStatistics {
  username: string;
  agency: string | null;
  roles: string[];
  operations: number;
  refused: number;
  distinctSubjects: number;
  maxDistinctSubjectsPerHour: number;
  offHoursAccesses: number;
  maxRefusedInBurstWindow: number;
  flags: AnomalyFlag[];
  anomalies: { flag: AnomalyFlag; observed: number; threshold: number; at: string | null; message: string }[];
}

export const USER_STATISTICS = `query ConsoleUserStatistics($from: String!, $to: String!) {
  auditUserStatistics(from: $from, to: $to) {
    username agency roles operations refused distinctSubjects maxDistinctSubjectsPerHour
    offHoursAccesses maxRefusedInBurstWindow flags
    anomalies { flag observed threshold at message }
  }
}`;

/** Just what the overview's charts count. */
export interface TimelineEvent {
  time: string;
  purpose: string | null;
  outcome: AuditOutcome;
  user: { agency: string | null } | null;
}

export const TIMELINE_EVENTS = `query ConsoleTimeline($filter: AuditEventFilter, $first: Int, $after: String) {
  auditEvents(filter: $filter, first: $first, after: $after) {
    edges { node { time purpose outcome user { agency } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** The chain verification and the latest signed checkpoint (the audit subgraph's `auditIntegrity`). */
export interface IntegrityReport {
  intact: boolean;
  verifiedAt: string | null;
  checkpointSignatures: string;
  chains: {
    chainId: string;
    records: number;
    headSeq: number | null;
    headHash: string | null;
    checkpointsTotal: number;
    checkpointsVerified: number;
    failure: { seq: number; recordId: string | null; kind: string; message: string } | null;
    latestCheckpoint: { id: number; seq: number; hash: string; signedAt: string; keyId: string; signature: string } | null;
  }[];
}

export const INTEGRITY = `query ConsoleIntegrity {
  auditIntegrity {
    intact verifiedAt checkpointSignatures
    chains {
      chainId records headSeq headHash checkpointsTotal checkpointsVerified
      failure { seq recordId kind message }
      latestCheckpoint { id seq hash signedAt keyId signature }
    }
  }
}`;
