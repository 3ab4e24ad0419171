import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, type DocumentNode } from 'graphql';

/** The shared privacy directive (`@sensitive`), part of every agency's schema. */
export const PRIVACY_SDL = readFileSync(path.join(__dirname, '..', '..', 'schema', 'privacy.graphql'), 'utf8');

/** Reads an agency's `schema.graphql` next to its definition, behind the shared privacy contract. */
export function loadSchema(directory: string): DocumentNode {
  return parse(`${PRIVACY_SDL}\n${readFileSync(path.join(directory, 'schema.graphql'), 'utf8')}`);
}
