import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PRIVACY_DIRECTIVES_FILE } from '@govgraph/policies';
import { parse, type DocumentNode } from 'graphql';

/** The shared privacy directives (`@sensitive`, `@notPersonal`), part of every agency's schema. */
export const PRIVACY_SDL = readFileSync(PRIVACY_DIRECTIVES_FILE, 'utf8');

/** Reads an agency's `schema.graphql` next to its definition, behind the shared privacy contract. */
export function loadSchema(directory: string): DocumentNode {
  return parse(`${PRIVACY_SDL}\n${readFileSync(path.join(directory, 'schema.graphql'), 'utf8')}`);
}
