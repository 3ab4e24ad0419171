/**
 * govgraph's decision point: purposes, rules and mask strategies as data, and pure functions over them.
 * No I/O here: the gateway and the subgraphs (the enforcement points) import it and act on its answers.
 */
export { checkPurposeAccess, type AccessCheck, type AccessDenialCode, type AccessRequest } from './access';
export { coordinateOf, parseCoordinate, ROOT_TYPES, type FieldCoordinate } from './coordinates';
export {
  decide,
  decideField,
  type AllowDecision,
  type Decision,
  type DecisionBasis,
  type DenyDecision,
  type MaskDecision,
} from './decide';
export { explainPurposes, type ExplainOptions } from './explain';
export { ALL_DISTRICTS, DISTRICT_BOUND_ROLES, NO_DISTRICT, rowScopeFor, type RowScope } from './jurisdiction';
export { isSensitiveKind, SENSITIVE_KINDS, type SensitiveKind } from './kinds';
export {
  applyMask,
  findMaskStrategy,
  isMaskStrategyName,
  MASK_STRATEGIES,
  MASK_STRATEGY_NAMES,
  whyNotApplicable,
  type MaskContext,
  type MaskedValue,
  type MaskStrategy,
  type MaskStrategyName,
  type MaskTarget,
  type ScalarTypeName,
} from './masks';
export { maskAnswer, type MaskAnswerInput, type MaskedPath } from './maskAnswer';
export { definePurpose, type CaseRefRequirement, type Purpose } from './purpose';
export {
  AUDIT_GRAPH_TYPES,
  auditReview,
  disputeResolution,
  financialRiskMonitoring,
  findPurpose,
  fraudInvestigation,
  litigationSourceGovernance,
  precursorChemicalSupervision,
  PURPOSE_LIST,
  PURPOSE_NAMES,
} from './purposes';
export { policyRevision } from './revision';
export { allow, deny, mask, type AllowRule, type DenyRule, type MaskRule, type Rule } from './rules';
export { describeSchema, fieldCoordinateOf, type FieldInfo, type SchemaDescription } from './schemaDescription';
export { formatProblems, validatePurposes, type PolicyProblem, type ValidationOptions } from './validate';
