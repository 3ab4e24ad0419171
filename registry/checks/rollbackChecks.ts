import { apiSchemaOf } from '../../schema/apiSchema';
import type { SupergraphRecord } from '../registryStore';
import { agreedFindings, type AgreementSources } from './agreementsCheck';
import { schemaChanges } from './breakingChanges';
import { checkPolicyGraph } from './policyGraphCheck';
import { reportOf, type CheckReport } from './report';

/**
 * What a rollback must still pass. The earlier supergraph was served once, but since then the policies may have
 * changed, and agreements may have been approved against the newer graph: it must fit the gateway's policies,
 * and it must neither break an agreed operation in force nor route one to an agency whose steward never approved
 * it (an approval is for the agencies of the plan it was given). Operations merely recorded in the audit log are
 * not checked: undoing a change they came to use is what a rollback is for.
 */
export async function rollbackChecks(served: SupergraphRecord, target: SupergraphRecord, sources: AgreementSources): Promise<CheckReport> {
  const targetApi = apiSchemaOf(target.supergraphSdl);
  const policy = checkPolicyGraph(targetApi, target.supergraphSdl);
  if (!policy.graph) return reportOf(policy.findings);
  const servedApi = apiSchemaOf(served.supergraphSdl);
  const changes = await schemaChanges(servedApi, targetApi);
  return reportOf(await agreedFindings(sources, servedApi, targetApi, changes, { served: served.supergraphSdl, candidate: target.supergraphSdl }));
}
