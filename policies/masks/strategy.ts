import type { SensitiveKind } from '../kinds';

/** The built-in GraphQL scalars a mask can produce. Enums and custom scalars are never masked (only denied). */
export type ScalarTypeName = 'String' | 'ID' | 'Float' | 'Int' | 'Boolean';

/** What a strategy needs to know about the position it writes: it must write a value of that type. */
export interface MaskTarget {
  readonly kind?: SensitiveKind;
  /** The field's leaf type name; undefined for a field returning an object. */
  readonly scalar?: string;
  readonly nullable: boolean;
  readonly returnTypeIsObject?: boolean;
}

export interface MaskContext {
  readonly kind?: SensitiveKind;
  readonly scalar: string;
  readonly nullable: boolean;
  /** The purpose name: pseudonyms differ across purposes so two purposes' outputs cannot be joined. */
  readonly purpose: string;
  /** The gateway's secret for `pseudonym`; a masked output must not be reversible by guessing inputs. */
  readonly pseudonymKey: string | Uint8Array;
}

/** A masked scalar; null/undefined inputs come back as they are. */
export type MaskedValue = string | number | boolean | null | undefined;

/**
 * A named mask strategy, like an Apache Ranger masking type. Plain data plus one pure function; the
 * enforcement point calls `mask` once per scalar (per element for lists).
 */
export interface MaskStrategy {
  readonly name: string;
  readonly description: string;
  /** The kinds it is meant for; a rule using it for another kind is a policy mistake. */
  readonly kinds: readonly SensitiveKind[];
  /** The scalar types it can produce a value of (a masked value keeps the field's GraphQL type). */
  readonly scalars: readonly ScalarTypeName[];
  /** A further condition beyond kinds and scalars: returns why the target is refused, if it is. */
  readonly refuse?: (target: MaskTarget) => string | undefined;
  readonly mask: (value: unknown, context: MaskContext) => MaskedValue;
}

/**
 * Why `strategy` cannot mask `target` (a sentence fragment), or undefined when it can. Decide uses it to fail
 * closed, validate to report the mistake before anything is served.
 */
export function whyNotApplicable(strategy: MaskStrategy, target: MaskTarget): string | undefined {
  if (target.returnTypeIsObject || target.scalar === undefined) {
    return `${strategy.name} masks scalar values and this field returns an object type`;
  }
  if (!(strategy.scalars as readonly string[]).includes(target.scalar)) {
    return `${strategy.name} produces ${strategy.scalars.join('/')} values, not ${target.scalar}`;
  }
  if (target.kind !== undefined && !strategy.kinds.includes(target.kind)) {
    return `${strategy.name} is meant for ${strategy.kinds.join(', ')}, not ${target.kind}`;
  }
  return strategy.refuse?.(target);
}
