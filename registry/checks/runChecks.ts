import { parse, type DocumentNode, type GraphQLSchema } from 'graphql';
import { buildPolicyGraph, type PolicyGraph } from '../../gateway/policyGraph';
import { PURPOSE_LIST, type Purpose } from '../../policies';
import { apiSchemaOf } from '../../schema/apiSchema';
import type { SubgraphSource } from '../../schema/compose';
import type { SubgraphVersion, SupergraphRecord } from '../registryStore';
import { breakingChangeFindings, operationFindings } from './breakingChanges';
import { changedFields } from './changedFields';
import { classificationFindings } from './classificationCheck';
import { composeCandidate } from './composition';
import { analyseOperations } from './operationUsage';
import { checkPolicyGraph } from './policyGraphCheck';
import { fieldCoverage, purposeCoverageFindings } from './purposeCoverage';
import type { RecordedOperation } from './recordedOperations';
import { reportOf, type CheckReport, type Finding } from './report';
import { normaliseSubgraphSdl, SdlSyntaxError } from './subgraphSdl';

export interface ServedGraph {
  record: SupergraphRecord;
  /** The subgraph versions it was composed from. */
  versions: readonly SubgraphVersion[];
}

export interface CheckInput {
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
  /** The subgraphs it was composed from, the candidate among them. */
  sources: SubgraphSource[];
}

/** The served graph's API schema and policy graph, built once per served version. */
const servedCache = new Map<number, { sdl: string; api: GraphQLSchema; graph: PolicyGraph | undefined }>();
function servedSchemas(record: SupergraphRecord): { api: GraphQLSchema; graph: PolicyGraph | undefined } {
  const cached = servedCache.get(record.version);
  if (cached && cached.sdl === record.supergraphSdl) return cached;
  const api = apiSchemaOf(record.supergraphSdl);
  let graph: PolicyGraph | undefined;
  try {
    graph = buildPolicyGraph(api, record.supergraphSdl);
  } catch {
    graph = undefined; // an old supergraph the current policies no longer fit: compare without its decisions
  }
  const entry = { sdl: record.supergraphSdl, api, graph };
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
 * Every check of a proposed subgraph version against the served graph, in order: composition, the
 * gateway's policy graph, classification of new and changed fields, purpose coverage, breaking changes and
 * the recorded operations they break. Only the audit log read is I/O, passed in.
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
    return { report: reportOf([finding]), sdl: input.sdl, sources: servedSources };
  }
  const candidate: SubgraphSource = { name: input.subgraph, url: input.url, sdl: normalised.sdl };
  const sources = [...servedSources.filter((source) => source.name !== candidate.name), candidate].sort((a, b) => a.name.localeCompare(b.name));

  const composition = composeCandidate(servedSources, candidate);
  if (composition.supergraphSdl === undefined) return { report: reportOf(composition.findings), sdl: normalised.sdl, sources };
  const supergraphSdl = composition.supergraphSdl;
  let candidateApi: GraphQLSchema;
  try {
    candidateApi = apiSchemaOf(supergraphSdl);
  } catch (error) {
    const finding: Finding = { check: 'composition', severity: 'blocking', message: `The composed supergraph has no valid API schema: ${(error as Error).message}`, fix: null, coordinate: null };
    return { report: reportOf([finding]), sdl: normalised.sdl, sources };
  }
  const served = servedSchemas(input.served.record);
  const findings: Finding[] = [];

  const policy = checkPolicyGraph(candidateApi, supergraphSdl);
  findings.push(...policy.findings);

  const servedVersion = input.served.versions.find((version) => version.subgraph === input.subgraph);
  const changed = changedFields(parsedOrUndefined(servedVersion?.sdl), normalised.document);
  findings.push(...classificationFindings(changed, candidateApi));
  if (policy.graph) {
    const coverage = fieldCoverage(
      changed.map((field) => field.coordinate),
      policy.graph.description,
      served.graph?.description,
      purposes,
    );
    findings.push(...purposeCoverageFindings(coverage, purposes));
  }

  let recorded: { operations: RecordedOperation[]; truncated: boolean };
  try {
    recorded = await input.recordedOperations();
  } catch (error) {
    findings.push({
      check: 'operations',
      severity: 'blocking',
      message: `The audit log could not be read, so the change cannot be checked against the operations recorded there: ${(error as Error).message}`,
      fix: 'Try again when the audit database is reachable.',
      coordinate: null,
    });
    return { report: reportOf(findings), sdl: normalised.sdl, supergraphSdl, sources };
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
  const uses = analyseOperations(recorded.operations, served.api, candidateApi);
  const breaking = await breakingChangeFindings(served.api, candidateApi, uses, input.windowDays);
  findings.push(...breaking.findings, ...operationFindings(uses, breaking.named, input.windowDays));
  return { report: reportOf(findings), sdl: normalised.sdl, supergraphSdl, sources };
}
