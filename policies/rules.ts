import type { MaskStrategyName } from './masks';

/**
 * What a purpose says about a field or a kind of field. `note` (allow, mask) and `reason` (deny) say why, in
 * words a privacy officer can check against the purpose's legal basis; they end up in decisions and in the
 * generated policy document.
 */
export type Rule = AllowRule | DenyRule | MaskRule;

export interface AllowRule {
  readonly effect: 'allow';
  readonly note?: string;
}

export interface DenyRule {
  readonly effect: 'deny';
  readonly reason: string;
}

export interface MaskRule {
  readonly effect: 'mask';
  /** A name in MASK_STRATEGIES; a string here so policies can also come from data and be validated. */
  readonly strategy: string;
  readonly note?: string;
}

export function allow(note?: string): AllowRule {
  return Object.freeze(note === undefined ? { effect: 'allow' } : { effect: 'allow', note });
}

export function deny(reason: string): DenyRule {
  return Object.freeze({ effect: 'deny', reason });
}

export function mask(strategy: MaskStrategyName, note?: string): MaskRule {
  return Object.freeze(note === undefined ? { effect: 'mask', strategy } : { effect: 'mask', strategy, note });
}
