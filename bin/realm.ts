/**
 * npm run realm            writes deploy/keycloak/govgraph-realm.json from identity/realm.ts
 * npm run realm -- --check exits 1 when the checked-in realm file differs (CI drift check)
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { KEYCLOAK_REALM_PATH, keycloakRealmJson } from '../identity/keycloakRealm';

const generated = keycloakRealmJson();
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(KEYCLOAK_REALM_PATH, 'utf8');
  } catch {
    // missing counts as drift
  }
  if (current !== generated) {
    console.error(`${KEYCLOAK_REALM_PATH} is out of date with identity/realm.ts: run \`npm run realm\` and commit it.`);
    process.exit(1);
  }
  console.log('Keycloak realm file is up to date');
} else {
  mkdirSync(path.dirname(KEYCLOAK_REALM_PATH), { recursive: true });
  writeFileSync(KEYCLOAK_REALM_PATH, generated);
  console.log(`wrote ${KEYCLOAK_REALM_PATH}`);
}
