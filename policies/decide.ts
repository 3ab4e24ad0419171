import { coordinateOf, ROOT_TYPES, type FieldCoordinate } from './coordinates';
import { findMaskStrategy, whyNotApplicable, type MaskStrategyName } from './masks';
import type { Purpose } from './purpose';
import type { Rule } from './rules';

/** Which step of the decision order produced a decision: for audit records, errors and the policy document. */
export type DecisionBasis =
  | 'typename' // __typename: always allowed
  | 'field-rule' // the purpose's rule for this Type.field
  | 'uncovered-type' // the parent type is not covered
  | 'uncovered-return-type' // the field returns an object type that is not covered
  | 'kind-rule' // the purpose's rule for the field's kind
  | 'no-kind-rule' // classified, and the purpose says nothing about the kind: default deny
  | 'covered-type' // unclassified field of a covered type
  | 'enforcement-point'; // refused by the enforcement point on its own grounds, never by a purpose's rule

export interface AllowDecision {
  readonly effect: 'allow';
  readonly coordinate: string;
  readonly basis: DecisionBasis;
}

export interface MaskDecision {
  readonly effect: 'mask';
  readonly coordinate: string;
  readonly strategy: MaskStrategyName;
  readonly basis: DecisionBasis;
}

export interface DenyDecision {
  readonly effect: 'deny';
  readonly coordinate: string;
  /** A sentence naming the purpose, the rule and why. */
  readonly reason: string;
  readonly basis: DecisionBasis;
}

export type Decision = AllowDecision | MaskDecision | DenyDecision;

function isCovered(purpose: Purpose, typeName: string): boolean {
  return ROOT_TYPES.includes(typeName) || purpose.coveredTypes.includes(typeName);
}

function label(purpose: Purpose): string {
  return `Purpose "${purpose.name}" (${purpose.title})`;
}

/** Turns a rule into a decision; a mask that cannot apply to the field is refused, never passed through. */
function fromRule(purpose: Purpose, field: FieldCoordinate, rule: Rule, basis: DecisionBasis, ruleName: string): Decision {
  const coordinate = coordinateOf(field);
  switch (rule.effect) {
    case 'allow':
      return { effect: 'allow', coordinate, basis };
    case 'deny':
      return { effect: 'deny', coordinate, basis, reason: `${label(purpose)} denies ${coordinate} by its ${ruleName}: ${rule.reason.replace(/[.。]+$/, '')}.` };
    case 'mask': {
      const strategy = findMaskStrategy(rule.strategy);
      const problem = strategy
        ? whyNotApplicable(strategy, {
            kind: field.kind,
            scalar: field.scalar ?? (field.returnTypeIsObject ? undefined : field.returnType),
            nullable: field.nullable,
            returnTypeIsObject: field.returnTypeIsObject,
          })
        : `there is no mask strategy named "${rule.strategy}"`;
      if (problem !== undefined) {
        return {
          effect: 'deny',
          coordinate,
          basis,
          reason: `${label(purpose)} masks ${coordinate} by its ${ruleName}, but ${problem}; the field is refused rather than shown unmasked.`,
        };
      }
      return { effect: 'mask', coordinate, basis, strategy: rule.strategy as MaskStrategyName };
    }
  }
}

/**
 * The decision for one field under one purpose. Order: `__typename` is allowed; an explicit `Type.field` rule
 * wins; a field of an uncovered type is denied; a field returning an uncovered object type is denied; a
 * classified field takes its kind's rule (no rule: denied); an unclassified field of a covered type is allowed.
 */
export function decideField(purpose: Purpose, field: FieldCoordinate): Decision {
  const coordinate = coordinateOf(field);
  if (field.field === '__typename') return { effect: 'allow', coordinate, basis: 'typename' };

  const fieldRule = Object.prototype.hasOwnProperty.call(purpose.fieldRules, coordinate)
    ? purpose.fieldRules[coordinate]
    : undefined;
  if (fieldRule) return fromRule(purpose, field, fieldRule, 'field-rule', `rule for ${coordinate}`);

  if (!isCovered(purpose, field.type)) {
    return {
      effect: 'deny',
      coordinate,
      basis: 'uncovered-type',
      reason: `${label(purpose)} does not cover the type ${field.type}, so ${coordinate} is denied.`,
    };
  }
  if (field.returnTypeIsObject && !isCovered(purpose, field.returnType)) {
    return {
      effect: 'deny',
      coordinate,
      basis: 'uncovered-return-type',
      reason: `${label(purpose)} does not cover the type ${field.returnType}, so ${coordinate}, which returns it, is denied.`,
    };
  }
  if (field.kind !== undefined) {
    const kindRule = purpose.kindRules[field.kind];
    if (kindRule) return fromRule(purpose, field, kindRule, 'kind-rule', `rule for ${field.kind} fields`);
    return {
      effect: 'deny',
      coordinate,
      basis: 'no-kind-rule',
      reason: `${coordinate} is classified ${field.kind} and ${label(purpose)} has no rule for ${field.kind}, so it is denied.`,
    };
  }
  return { effect: 'allow', coordinate, basis: 'covered-type' };
}

/** The decision point: one decision per field, in the order given. Pure and synchronous. */
export function decide(purpose: Purpose, fields: readonly FieldCoordinate[]): Decision[] {
  return fields.map((field) => decideField(purpose, field));
}
