/**
 * What the registry pages ask of `POST /registry/graphql` (the schema registry's API, contracts.md
 * "Registry"), and the shapes of its answers. One fragment per type, so every page reads a version or a
 * report the same way.
 */

export type FindingCheck = 'composition' | 'policy-graph' | 'breaking-change' | 'operations' | 'agreed-operations' | 'classification' | 'purpose-coverage';
export type FindingSeverity = 'blocking' | 'approval' | 'warning' | 'info';
export type VersionStatus = 'served' | 'superseded' | 'awaiting-approval' | 'refused' | 'rejected';

/** The checks in the order a reader weighs them: will it compose, whom does it break, what does it expose. */
export const FINDING_CHECKS: readonly FindingCheck[] = Object.freeze([
  'composition',
  'policy-graph',
  'breaking-change',
  'operations',
  'agreed-operations',
  'classification',
  'purpose-coverage',
]);
export const FINDING_SEVERITIES: readonly FindingSeverity[] = Object.freeze(['blocking', 'approval', 'warning', 'info']);
export const VERSION_STATUSES: readonly VersionStatus[] = Object.freeze(['served', 'superseded', 'awaiting-approval', 'refused', 'rejected']);

export interface BrokenOperation {
  name: string | null;
  documentHash: string;
  count: number;
  purposes: string[];
  applications: string[];
  lastSeen: string;
}

export interface Finding {
  check: string;
  severity: string;
  message: string;
  fix: string | null;
  coordinate: string | null;
  operations: BrokenOperation[] | null;
}

export interface CheckReport {
  blocking: boolean;
  needsApproval: boolean;
  findings: Finding[];
}

export interface SchemaVersion {
  id: string;
  subgraph: string;
  sdl: string;
  url: string;
  publishedBy: string;
  publishedAt: string;
  status: string;
  report: CheckReport;
  approvedBy: string | null;
  approvedAt: string | null;
  decisionReason: string | null;
}

/** A version in a list: everything but the SDL and the report (read when the version is opened). */
export type SchemaVersionSummary = Omit<SchemaVersion, 'sdl' | 'report'> & { report: Pick<CheckReport, 'blocking' | 'needsApproval'> };

export interface Subgraph {
  name: string;
  url: string;
  servedVersion: SchemaVersionSummary | null;
  versions: SchemaVersionSummary[];
}

export interface Supergraph {
  version: number;
  acceptedAt: string;
  acceptedBy: string;
  subgraphs: string[];
  reason: string;
}

export interface PublishResult {
  accepted: boolean;
  version: SchemaVersion;
  supergraph: Supergraph | null;
}

const REPORT_FIELDS = `
  blocking
  needsApproval
  findings {
    check
    severity
    message
    fix
    coordinate
    operations { name documentHash count purposes applications lastSeen }
  }
`;

const VERSION_SUMMARY_FIELDS = `
  id subgraph url publishedBy publishedAt status approvedBy approvedAt decisionReason
  report { blocking needsApproval }
`;

const VERSION_FIELDS = `
  id subgraph sdl url publishedBy publishedAt status approvedBy approvedAt decisionReason
  report { ${REPORT_FIELDS} }
`;

const SUPERGRAPH_FIELDS = 'version acceptedAt acceptedBy subgraphs reason';

export const SUBGRAPHS = `
  query RegistrySubgraphs {
    subgraphs {
      name
      url
      servedVersion { ${VERSION_SUMMARY_FIELDS} }
      versions { ${VERSION_SUMMARY_FIELDS} }
    }
    servedSupergraph { ${SUPERGRAPH_FIELDS} }
  }
`;

/** One subgraph's versions, each with its report: the version page finds its own among them. */
export const SUBGRAPH = `
  query RegistrySubgraph($name: String!) {
    subgraph(name: $name) {
      name
      url
      servedVersion { id }
      versions { ${VERSION_FIELDS} }
    }
  }
`;

export const PENDING_APPROVALS = `
  query RegistryPendingApprovals {
    pendingApprovals { ${VERSION_FIELDS} }
  }
`;

export const APPROVE_VERSION = `
  mutation RegistryApprove($id: ID!, $reason: String) {
    approveSchemaVersion(id: $id, reason: $reason) { ${VERSION_FIELDS} }
  }
`;

export const REJECT_VERSION = `
  mutation RegistryReject($id: ID!, $reason: String!) {
    rejectSchemaVersion(id: $id, reason: $reason) { ${VERSION_FIELDS} }
  }
`;

export const SUPERGRAPHS = `
  query RegistrySupergraphs($limit: Int) {
    supergraphs(limit: $limit) { ${SUPERGRAPH_FIELDS} }
    servedSupergraph { ${SUPERGRAPH_FIELDS} }
  }
`;

export const ROLLBACK_SUPERGRAPH = `
  mutation RegistryRollback($version: Int!, $reason: String) {
    rollbackSupergraph(version: $version, reason: $reason) { ${SUPERGRAPH_FIELDS} }
  }
`;

export const CHECK_SUBGRAPH = `
  mutation RegistryCheck($name: String!, $sdl: String!, $url: String) {
    checkSubgraph(name: $name, sdl: $sdl, url: $url) { ${REPORT_FIELDS} }
  }
`;

/** The names only, for the check form's choice of subgraph. */
export const SUBGRAPH_NAMES = `
  query RegistrySubgraphNames {
    subgraphs { name url servedVersion { id sdl } }
  }
`;
