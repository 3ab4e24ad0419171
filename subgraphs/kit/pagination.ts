import { GraphQLError } from 'graphql';

/**
 * Keyset pagination: a cursor is the sort key of the last row seen, opaque to clients
 * (base64url JSON). Pages stay stable and cheap however deep a client walks.
 */
export const MAX_PAGE_SIZE = 100;

export interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

export interface Connection<Node> {
  edges: { cursor: string; node: Node }[];
  pageInfo: PageInfo;
}

export function encodeCursor(sortKey: readonly string[]): string {
  return Buffer.from(JSON.stringify(sortKey)).toString('base64url');
}

export function decodeCursor(cursor: string, arity: number): string[] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === arity && value.every((part) => typeof part === 'string')) {
      return value;
    }
  } catch {
    // fall through to the user-facing error
  }
  throw cursorError();
}

/** The refusal of an `after` this field did not issue. */
export function cursorError(): GraphQLError {
  return new GraphQLError('`after` is not a cursor returned by this field', {
    extensions: { code: 'BAD_USER_INPUT', argumentName: 'after' },
  });
}

export function pageSize(first: number | null | undefined): number {
  const size = first ?? 20;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw new GraphQLError(`\`first\` must be between 1 and ${MAX_PAGE_SIZE}`, {
      extensions: { code: 'BAD_USER_INPUT', argumentName: 'first' },
    });
  }
  return size;
}

/** `rows` were fetched with LIMIT size + 1: the extra row only tells whether another page exists. */
export function toConnection<Node>(rows: Node[], size: number, sortKeyOf: (node: Node) => string[]): Connection<Node> {
  const page = rows.slice(0, size);
  const edges = page.map((node) => ({ cursor: encodeCursor(sortKeyOf(node)), node }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > size, endCursor: edges.at(-1)?.cursor ?? null },
  };
}
