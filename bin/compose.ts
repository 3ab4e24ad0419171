/**
 * npm run compose            writes schema/supergraph.graphql from the subgraph SDLs
 * npm run compose -- --check exits 1 when the checked-in supergraph differs (CI drift check)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { SUPERGRAPH_PATH } from '../gateway/supergraph';
import { composeSupergraph } from '../schema/compose';

const composed = composeSupergraph();
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(SUPERGRAPH_PATH, 'utf8');
  } catch {
    // missing counts as drift
  }
  if (current !== composed) {
    console.error(`${SUPERGRAPH_PATH} is out of date with the subgraph schemas: run \`npm run compose\` and commit it.`);
    process.exit(1);
  }
  console.log('supergraph is up to date');
} else {
  writeFileSync(SUPERGRAPH_PATH, composed);
  console.log(`wrote ${SUPERGRAPH_PATH}`);
}
