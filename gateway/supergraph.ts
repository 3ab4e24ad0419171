import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The statically composed graph (`npm run compose`): what is served was reviewed, and no agency must be up to start. */
export const SUPERGRAPH_PATH = path.join(__dirname, '..', 'schema', 'supergraph.graphql');

export function loadSupergraphSdl(file = SUPERGRAPH_PATH): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new Error(`Cannot read the supergraph at ${file}: run \`npm run compose\` to create it.`);
  }
}
