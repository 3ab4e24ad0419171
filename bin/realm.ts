/**
 * npm run realm            writes the Keycloak realm imports from identity/realm.ts:
 *                            deploy/keycloak/development/govgraph-realm.json (demo users, password grant)
 *                            deploy/keycloak/production/govgraph-realm.json  (neither)
 * npm run realm -- --check exits 1 when a checked-in realm file differs (CI drift check)
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { keycloakRealmFiles } from '../identity/keycloakRealm';

const files = keycloakRealmFiles();
if (process.argv.includes('--check')) {
  const drifted = files.filter((file) => {
    try {
      return readFileSync(file.path, 'utf8') !== file.text;
    } catch {
      return true; // missing counts as drift
    }
  });
  for (const file of drifted) console.error(`${file.path} is out of date with identity/realm.ts: run \`npm run realm\` and commit it.`);
  if (drifted.length > 0) process.exit(1);
  console.log('Keycloak realm files are up to date');
} else {
  for (const file of files) {
    mkdirSync(path.dirname(file.path), { recursive: true });
    writeFileSync(file.path, file.text);
    console.log(`wrote ${file.path}`);
  }
}
