import type { Database } from '../subgraphs/kit/database';
import type { CheckReport } from './checks/report';
import { REGISTRY_CHANNEL } from './servedSupergraph';

/** What a query runs on: the pool, or the one connection of a registry transaction. */
export interface Queryable {
  query<Row>(text: string, values?: readonly unknown[]): Promise<Row[]>;
}

export type VersionDecision = 'accepted' | 'awaiting-approval' | 'refused' | 'rejected';
/** As the API shows it: an accepted version is served or superseded, as the served supergraph says. */
export type VersionStatus = 'served' | 'superseded' | 'awaiting-approval' | 'refused' | 'rejected';

export interface SubgraphVersion {
  id: string;
  subgraph: string;
  sdl: string;
  url: string;
  publishedBy: string;
  publishedAt: string;
  decision: VersionDecision;
  report: CheckReport;
  approvedBy: string | null;
  approvedAt: string | null;
  decisionReason: string | null;
}

export interface SupergraphRecord {
  version: number;
  supergraphSdl: string;
  /** Subgraph name → the id of the version it was composed from. */
  subgraphVersions: Record<string, string>;
  subgraphUrls: Record<string, string>;
  acceptedAt: string;
  acceptedBy: string;
  reason: string;
  restoresVersion: number | null;
}

interface VersionRow {
  id: string;
  subgraph: string;
  sdl: string;
  url: string;
  published_by: string;
  published_at: string;
  decision: VersionDecision;
  report: CheckReport;
  approved_by: string | null;
  approved_at: string | null;
  decision_reason: string | null;
}

interface SupergraphRow {
  version: number;
  supergraph_sdl: string;
  subgraph_versions: Record<string, string>;
  subgraph_urls: Record<string, string>;
  accepted_at: string;
  accepted_by: string;
  reason: string;
  restores_version: number | null;
}

const VERSION_COLUMNS = 'id::text AS id, subgraph, sdl, url, published_by, published_at, decision, report, approved_by, approved_at, decision_reason';
const SUPERGRAPH_COLUMNS = 'version, supergraph_sdl, subgraph_versions, subgraph_urls, accepted_at, accepted_by, reason, restores_version';

function versionOf(row: VersionRow): SubgraphVersion {
  return {
    id: row.id,
    subgraph: row.subgraph,
    sdl: row.sdl,
    url: row.url,
    publishedBy: row.published_by,
    publishedAt: row.published_at,
    decision: row.decision,
    report: row.report,
    approvedBy: row.approved_by,
    approvedAt: row.approved_at,
    decisionReason: row.decision_reason,
  };
}

function supergraphOf(row: SupergraphRow): SupergraphRecord {
  return {
    version: row.version,
    supergraphSdl: row.supergraph_sdl,
    subgraphVersions: row.subgraph_versions,
    subgraphUrls: row.subgraph_urls,
    acceptedAt: row.accepted_at,
    acceptedBy: row.accepted_by,
    reason: row.reason,
    restoresVersion: row.restores_version,
  };
}

/** The status the API shows for a version, given the served supergraph. */
export function versionStatus(version: SubgraphVersion, served: SupergraphRecord | undefined): VersionStatus {
  if (version.decision !== 'accepted') return version.decision;
  return served?.subgraphVersions[version.subgraph] === version.id ? 'served' : 'superseded';
}

export async function servedSupergraphRecord(db: Queryable): Promise<SupergraphRecord | undefined> {
  const [row] = await db.query<SupergraphRow>(`SELECT ${SUPERGRAPH_COLUMNS} FROM supergraphs ORDER BY version DESC LIMIT 1`);
  return row ? supergraphOf(row) : undefined;
}

export async function supergraphByVersion(db: Queryable, version: number): Promise<SupergraphRecord | undefined> {
  const [row] = await db.query<SupergraphRow>(`SELECT ${SUPERGRAPH_COLUMNS} FROM supergraphs WHERE version = $1`, [version]);
  return row ? supergraphOf(row) : undefined;
}

/** The latest supergraphs, newest first. */
export async function listSupergraphs(db: Queryable, limit: number): Promise<SupergraphRecord[]> {
  const rows = await db.query<SupergraphRow>(`SELECT ${SUPERGRAPH_COLUMNS} FROM supergraphs ORDER BY version DESC LIMIT $1`, [limit]);
  return rows.map(supergraphOf);
}

export async function versionById(db: Queryable, id: string): Promise<SubgraphVersion | undefined> {
  if (!/^\d{1,18}$/.test(id)) return undefined;
  const [row] = await db.query<VersionRow>(`SELECT ${VERSION_COLUMNS} FROM subgraph_versions WHERE id = $1`, [id]);
  return row ? versionOf(row) : undefined;
}

export async function versionsByIds(db: Queryable, ids: readonly string[]): Promise<SubgraphVersion[]> {
  if (ids.length === 0) return [];
  const rows = await db.query<VersionRow>(`SELECT ${VERSION_COLUMNS} FROM subgraph_versions WHERE id = ANY($1::bigint[])`, [ids]);
  return rows.map(versionOf);
}

/** Every version of one subgraph, newest first. */
export async function versionsOfSubgraph(db: Queryable, subgraph: string): Promise<SubgraphVersion[]> {
  const rows = await db.query<VersionRow>(`SELECT ${VERSION_COLUMNS} FROM subgraph_versions WHERE subgraph = $1 ORDER BY id DESC`, [subgraph]);
  return rows.map(versionOf);
}

export async function versionsAwaitingApproval(db: Queryable): Promise<SubgraphVersion[]> {
  const rows = await db.query<VersionRow>(`SELECT ${VERSION_COLUMNS} FROM subgraph_versions WHERE decision = 'awaiting-approval' ORDER BY id`);
  return rows.map(versionOf);
}

/** The names of every subgraph the registry knows (published at least once). */
export async function subgraphNames(db: Queryable): Promise<string[]> {
  const rows = await db.query<{ subgraph: string }>('SELECT DISTINCT subgraph FROM subgraph_versions ORDER BY subgraph');
  return rows.map((row) => row.subgraph);
}

export interface NewVersion {
  subgraph: string;
  sdl: string;
  url: string;
  publishedBy: string;
  decision: VersionDecision;
  report: CheckReport;
}

export async function insertVersion(db: Queryable, version: NewVersion): Promise<SubgraphVersion> {
  const [row] = await db.query<VersionRow>(
    `INSERT INTO subgraph_versions (subgraph, sdl, url, published_by, decision, report)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${VERSION_COLUMNS}`,
    [version.subgraph, version.sdl, version.url, version.publishedBy, version.decision, JSON.stringify(version.report)],
  );
  return versionOf(row!);
}

export async function recordDecision(
  db: Queryable,
  id: string,
  decision: { decision: VersionDecision; by: string; reason: string | null },
): Promise<SubgraphVersion> {
  const [row] = await db.query<VersionRow>(
    `UPDATE subgraph_versions SET decision = $2, approved_by = $3, approved_at = now(), decision_reason = $4
     WHERE id = $1 RETURNING ${VERSION_COLUMNS}`,
    [id, decision.decision, decision.by, decision.reason],
  );
  return versionOf(row!);
}

export interface NewSupergraph {
  supergraphSdl: string;
  subgraphVersions: Record<string, string>;
  subgraphUrls: Record<string, string>;
  acceptedBy: string;
  reason: string;
  restoresVersion?: number | null;
}

/** Serves a new supergraph (the next version) and announces it to every gateway once the transaction commits. */
export async function insertSupergraph(db: Queryable, supergraph: NewSupergraph): Promise<SupergraphRecord> {
  const [row] = await db.query<SupergraphRow>(
    `INSERT INTO supergraphs (version, supergraph_sdl, subgraph_versions, subgraph_urls, accepted_by, reason, restores_version)
     SELECT coalesce(max(version), 0) + 1, $1, $2, $3, $4, $5, $6 FROM supergraphs
     RETURNING ${SUPERGRAPH_COLUMNS}`,
    [
      supergraph.supergraphSdl,
      JSON.stringify(supergraph.subgraphVersions),
      JSON.stringify(supergraph.subgraphUrls),
      supergraph.acceptedBy,
      supergraph.reason,
      supergraph.restoresVersion ?? null,
    ],
  );
  const record = supergraphOf(row!);
  await db.query('SELECT pg_notify($1, $2)', [REGISTRY_CHANNEL, String(record.version)]);
  return record;
}

/** One key for every change of what is served: publishes, approvals and rollbacks happen one at a time. */
const REGISTRY_LOCK = 7345120;

/**
 * Runs `work` in a transaction holding the registry's lock, so two concurrent publishes never compose
 * from the same served supergraph and lose one of the two versions.
 */
export function inRegistryTransaction<T>(db: Database, work: (tx: Queryable) => Promise<T>): Promise<T> {
  return db.transaction(async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [REGISTRY_LOCK]);
    return work({
      query: async <Row>(text: string, values?: readonly unknown[]) => (await client.query(text, values as unknown[] | undefined)).rows as Row[],
    });
  });
}
