import { parse, type DocumentNode, type GraphQLSchema } from 'graphql';
import { LRUCache } from 'lru-cache';
import { buildPolicyGraph, type PolicyGraph } from '../../gateway/policyGraph';
import { PURPOSE_LIST, readClassification, readNotPersonal, type Purpose } from '../../policies';
import { apiSchemaOf } from '../../schema/apiSchema';
import type { SubgraphSource } from '../../schema/compose';
import type { SubgraphVersion, SupergraphRecord } from '../registryStore';
import { agreedFindings, type AgreementSources } from './agreementsCheck';
import { breakingChangeFindings, operationFindings, schemaChanges } from './breakingChanges';
import { changedFields } from './changedFields';
import { classificationFindings, lostClassificationFindings } from './classificationCheck';
import { composeCandidate } from './composition';
import { analyseOperations, type ServedView, type ServedViews } from './operationUsage';
import { ownershipFindings } from './ownershipCheck';
import { checkPolicyGraph } from './policyGraphCheck';
import { fieldCoverage, fieldsDecidedDifferently, purposeCoverageFindings } from './purposeCoverage';
import type { RecordedOperation } from './recordedOperations';
import { reportOf, type CheckReport, type Finding } from './report';
import { normaliseSubgraphSdl, SdlSyntaxError } from './subgraphSdl';

export interface ServedGraph {
  record: SupergraphRecord;
  /** The subgraph versions it was composed from. */
  versions: readonly SubgraphVersion[];
}

export interface CheckInput extends AgreementSources {
  subgraph: string;
  /** The SDL as published (the privacy contract is added when missing). */
  sdl: string;
  url: string;
  served: ServedGraph;
  /** The operations recorded over the window (the audit log); a rejection blocks: the check fails closed. */
  recordedOperations: () => Promise<{ operations: RecordedOperation[]; truncated: boolean }>;
  windowDays: number;
  purposes?: readonly Purpose[];
}

export interface CheckOutcome {
  report: CheckReport;
  /** The SDL as stored: normalised, with the privacy contract. */
  sdl: string;
  /** The candidate supergraph, when it composed. */
  supergraphSdl?: string;
}

interface ServedSchemas {
  sdl: string;
  api: GraphQLSchema;
  graph: PolicyGraph | undefined;
  /** Recorded documents as this served graph sees them, by document hash. */
  views: ServedViews;
}

/** Recorded documents whose served view is kept per served version. */
const MAX_SERVED_VIEWS = 20_000;

/** The served graph's API schema, policy graph and document views, built once per served version. */
const servedCache = new Map<number, ServedSchemas>();
function servedSchemas(record: SupergraphRecord): ServedSchemas {
  const cached = servedCache.get(record.version);
  if (cached && cached.sdl === record.supergraphSdl) return cached;
  const api = apiSchemaOf(record.supergraphSdl);
  let graph: PolicyGraph | undefined;
  try {
    graph = buildPolicyGraph(api, record.supergraphSdl);
  } catch {
    graph = undefined; // an old supergraph the current policies no longer fit: compare without its decisions
  }
  const cache = new LRUCache<string, { view: ServedView | null }>({ max: MAX_SERVED_VIEWS });
  const views: ServedViews = { get: (hash) => cache.get(hash)?.view, set: (hash, view) => void cache.set(hash, { view }) };
  const entry = { sdl: record.supergraphSdl, api, graph, views };
  servedCache.clear();
  servedCache.set(record.version, entry);
  return entry;
}

function parsedOrUndefined(sdl: string | undefined): DocumentNode | undefined {
  if (sdl === undefined) return undefined;
  try {
    return parse(sdl);
  } catch {
    return undefined;
  }
}

/**
 * Every check of a proposed subgraph version against the served graph, in order: ownership (no @override
 * of another agency's field) and composition, the gateway's policy graph, classification of new and changed
 * fields, purpose coverage, breaking changes and the recorded and agreed operations they break, and the
 * agreed operations it would make read an agency that never approved them. The reads
 * of the audit log and the agreements are the only I/O, passed in; either failing blocks (fail closed).
 */
export async function runChecks(input: CheckInput): Promise<CheckOutcome> {
  const purposes = input.purposes ?? PURPOSE_LIST;
  const servedSources: SubgraphSource[] = input.served.versions.map((version) => ({ name: version.subgraph, url: version.url, sdl: version.sdl }));
  let normalised: { sdl: string; document: DocumentNode };
  try {
    normalised = normaliseSubgraphSdl(input.sdl);
  } catch (error) {
    if (!(error instanceof SdlSyntaxError)) throw error;
    const finding: Finding = { check: 'composition', severity: 'blocking', message: error.message, fix: 'Publish a GraphQL SDL document.', coordinate: null };
    return { report: reportOf([finding]), sdl: input.sdl };
  }
  const candidate: SubgraphSource = { name: input.subgraph, url: input.url, sdl: normalised.sdl };

  const ownership = ownershipFindings(input.subgraph, normalised.document);
  const composition = composeCandidate(servedSources, candidate);
  if (composition.supergraphSdl === undefined) return { report: reportOf([...ownership, ...composition.findings]), sdl: normalised.sdl };
  const supergraphSdl = composition.supergraphSdl;
  let candidateApi: GraphQLSchema;
  try {
    candidateApi = apiSchemaOf(supergraphSdl);
  } catch (error) {
    const finding: Finding = { check: 'composition', severity: 'blocking', message: `The composed supergraph has no valid API schema: ${(error as Error).message}`, fix: null, coordinate: null };
    return { report: reportOf([finding]), sdl: normalised.sdl };
  }
  const served = servedSchemas(input.served.record);
  const findings: Finding[] = [...ownership];

  const policy = checkPolicyGraph(candidateApi, supergraphSdl);
  findings.push(...policy.findings);

  const servedVersion = input.served.versions.find((version) => version.subgraph === input.subgraph);
  const changed = changedFields(parsedOrUndefined(servedVersion?.sdl), normalised.document);
  const candidateClassification = readClassification(supergraphSdl);
  findings.push(
    ...classificationFindings(changed, candidateApi, { classification: candidateClassification, notPersonal: readNotPersonal(supergraphSdl) }),
    ...lostClassificationFindings(readClassification(input.served.record.supergraphSdl), candidateClassification, candidateApi, new Set(changed.map((field) => field.coordinate))),
  );
  if (policy.graph) {
    const own = new Set(changed.map((field) => field.coordinate));
    const indirect = served.graph ? fieldsDecidedDifferently(policy.graph.description, served.graph.description, purposes) : [];
    const coverage = fieldCoverage([...new Set([...own, ...indirect])], policy.graph.description, served.graph?.description, purposes);
    findings.push(...purposeCoverageFindings(coverage, purposes, own));
  }

  let recorded: { operations: RecordedOperation[]; truncated: boolean };
  try {
    recorded = await input.recordedOperations();
  } catch (error) {
    // The reason stays in the server's log: a connection error names internal addresses.
    console.error(`[registry] the audit log could not be read: ${(error as Error).message}`);
    recorded = { operations: [], truncated: false };
    findings.push({
      check: 'operations',
      severity: 'blocking',
      message: 'The audit log could not be read, so the change cannot be checked against the operations recorded there.',
      fix: 'Try again when the audit database is reachable.',
      coordinate: null,
    });
  }
  if (recorded.truncated) {
    findings.push({
      check: 'operations',
      severity: 'warning',
      message: `More than ${recorded.operations.length} distinct operations were recorded in the last ${input.windowDays} days: only the ${recorded.operations.length} most used were checked.`,
      fix: 'Shorten the window (REGISTRY_OPERATIONS_WINDOW_DAYS) to check every recent operation.',
      coordinate: null,
    });
  }
  const uses = analyseOperations(recorded.operations, served.api, candidateApi, served.views);
  const changes = await schemaChanges(served.api, candidateApi);
  const breaking = breakingChangeFindings(changes, uses, input.windowDays);
  findings.push(...breaking.findings, ...operationFindings(uses, breaking.named, input.windowDays));
  findings.push(...(await agreedFindings(input, served.api, candidateApi, changes, { served: input.served.record.supergraphSdl, candidate: supergraphSdl })));
  return { report: reportOf(findings), sdl: normalised.sdl, supergraphSdl };
}
