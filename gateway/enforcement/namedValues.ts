import { visit, type DocumentNode } from 'graphql';

/**
 * Every value an operation names: the literals of its arguments (wherever they are, fragments included)
 * (directive arguments and variable defaults too: a value is a value) and its variables' values, trimmed and upper-cased as identifiers compare (`…001x` is `…001X`).
 * Issue 9, 3(c): a pseudonym of a value the caller named would link what they know to the handle they see
 * elsewhere, so the masking step withholds it (enforcingGateway.ts).
 */
export function namedValues(document: DocumentNode, variables: Readonly<Record<string, unknown>> | undefined): Set<string> {
  const named = new Set<string>();
  visit(document, {
    StringValue(node) {
      named.add(normalisedValue(node.value));
    },
    IntValue(node) {
      named.add(normalisedValue(node.value));
    },
  });
  const collect = (value: unknown, depth: number) => {
    if (depth > 32) return;
    if (typeof value === 'string' || typeof value === 'number') named.add(normalisedValue(String(value)));
    else if (Array.isArray(value)) for (const item of value) collect(item, depth + 1);
    else if (value !== null && typeof value === 'object') for (const item of Object.values(value)) collect(item, depth + 1);
  };
  collect(variables ?? {}, 0);
  return named;
}

export function normalisedValue(value: string): string {
  return value.trim().toUpperCase();
}
