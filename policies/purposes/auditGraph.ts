/**
 * The object types of the audit subgraph (subgraphs/audit/schema.graphql): audit-review covers exactly these
 * (and the shared PageInfo). Validation treats them as planned (a warning, not an error) while a schema
 * lacks them, e.g. a graph composed without the audit subgraph.
 */
export const AUDIT_GRAPH_TYPES: readonly string[] = Object.freeze([
  'AuditEvent',
  'AuditUser',
  'AuditOperation',
  'AuditFieldDecision',
  'AuditSubject',
  'AuditEventConnection',
  'AuditEventEdge',
  'SubjectAccessReport',
  'AuditSubjectAccess',
  'AuditUserStatistics',
  'AuditAnomaly',
  'AuditIntegrityReport',
  'AuditChainVerification',
  'AuditIntegrityFailure',
  'AuditCheckpoint',
  'AuditUnrecordable',
  'AuditRefusedAttempt',
  'AuditReviewItem',
  'AuditReviewItemConnection',
  'AuditReviewItemEdge',
  'AuditReview',
  'AuditBreakGlass',
]);
