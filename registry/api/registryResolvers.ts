import type { Identity } from '../../gateway/identity';
import type { Registry } from '../registry';
import { RegistryError } from '../registryErrors';
import {
  listSupergraphs,
  servedSupergraphRecord,
  subgraphNames,
  versionsAwaitingApproval,
  versionsOfSubgraph,
  versionStatus,
  type SubgraphVersion,
  type SupergraphRecord,
} from '../registryStore';
import { assertMayCheck, assertMayPublish, assertMayRead, assertPrivacyOfficer } from './registryAccess';

export interface RegistryContext {
  identity: Identity;
  /** For the operation's audit record (registry/api/registryAuditPlugin.ts). */
  receivedAt: Date;
  startedAt: number;
  requestId: string;
  registry: Registry;
  /** The served supergraph, read once per request (a version's status depends on it). */
  served(): Promise<SupergraphRecord | undefined>;
}

const MAX_REASON = 2_000;
const MAX_SUPERGRAPHS = 100;

function reasonOf(reason: string | null | undefined, required: boolean): string | null {
  const trimmed = reason?.trim() ?? '';
  if (required && trimmed === '') throw new RegistryError('BAD_USER_INPUT', 'reason must say why (it is recorded with the decision)');
  if (trimmed.length > MAX_REASON) throw new RegistryError('BAD_USER_INPUT', `reason is at most ${MAX_REASON} characters`);
  return trimmed === '' ? null : trimmed;
}

/** A version as the API shows it: its status from the served supergraph. */
async function versionView(version: SubgraphVersion, context: RegistryContext) {
  return { ...version, status: versionStatus(version, await context.served()) };
}

function supergraphView(record: SupergraphRecord) {
  return {
    version: record.version,
    acceptedAt: record.acceptedAt,
    acceptedBy: record.acceptedBy,
    subgraphs: Object.keys(record.subgraphVersions).sort(),
    reason: record.reason,
  };
}

async function subgraphView(name: string, context: RegistryContext) {
  const versions = await versionsOfSubgraph(context.registry.db, name);
  if (versions.length === 0) return null;
  const served = await context.served();
  const servedVersion = versions.find((version) => served?.subgraphVersions[name] === version.id);
  return {
    name,
    url: (servedVersion ?? versions[0]!).url,
    servedVersion: servedVersion ? await versionView(servedVersion, context) : null,
    versions: await Promise.all(versions.map((version) => versionView(version, context))),
  };
}

export const registryResolvers = {
  Query: {
    async subgraphs(_: unknown, __: unknown, context: RegistryContext) {
      assertMayRead(context.identity);
      const names = await subgraphNames(context.registry.db);
      return (await Promise.all(names.map((name) => subgraphView(name, context)))).filter((view) => view !== null);
    },
    async subgraph(_: unknown, args: { name: string }, context: RegistryContext) {
      assertMayRead(context.identity);
      return subgraphView(args.name, context);
    },
    async supergraphs(_: unknown, args: { limit: number }, context: RegistryContext) {
      assertMayRead(context.identity);
      if (!(args.limit >= 1 && args.limit <= MAX_SUPERGRAPHS)) throw new RegistryError('BAD_USER_INPUT', `limit must be between 1 and ${MAX_SUPERGRAPHS}`);
      return (await listSupergraphs(context.registry.db, args.limit)).map(supergraphView);
    },
    async servedSupergraph(_: unknown, __: unknown, context: RegistryContext) {
      assertMayRead(context.identity);
      const served = await context.served();
      return served ? supergraphView(served) : null;
    },
    async pendingApprovals(_: unknown, __: unknown, context: RegistryContext) {
      assertMayRead(context.identity);
      const versions = await versionsAwaitingApproval(context.registry.db);
      return Promise.all(versions.map((version) => versionView(version, context)));
    },
  },
  Mutation: {
    async checkSubgraph(_: unknown, args: { name: string; sdl: string; url?: string | null }, context: RegistryContext) {
      assertMayCheck(context.identity, args.name);
      return context.registry.check(args.name, args.sdl, args.url ?? undefined);
    },
    async publishSubgraph(_: unknown, args: { name: string; sdl: string; url?: string | null }, context: RegistryContext) {
      assertMayPublish(context.identity, args.name);
      const result = await context.registry.publish(args.name, args.sdl, args.url ?? undefined, context.identity.username);
      // What is served changed: statuses are read against the new supergraph.
      const served = result.supergraph ?? (await servedSupergraphRecord(context.registry.db));
      return {
        accepted: result.accepted,
        version: { ...result.version, status: versionStatus(result.version, served) },
        supergraph: result.supergraph ? supergraphView(result.supergraph) : null,
      };
    },
    async approveSchemaVersion(_: unknown, args: { id: string; reason?: string | null }, context: RegistryContext) {
      assertPrivacyOfficer(context.identity);
      const { version, supergraph } = await context.registry.approve(args.id, context.identity.username, reasonOf(args.reason, false));
      return { ...version, status: versionStatus(version, supergraph) };
    },
    async rejectSchemaVersion(_: unknown, args: { id: string; reason: string }, context: RegistryContext) {
      assertPrivacyOfficer(context.identity);
      const version = await context.registry.reject(args.id, context.identity.username, reasonOf(args.reason, true)!);
      return versionView(version, context);
    },
    async rollbackSupergraph(_: unknown, args: { version: number; reason?: string | null }, context: RegistryContext) {
      assertPrivacyOfficer(context.identity);
      return supergraphView(await context.registry.rollback(args.version, context.identity.username, reasonOf(args.reason, false)));
    },
  },
};
