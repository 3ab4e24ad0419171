import { refuseGrant, type GrantRefusal } from './grantRefusal';
import type { RealmClient, RealmDefinition } from './realm';

/**
 * The token endpoint's first step, as Keycloak takes it before it looks at the grant type: a grant
 * type is named, the client exists and may obtain tokens. Public clients only: none has a secret.
 */
export function authenticateTokenClient(form: Record<string, unknown> | undefined, realm: RealmDefinition): RealmClient | GrantRefusal {
  const grantType = form?.grant_type;
  if (typeof grantType !== 'string' || grantType === '') {
    return refuseGrant(400, 'invalid_request', 'Missing form parameter: grant_type');
  }
  const clientId = form?.client_id;
  const client = realm.clients.find((candidate) => candidate.clientId === clientId);
  if (!client) return refuseGrant(401, 'invalid_client', 'Invalid client or Invalid client credentials');
  if (client.kind === 'bearer-only') return refuseGrant(400, 'invalid_client', 'Bearer-only not allowed');
  return client;
}
