import type { GraphQLSchema } from 'graphql';
import {
  checkReidentification,
  describeSchema,
  formatProblems,
  isSensitiveKind,
  PURPOSE_LIST,
  readClassification,
  validatePurposes,
  type SchemaDescription,
  type SensitiveKind,
} from '../policies';

/** The graph as the enforcement point sees it: the API schema clients query, described with its classification. */
export interface PolicyGraph {
  apiSchema: GraphQLSchema;
  description: SchemaDescription;
}

export class PolicyConfigurationError extends Error {
  override name = 'PolicyConfigurationError';
}

/**
 * Reads the classification from the supergraph SDL (the API schema has dropped `@sensitive`) and checks
 * the policies against the graph. Any mistake stops the gateway: serving with an undecided field would
 * fail open.
 */
export function buildPolicyGraph(apiSchema: GraphQLSchema, supergraphSdl: string): PolicyGraph {
  const classification = new Map<string, SensitiveKind>();
  const unknownKinds: string[] = [];
  for (const [coordinate, kind] of readClassification(supergraphSdl)) {
    if (isSensitiveKind(kind)) classification.set(coordinate, kind);
    else unknownKinds.push(`${coordinate} is classified as "${kind}", which is not a sensitive kind`);
  }
  if (unknownKinds.length > 0) {
    throw new PolicyConfigurationError(`The supergraph's classification is invalid:\n  ${unknownKinds.join('\n  ')}`);
  }
  const description = describeSchema(apiSchema, classification);
  const errors = [...validatePurposes(PURPOSE_LIST, description), ...checkReidentification(description, PURPOSE_LIST)].filter((problem) => problem.severity === 'error');
  if (errors.length > 0) {
    throw new PolicyConfigurationError(`The policies do not fit the graph:\n${formatProblems(errors)}`);
  }
  return { apiSchema, description };
}
