import { GraphQLError } from 'graphql';
import { coordinateOf, decideField, type DenyDecision, type Purpose } from '@govgraph/policies';
import type { SubgraphField } from './subgraphFields';

/**
 * What the field shield refuses, decided at start-up: decisions are pure, so each purpose's denials are
 * worked out once from the policies over the subgraph's own fields; an operation only looks them up
 * (fieldShield.ts). Allow and mask both pass: masked fields are masked as the answer leaves the agency
 * (agencyMasks.ts), and again by the gateway.
 */

/** Purpose name → the coordinates it denies in this subgraph, with the decision saying why. */
export type DeniedFields = ReadonlyMap<string, ReadonlyMap<string, DenyDecision>>;

export interface FieldShieldTable {
  readonly deniedByPurpose: DeniedFields;
  /** Every coordinate a purpose could be refused: all but the federation plumbing and entity keys. */
  readonly guarded: ReadonlySet<string>;
}

/** Each purpose's denials over the subgraph's fields; the plumbing and keys are never denied (subgraphFields.ts). */
export function deniedFieldsByPurpose(fields: readonly SubgraphField[], purposes: readonly Purpose[]): DeniedFields {
  const table = new Map<string, ReadonlyMap<string, DenyDecision>>();
  for (const purpose of purposes) {
    const denied = new Map<string, DenyDecision>();
    for (const field of fields) {
      if (field.alwaysReachable) continue;
      const decision = decideField(purpose, field.coordinate);
      if (decision.effect === 'deny') denied.set(decision.coordinate, decision);
    }
    table.set(purpose.name, denied);
  }
  return table;
}

/** The shield's whole table, built once when the subgraph starts (server.ts). */
export function fieldShieldTable(fields: readonly SubgraphField[], purposes: readonly Purpose[]): FieldShieldTable {
  const guarded = new Set(fields.filter((field) => !field.alwaysReachable).map((field) => coordinateOf(field.coordinate)));
  return { deniedByPurpose: deniedFieldsByPurpose(fields, purposes), guarded };
}

/** The error a refused field gives: FORBIDDEN, naming the coordinate, the reason in the message. */
export function forbiddenField(coordinate: string, reason: string, nodes?: GraphQLError['nodes']): GraphQLError {
  return new GraphQLError(reason, { nodes, extensions: { code: 'FORBIDDEN', coordinate } });
}

/**
 * Why `purpose` is refused `coordinate`, or undefined when it is not. A purpose the table does not know
 * (the gate admits only known ones; should another slip through) is refused everything guarded: fail closed.
 */
export function refusalReason(table: FieldShieldTable, purpose: string | undefined, coordinate: string): string | undefined {
  const denied = purpose === undefined ? undefined : table.deniedByPurpose.get(purpose);
  if (denied === undefined) {
    return table.guarded.has(coordinate) ? `No known purpose in the access context, so ${coordinate} is denied.` : undefined;
  }
  return denied.get(coordinate)?.reason;
}
