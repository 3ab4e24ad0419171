/**
 * npm run keys > .env — fresh secrets for a deployment (docker-compose reads .env):
 * the gateway's access-context signing key (a private JWK on one line), the public key set the
 * subgraphs verify with, and the pseudonym key.
 */
import { randomBytes } from 'node:crypto';
import { exportAccessContextKeyPair, generateAccessContextKeyPair } from '../identity/accessContextKeys';

const pair = generateAccessContextKeyPair();
const privateJwk = JSON.stringify(pair.privateKey.export({ format: 'jwk' }));
console.log(`ACCESS_CONTEXT_PRIVATE_KEY='${privateJwk}'`);
console.log(`ACCESS_CONTEXT_PUBLIC_KEYS='${JSON.stringify(exportAccessContextKeyPair(pair).publicJwks)}'`);
console.log(`PSEUDONYM_KEY=${randomBytes(32).toString('hex')}`);
