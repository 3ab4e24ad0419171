import { parseCoordinate } from './coordinates';
import { decideField } from './decide';
import type { Purpose } from './purpose';
import type { SchemaDescription } from './schemaDescription';

/** One root field of an operation that looks something up by an argument, as the gateway counts it. */
export interface RootLookup {
  /** The root field, e.g. `Query.person`. */
  readonly coordinate: string;
  /** The argument carrying the key, e.g. `idNumber`. */
  readonly argument: string;
  /** Distinct values passed under this field and argument, aliases and variables resolved. */
  readonly distinctValues: number;
  /**
   * The identifier's own coordinate, when the argument's name does not say it: `_entities` representations of
   * Person by `idNumber` are lookups of `Person.idNumber`. Default: the root field's return type and the
   * argument's name (`Query.person(idNumber:)` → `Person.idNumber`).
   */
  readonly identifier?: string;
}

/** A lookup by an identifier the purpose does not show in clear. */
export interface IdentifierLookup extends RootLookup {
  readonly identifier: string;
  /** How the purpose shows the identifier: masked by a strategy (pseudonym included), or not at all. */
  readonly shown: { readonly effect: 'mask'; readonly strategy: string } | { readonly effect: 'deny' };
}

export interface IdentifierLookupCheck {
  /** The lookups that count against the budget, in the order given. */
  readonly lookups: readonly IdentifierLookup[];
  /** Distinct values over those lookups. */
  readonly total: number;
  /** The purpose's identifierLookupsPerOperation. */
  readonly budget: number;
  readonly exceeded: boolean;
}

/** The identifier a lookup uses, as `{ type, field }`, if the schema has it. */
function identifierOf(lookup: RootLookup, schema: SchemaDescription): { type: string; field: string } | undefined {
  if (lookup.identifier !== undefined) return parseCoordinate(lookup.identifier);
  const root = parseCoordinate(lookup.coordinate);
  const returnType = root && schema.types.get(root.type)?.get(root.field)?.returnType;
  return returnType === undefined ? undefined : { type: returnType, field: lookup.argument };
}

/**
 * Issue 9, 3(a): which of an operation's root-field lookups are by an identifier the purpose masks,
 * pseudonymises or denies, and whether together they exceed its per-operation budget. Knowing that a guessed
 * ID returns a person is what turns `330110********0018` back into an ID number, and a known ID into its
 * pseudonym; an argument that is not a field of the type returned (`first`, `filter`) is not a lookup.
 * Pure: the gateway counts the values (and the hourly budget) and refuses.
 */
export function checkIdentifierLookups(
  purpose: Purpose,
  lookups: readonly RootLookup[],
  schema: SchemaDescription,
): IdentifierLookupCheck {
  const counted: IdentifierLookup[] = [];
  for (const lookup of lookups) {
    const identifier = identifierOf(lookup, schema);
    const info = identifier && schema.types.get(identifier.type)?.get(identifier.field);
    if (!identifier || !info || info.returnTypeIsObject) continue;
    const decision = decideField(purpose, { ...identifier, ...info });
    if (decision.effect === 'allow') continue;
    counted.push({
      ...lookup,
      identifier: `${identifier.type}.${identifier.field}`,
      shown: decision.effect === 'mask' ? { effect: 'mask', strategy: decision.strategy } : { effect: 'deny' },
    });
  }
  const total = counted.reduce((sum, lookup) => sum + Math.max(0, lookup.distinctValues), 0);
  const budget = purpose.budgets.identifierLookupsPerOperation;
  return { lookups: counted, total, budget, exceeded: total > budget };
}
