/**
 * How much one operation may ask for, checked before the gateway plans it (validation) and while it runs.
 * The defaults let every README query and every seed-system query through by a wide margin; each can be set
 * through the environment (runtime/config.ts, README "Configuration").
 */
export interface OperationLimits {
  /** Deepest field nesting, fragments expanded (a fragment spread adds no level of its own). */
  maxDepth: number;
  /** Aliased fields, fragments expanded. */
  maxAliases: number;
  /** Fields at the root of one operation, fragments expanded. */
  maxRootFields: number;
  /** Directives used, fragments expanded. */
  maxDirectives: number;
  /** Lexical tokens of the document; parsing stops at the first one over. */
  maxTokens: number;
  /** Selections with every fragment spread counted as what it expands to (fragment bombs). */
  maxSelections: number;
  /** Estimated values in the answer, list sizes multiplied (gateway/limits/listSizes.ts). */
  maxCost: number;
  /** Items the cost estimate expects of a plain list without a declared estimate (listSizes.ts). */
  defaultListSize: number;
  /** Serialised size of an answer; a larger one is refused and no data leaves. */
  maxResponseBytes: number;
  /** The whole operation, from arrival to answer, subgraph fetches included. */
  requestTimeoutMs: number;
}

export const DEFAULT_OPERATION_LIMITS: Readonly<OperationLimits> = Object.freeze({
  maxDepth: 20,
  maxAliases: 30,
  maxRootFields: 20,
  maxDirectives: 50,
  maxTokens: 5_000,
  maxSelections: 2_000,
  maxCost: 100_000,
  defaultListSize: 10,
  maxResponseBytes: 5_000_000,
  requestTimeoutMs: 30_000,
});
