import type { Purpose } from '../purpose';
import { auditReview } from './auditReview';
import { disputeResolution } from './disputeResolution';
import { financialRiskMonitoring } from './financialRiskMonitoring';
import { fraudInvestigation } from './fraudInvestigation';
import { litigationSourceGovernance } from './litigationSourceGovernance';
import { precursorChemicalSupervision } from './precursorChemicalSupervision';

/** Every purpose, in the order the documentation lists them. Adding one: a file here, then a line below. */
export const PURPOSE_LIST: readonly Purpose[] = Object.freeze([
  disputeResolution,
  fraudInvestigation,
  litigationSourceGovernance,
  financialRiskMonitoring,
  precursorChemicalSupervision,
  auditReview,
]);

export const PURPOSE_NAMES: readonly string[] = Object.freeze(PURPOSE_LIST.map((purpose) => purpose.name));

/** The purpose named by an X-Purpose header value, if there is one. */
export function findPurpose(name: string, purposes: readonly Purpose[] = PURPOSE_LIST): Purpose | undefined {
  return purposes.find((purpose) => purpose.name === name);
}

export { AUDIT_GRAPH_TYPES } from './auditGraph';
export {
  auditReview,
  disputeResolution,
  financialRiskMonitoring,
  fraudInvestigation,
  litigationSourceGovernance,
  precursorChemicalSupervision,
};
