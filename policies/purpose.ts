import type { SensitiveKind } from './kinds';
import type { Rule } from './rules';

/** Whether a request under the purpose must name the matter it is about (X-Case-Ref). */
export type CaseRefRequirement =
  | { readonly required: false }
  | {
      readonly required: true;
      /** What the case reference is, for people: "the id of the dispute being mediated". */
      readonly description: string;
      /** The shape a reference must have (anchored, no g/y flags). */
      readonly pattern?: RegExp;
    };

/**
 * A purpose of processing, as data: who may invoke it, on what legal basis, and what it sees. `decide` reads
 * it; `validate` checks it against the schema; `explain` turns it into the document privacy officers review.
 */
export interface Purpose {
  /** The `X-Purpose` header value, e.g. `dispute-resolution`. */
  readonly name: string;
  /** Chinese title, e.g. 矛盾纠纷化解. */
  readonly title: string;
  readonly description: string;
  /** Each entry one provision, citing the law and article. */
  readonly legalBasis: readonly string[];
  /** Keycloak realm roles; any one of them permits the purpose. */
  readonly roles: readonly string[];
  readonly caseRef: CaseRefRequirement;
  /**
   * Object, interface and union types the purpose covers. Unclassified fields of a covered type are allowed;
   * every field of an uncovered type, and every field returning one, is denied. Root types are always covered.
   */
  readonly coveredTypes: readonly string[];
  /** What happens to a classified field of a covered type, by its kind. A kind with no rule is denied. */
  readonly kindRules: Readonly<Partial<Record<SensitiveKind, Rule>>>;
  /** Rules for single `Type.field` coordinates; they win over everything else. */
  readonly fieldRules: Readonly<Record<string, Rule>>;
}

/** Freezes a purpose (and its lists and rule maps) so nothing downstream can widen it at run time. */
export function definePurpose(purpose: Purpose): Purpose {
  const caseRef = Object.freeze({ ...purpose.caseRef });
  return Object.freeze({
    ...purpose,
    legalBasis: Object.freeze([...purpose.legalBasis]),
    roles: Object.freeze([...purpose.roles]),
    caseRef,
    coveredTypes: Object.freeze([...purpose.coveredTypes]),
    kindRules: freezeRules(purpose.kindRules),
    fieldRules: freezeRules(purpose.fieldRules),
  });
}

function freezeRules<Rules extends object>(rules: Rules): Rules {
  const frozen: Record<string, Rule> = {};
  for (const [key, rule] of Object.entries(rules) as [string, Rule | undefined][]) {
    if (rule) frozen[key] = Object.freeze({ ...rule });
  }
  return Object.freeze(frozen) as Rules;
}
