import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, type DocumentNode } from 'graphql';

/** Reads an agency's `schema.graphql` next to its definition. */
export function loadSchema(directory: string): DocumentNode {
  return parse(readFileSync(path.join(directory, 'schema.graphql'), 'utf8'));
}
