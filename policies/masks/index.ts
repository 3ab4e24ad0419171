import { band } from './band';
import { district } from './district';
import { partial } from './partial';
import { pseudonym } from './pseudonym';
import { redact } from './redact';
import type { MaskContext, MaskedValue, MaskStrategy } from './strategy';
import { surname } from './surname';
import { year } from './year';

/** Every mask strategy, by name. Adding one: a file in this folder, then a line here. */
export const MASK_STRATEGIES = Object.freeze({
  partial,
  surname,
  year,
  district,
  band,
  pseudonym,
  redact,
} as const satisfies Record<string, MaskStrategy>);

export type MaskStrategyName = keyof typeof MASK_STRATEGIES;

export const MASK_STRATEGY_NAMES: readonly MaskStrategyName[] = Object.freeze(
  Object.keys(MASK_STRATEGIES) as MaskStrategyName[],
);

export function isMaskStrategyName(name: unknown): name is MaskStrategyName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(MASK_STRATEGIES, name);
}

export function findMaskStrategy(name: string): MaskStrategy | undefined {
  return isMaskStrategyName(name) ? MASK_STRATEGIES[name] : undefined;
}

/** Masks one scalar with the named strategy; an unknown name throws (a policy that passed validation has none). */
export function applyMask(strategy: string, value: unknown, context: MaskContext): MaskedValue {
  const found = findMaskStrategy(strategy);
  if (!found) throw new Error(`Unknown mask strategy "${strategy}"`);
  return found.mask(value, context);
}

export type { MaskContext, MaskedValue, MaskStrategy, MaskTarget, ScalarTypeName } from './strategy';
export { whyNotApplicable } from './strategy';
