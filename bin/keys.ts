/**
 * npm run keys > .env — fresh secrets for a deployment (docker-compose reads .env): the gateway's
 * access-context signing key (a private JWK on one line) and the public key set the subgraphs verify
 * with, the pseudonym key, the audit subject key, the audit checkpoint key with its public key set
 * (which `npm run audit:verify` checks checkpoints against), and the passwords: the owners of the
 * PostgreSQL servers (the audit log's and the witness's), one per service role (`npm run migrate -- --provision-roles` sets them) and Keycloak's bootstrap admin.
 */
import { randomBytes } from 'node:crypto';
import { checkpointPublicJwks, generateCheckpointKeyPair } from '../audit/checkpointKeys';
import { exportAccessContextKeyPair, generateAccessContextKeyPair } from '@govgraph/access-context';
import { ROLE_PASSWORD_VARIABLES } from '../runtime/databaseRoles';

/** Hex: printable ASCII that no shell, URL or SASLprep changes. */
const password = () => randomBytes(24).toString('hex');

const pair = generateAccessContextKeyPair();
const privateJwk = JSON.stringify(pair.privateKey.export({ format: 'jwk' }));
console.log(`ACCESS_CONTEXT_PRIVATE_KEY='${privateJwk}'`);
console.log(`ACCESS_CONTEXT_PUBLIC_KEYS='${JSON.stringify(exportAccessContextKeyPair(pair).publicJwks)}'`);
console.log(`PSEUDONYM_KEY=${randomBytes(32).toString('hex')}`);
console.log(`AUDIT_SUBJECT_KEY=${randomBytes(32).toString('hex')}`);
// What a Prometheus scraper sends to read /metrics of the gateway and the subgraphs (README, Operations you can see).
console.log(`METRICS_TOKEN=${randomBytes(32).toString('hex')}`);
const checkpoint = generateCheckpointKeyPair();
console.log(`AUDIT_CHECKPOINT_KEY='${JSON.stringify(checkpoint.privateKey.export({ format: 'jwk' }))}'`);
console.log(`AUDIT_PUBLIC_KEYS='${JSON.stringify(checkpointPublicJwks([checkpoint.publicKey]))}'`);
console.log(`POSTGRES_PASSWORD=${password()}`);
console.log(`WITNESS_POSTGRES_PASSWORD=${password()}`);
for (const variable of ROLE_PASSWORD_VARIABLES) console.log(`${variable}=${password()}`);
console.log(`KEYCLOAK_ADMIN_PASSWORD=${password()}`);
