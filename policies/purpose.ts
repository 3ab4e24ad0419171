import { budgetsOf, type PurposeBudgetOptions, type PurposeBudgets } from './budgets';
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
 * A purpose that identifies the people it reads by design (an investigation, a subject's own access request).
 * The re-identification check skips it, and the policy document lists it with this basis instead.
 */
export interface IdentifiesSubjects {
  /** Whom it identifies, for people: "victims, payees and account holders of the case". */
  readonly who: string;
  /** The provisions that allow identifying them, each citing the law and article. */
  readonly legalBasis: readonly string[];
}

/** The default k of the re-identification check: one subject's visible fields leave at least this many people. */
export const DEFAULT_K_ANONYMITY = 1000;

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
  /**
   * k of the re-identification check (policies/reidentification): what one subject's visible fields show,
   * taken together, must leave at least k people of the population. Ignored when `identifiesSubjects` is set.
   */
  readonly kAnonymity: number;
  /** Set only by a purpose that identifies people by design; the check then skips it. */
  readonly identifiesSubjects?: IdentifiesSubjects;
  /**
   * Free-text fields released only for the records of the case itself (coordinate → which records those
   * are, for people), e.g. `Dispute.summary` → the dispute being mediated. Only a case-bound purpose has
   * them; the gateway releases such a field elsewhere as denied, and masks subjects' names inside it.
   */
  readonly caseRecordsOnly: Readonly<Record<string, string>>;
  /** Extraction budgets per user under this purpose (policies/budgets.ts), enforced by the gateway. */
  readonly budgets: PurposeBudgets;
}

/** A purpose as written in policies/purposes: the k, budgets and case-only fields may be left to defaults. */
export type PurposeDefinition = Omit<Purpose, 'kAnonymity' | 'caseRecordsOnly' | 'budgets'> & {
  readonly kAnonymity?: number;
  readonly caseRecordsOnly?: Readonly<Record<string, string>>;
  readonly budgets?: PurposeBudgetOptions;
};

/**
 * Fills in the defaults and freezes a purpose (and its lists and rule maps) so nothing downstream can widen
 * it at run time. Budgets are not checked here: validation reports a bad one with the others' problems.
 */
export function definePurpose(purpose: PurposeDefinition): Purpose {
  const caseRef = Object.freeze({ ...purpose.caseRef });
  const identifiesSubjects = purpose.identifiesSubjects
    ? Object.freeze({ ...purpose.identifiesSubjects, legalBasis: Object.freeze([...purpose.identifiesSubjects.legalBasis]) })
    : undefined;
  return Object.freeze({
    ...purpose,
    legalBasis: Object.freeze([...purpose.legalBasis]),
    roles: Object.freeze([...purpose.roles]),
    caseRef,
    coveredTypes: Object.freeze([...purpose.coveredTypes]),
    kindRules: freezeRules(purpose.kindRules),
    fieldRules: freezeRules(purpose.fieldRules),
    kAnonymity: purpose.kAnonymity ?? DEFAULT_K_ANONYMITY,
    ...(identifiesSubjects ? { identifiesSubjects } : {}),
    caseRecordsOnly: Object.freeze({ ...purpose.caseRecordsOnly }),
    budgets: budgetsOf(purpose.budgets),
  });
}

function freezeRules<Rules extends object>(rules: Rules): Rules {
  const frozen: Record<string, Rule> = {};
  for (const [key, rule] of Object.entries(rules) as [string, Rule | undefined][]) {
    if (rule) frozen[key] = Object.freeze({ ...rule });
  }
  return Object.freeze(frozen) as Rules;
}
