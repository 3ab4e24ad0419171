/**
 * @govgraph/access-context — the protocol between the gateway and the agencies: the short-lived access
 * context the gateway signs for each subgraph fetch (who asks, for which purpose, bound to the one operation),
 * its keys, and the operation digest. The gateway signs with it; @govgraph/subgraph-kit verifies with it.
 */
export * from './accessContext';
export * from './accessContextKeys';
export { operationDigestOf } from './operationDigest';
export { parsePublicKeyText } from './publicKeyText';
