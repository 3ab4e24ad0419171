import type { JSONWebKeySet } from 'jose';
import { parseAccessContextPublicKeys } from '@govgraph/access-context';

/** Where a govgraph gateway publishes the public keys of the access contexts it signs. */
export const ACCESS_CONTEXT_KEYS_PATH = '/.well-known/access-context-keys';

/**
 * The gateway's access-context public keys, read from `gatewayUrl` (e.g. http://localhost:4000). For an agency
 * that joins a running deployment; over anything but a trusted network, configure ACCESS_CONTEXT_PUBLIC_KEYS
 * from the operator instead, since whoever answers this request decides whom the agency believes.
 */
export async function fetchGatewayAccessContextKeys(gatewayUrl: string, timeoutMs = 5_000): Promise<JSONWebKeySet> {
  const url = new URL(ACCESS_CONTEXT_KEYS_PATH, gatewayUrl);
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    throw new Error(`cannot read the gateway's access-context keys at ${url}: ${(error as Error).message}`);
  }
  if (!response.ok) throw new Error(`the gateway answered ${response.status} for its access-context keys at ${url}`);
  return parseAccessContextPublicKeys(await response.text());
}
