/**
 * govgraph's decision point: purposes, rules and mask strategies as data, and pure functions over them.
 * No I/O here: the gateway and the subgraphs (the enforcement points) import it and act on its answers.
 */
export {
  BUDGET_CEILINGS,
  BUDGET_REFUSAL_CODES,
  budgetEntries,
  budgetProblems,
  budgetsOf,
  DEFAULT_BUDGETS,
  type PurposeBudgetOptions,
  type PurposeBudgets,
} from './budgets';
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
export { fieldDefinitions, readClassification, readNotPersonal, type Classification, type NotPersonalMarks } from './classification';
export { PRIVACY_DIRECTIVES_FILE } from './privacyDirectives';
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
export {
  checkIdentifierLookups,
  type IdentifierLookup,
  type IdentifierLookupCheck,
  type RootLookup,
} from './lookups';
export { maskNamesInText, maskSubjectNames, type NameMasker } from './narratives';
export {
  DEFAULT_K_ANONYMITY,
  definePurpose,
  type CaseRefRequirement,
  type IdentifiesSubjects,
  type Purpose,
  type PurposeDefinition,
} from './purpose';
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
export {
  assessReidentification,
  checkReidentification,
  formatCandidates,
  type PublicRegisterLink,
  type ReidentificationAssessment,
  type ShownFact,
  type SubjectView,
} from './reidentification/check';
export { COUNTY_POPULATION, FACTS, POPULATION, type Fact, type FactName } from './reidentification/population';
export { policyRevision } from './revision';
export { allow, deny, mask, type AllowRule, type DenyRule, type MaskRule, type Rule } from './rules';
export { describeSchema, fieldCoordinateOf, type FieldInfo, type SchemaDescription } from './schemaDescription';
export { formatProblems, validatePurposes, type PolicyProblem, type ValidationOptions } from './validate';
export { JUSTIFICATION_LIMITS, justificationProblem, normaliseJustification } from './breakGlass';
