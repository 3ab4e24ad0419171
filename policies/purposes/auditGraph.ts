/**
 * The types of the audit subgraph (to come). Adjust here when its SDL lands: audit-review covers exactly
 * these, and validation treats them as planned (a warning, not an error) while the supergraph lacks them.
 */
export const AUDIT_GRAPH_TYPES: readonly string[] = Object.freeze([
  'AuditEvent',
  'AuditFieldDecision',
  'AuditSubject',
  'SubjectAccessReport',
  'AuditUserStatistics',
]);
