import { loadAgreementAgencies } from '../agreements/agreementAgencies';
import { loadAgreedOperations } from '../agreements/agreedOperations';
import type { Database } from '../subgraphs/kit/database';
import { loadRecordedOperations } from './checks/recordedOperations';
import type { AgreementSources } from './checks/agreementsCheck';
import type { CheckReport } from './checks/report';
import { rollbackChecks } from './checks/rollbackChecks';
import { runChecks, type CheckOutcome, type ServedGraph } from './checks/runChecks';
import { RegistryError } from './registryErrors';
import {
  inRegistryTransaction,
  insertSupergraph,
  insertVersion,
  recordDecision,
  servedSupergraphRecord,
  supergraphByVersion,
  versionById,
  versionsByIds,
  versionsOfSubgraph,
  type Queryable,
  type SubgraphVersion,
  type SupergraphRecord,
} from './registryStore';

export interface RegistryOptions {
  db: Database;
  /** A read-only connection to the audit database (registry/auditReader.ts); without one the operation check blocks. */
  auditReader?: Database;
  /** Days of recorded operations a change is checked against (REGISTRY_OPERATIONS_WINDOW_DAYS, default 30). */
  operationsWindowDays?: number;
  /** The agreements' database: a change may not break an operation an agreement in force holds. */
  agreements?: Database;
}

export interface PublishResult {
  accepted: boolean;
  version: SubgraphVersion;
  /** The new served supergraph, when the version was accepted. */
  supergraph: SupergraphRecord | null;
}

export interface Registry {
  readonly db: Database;
  /** The checks' report for `sdl` as `name`'s next version; nothing is stored. */
  check(name: string, sdl: string, url: string | undefined): Promise<CheckReport>;
  /**
   * Checks and stores the version: served at once, waiting for approval, or refused. Publishing exactly the
   * served SDL and URL again stores nothing and answers with the served version and supergraph.
   */
  publish(name: string, sdl: string, url: string | undefined, by: string): Promise<PublishResult>;
  approve(id: string, by: string, reason: string | null): Promise<{ version: SubgraphVersion; supergraph: SupergraphRecord }>;
  reject(id: string, by: string, reason: string): Promise<SubgraphVersion>;
  /**
   * Serves the content of an earlier supergraph again, as a new version, when it still fits the policies and
   * the agreements in force (registry/checks/rollbackChecks.ts); otherwise CONFLICT, naming what it would break.
   */
  rollback(version: number, by: string, reason: string | null): Promise<SupergraphRecord>;
}

const SUBGRAPH_NAME = /^[a-z][a-z0-9_-]{0,62}$/;

function checkedUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new RegistryError('BAD_USER_INPUT', `url must be an absolute http(s) URL, e.g. http://mediation.internal:4007/graphql (got ${JSON.stringify(url.slice(0, 200))})`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new RegistryError('BAD_USER_INPUT', 'url must be an http(s) URL');
  if (parsed.username || parsed.password) throw new RegistryError('BAD_USER_INPUT', 'url must not carry credentials');
  return parsed.toString();
}

async function servedGraph(tx: Queryable): Promise<ServedGraph> {
  const record = await servedSupergraphRecord(tx);
  if (!record) throw new RegistryError('REGISTRY_UNAVAILABLE', 'the registry holds no supergraph yet: it is seeded when the system starts (npm run migrate)');
  return { record, versions: await versionsByIds(tx, Object.values(record.subgraphVersions)) };
}

/**
 * Why a rollback was refused, in one message the console shows as it is: every blocking finding, and what the
 * privacy officer can do (an agreement in the way is revoked on purpose, never overridden by a rollback).
 */
function rollbackRefusal(target: number, report: CheckReport): string {
  const blocking = report.findings.filter((finding) => finding.severity === 'blocking');
  // The agreement findings' own fixes are the publisher's; a rollback's way out is another.
  const fixes = new Set(
    blocking.map((finding) =>
      finding.agreementId !== undefined
        ? 'Publish a fixed version instead, or revoke the agreements named first (their applications then need a new sharing request).'
        : (finding.fix ?? ''),
    ),
  );
  return `supergraph version ${target} cannot be served again: ${[...blocking.map((finding) => finding.message), ...fixes].join(' ')}`.trim();
}

/** The registry's workflow: checks, publishing, the privacy officer's decisions and rollback, one at a time. */
export function createRegistry(options: RegistryOptions): Registry {
  const { db } = options;
  const windowDays = options.operationsWindowDays ?? 30;
  const agreementSources: AgreementSources = options.agreements
    ? { agreedOperations: () => loadAgreedOperations(options.agreements!), agreementAgencies: () => loadAgreementAgencies(options.agreements!) }
    : {};

  const recordedOperations = () => {
    if (!options.auditReader) return Promise.reject(new Error('no audit database is configured for the registry'));
    return loadRecordedOperations(options.auditReader, new Date(Date.now() - windowDays * 86_400_000));
  };

  const checked = async (tx: Queryable, name: string, sdl: string, url: string | undefined): Promise<CheckOutcome & { url: string; served: ServedGraph }> => {
    if (!SUBGRAPH_NAME.test(name)) throw new RegistryError('BAD_USER_INPUT', 'name must be a subgraph name: lower-case letters, digits, - and _, starting with a letter');
    const served = await servedGraph(tx);
    const current = served.versions.find((version) => version.subgraph === name);
    const routingUrl = url !== undefined ? checkedUrl(url) : current?.url;
    if (!routingUrl) throw new RegistryError('BAD_USER_INPUT', `${name} is not served yet: give its routing url (--url)`);
    const outcome = await runChecks({
      subgraph: name,
      sdl,
      url: routingUrl,
      served,
      recordedOperations,
      windowDays,
      ...agreementSources,
    });
    return { ...outcome, url: routingUrl, served };
  };

  /** Serves `version` of its subgraph: the served supergraph with it in its subgraph's place. */
  const serve = (tx: Queryable, served: ServedGraph, version: SubgraphVersion, supergraphSdl: string, by: string, reason: string) =>
    insertSupergraph(tx, {
      supergraphSdl,
      subgraphVersions: { ...served.record.subgraphVersions, [version.subgraph]: version.id },
      subgraphUrls: { ...served.record.subgraphUrls, [version.subgraph]: version.url },
      acceptedBy: by,
      reason,
    });

  return {
    db,
    async check(name, sdl, url) {
      return (await checked(db, name, sdl, url)).report;
    },

    publish(name, sdl, url, by) {
      // Under the registry's lock: the checks and the new supergraph see the same served graph.
      return inRegistryTransaction(db, async (tx) => {
        const outcome = await checked(tx, name, sdl, url);
        // An agency's CI may publish on every build: the served version again is no new version, and no reload.
        const current = outcome.served.versions.find((version) => version.subgraph === name);
        if (current && current.sdl === outcome.sdl && current.url === outcome.url && !outcome.report.blocking) {
          return { accepted: true, version: current, supergraph: outcome.served.record };
        }
        const decision = outcome.report.blocking ? 'refused' : outcome.report.needsApproval ? 'awaiting-approval' : 'accepted';
        const version = await insertVersion(tx, { subgraph: name, sdl: outcome.sdl, url: outcome.url, publishedBy: by, decision, report: outcome.report });
        if (decision !== 'accepted' || !outcome.supergraphSdl) return { accepted: false, version, supergraph: null };
        const supergraph = await serve(tx, outcome.served, version, outcome.supergraphSdl, by, `${name} version ${version.id} published by ${by}`);
        return { accepted: true, version, supergraph };
      });
    },

    approve(id, by, reason) {
      return inRegistryTransaction(db, async (tx) => {
        const version = await versionById(tx, id);
        if (!version) throw new RegistryError('NOT_FOUND', `no schema version ${id}`);
        if (version.decision !== 'awaiting-approval') throw new RegistryError('CONFLICT', `schema version ${id} is ${version.decision}, not awaiting approval`);
        const later = (await versionsOfSubgraph(tx, version.subgraph)).find((other) => Number(other.id) > Number(id) && other.decision === 'accepted');
        if (later) throw new RegistryError('CONFLICT', `${version.subgraph} version ${later.id} was served after version ${id}: publish again instead`);
        // The served graph may have moved since the version was published: it must still pass.
        const outcome = await checked(tx, version.subgraph, version.sdl, version.url);
        if (outcome.report.blocking || !outcome.supergraphSdl) {
          const first = outcome.report.findings.find((finding) => finding.severity === 'blocking');
          throw new RegistryError('CONFLICT', `schema version ${id} no longer passes the checks against the served graph: ${first?.message ?? 'it does not compose'}`);
        }
        const approved = await recordDecision(tx, id, { decision: 'accepted', by, reason });
        const supergraph = await serve(tx, outcome.served, approved, outcome.supergraphSdl, by, `${version.subgraph} version ${id} approved by ${by}`);
        return { version: approved, supergraph };
      });
    },

    reject(id, by, reason) {
      return inRegistryTransaction(db, async (tx) => {
        const version = await versionById(tx, id);
        if (!version) throw new RegistryError('NOT_FOUND', `no schema version ${id}`);
        if (version.decision !== 'awaiting-approval') throw new RegistryError('CONFLICT', `schema version ${id} is ${version.decision}, not awaiting approval`);
        return recordDecision(tx, id, { decision: 'rejected', by, reason });
      });
    },

    rollback(target, by, reason) {
      return inRegistryTransaction(db, async (tx) => {
        const earlier = await supergraphByVersion(tx, target);
        if (!earlier) throw new RegistryError('NOT_FOUND', `no supergraph version ${target}`);
        const served = (await servedGraph(tx)).record;
        if (served.version === target) throw new RegistryError('CONFLICT', `supergraph version ${target} is the one served`);
        const report = await rollbackChecks(served, earlier, agreementSources);
        if (report.blocking) throw new RegistryError('CONFLICT', rollbackRefusal(target, report));
        return insertSupergraph(tx, {
          supergraphSdl: earlier.supergraphSdl,
          subgraphVersions: earlier.subgraphVersions,
          subgraphUrls: earlier.subgraphUrls,
          acceptedBy: by,
          reason: `rollback to version ${target} by ${by}${reason ? `: ${reason}` : ''}`,
          restoresVersion: target,
        });
      });
    },
  };
}
