import { visit, type DocumentNode } from 'graphql';

/**
 * The selections of each operation (in document order), every fragment spread counted as what it expands
 * to, as Apollo Server's `maxRecursiveSelections` rule counts them (a field, an inline fragment and a spread
 * are one each). Apollo does not export its rule; the gateway relies on it (gateway/server.ts), and what is
 * checked outside a request — a sharing request's operations (agreements/submission.ts) — counts with this.
 * Each fragment is counted once and its count reused: a fragment bomb costs its size, not its expansion.
 */
export function recursiveSelections(document: DocumentNode): number[] {
  const own = new Map<string, { selections: number; spreads: Map<string, number> }>();
  let operations = 0;
  let current: { selections: number; spreads: Map<string, number> } | undefined;
  const enter = (key: string) => {
    current = { selections: 0, spreads: new Map() };
    own.set(key, current);
  };
  visit(document, {
    OperationDefinition: {
      enter: () => enter(`operation:${operations++}`),
      leave: () => void (current = undefined),
    },
    FragmentDefinition: { enter: (node) => enter(`fragment:${node.name.value}`), leave: () => void (current = undefined) },
    Field: () => void (current && (current.selections += 1)),
    InlineFragment: () => void (current && (current.selections += 1)),
    FragmentSpread(node) {
      if (!current) return;
      current.selections += 1;
      current.spreads.set(node.name.value, (current.spreads.get(node.name.value) ?? 0) + 1);
    },
  });
  // null while a fragment is being counted: a cycle (the spec rules refuse it) counts nothing more.
  const counted = new Map<string, number | null>();
  const count = (key: string): number => {
    const known = counted.get(key);
    if (known !== undefined) return known ?? 0;
    counted.set(key, null);
    const info = own.get(key);
    let total = info?.selections ?? 0;
    for (const [fragment, times] of info?.spreads ?? []) total += times * count(`fragment:${fragment}`);
    counted.set(key, total);
    return total;
  };
  return Array.from({ length: operations }, (_, index) => count(`operation:${index}`));
}
