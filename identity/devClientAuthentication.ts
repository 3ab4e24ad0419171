import { sameSecret } from './devCredentials';
import { refuseGrant, type GrantRefusal } from './grantRefusal';
import type { RealmClient, RealmDefinition } from './realm';

/**
 * The token endpoint's first step, as Keycloak takes it before it looks at the grant type: a grant type
 * is named, the client exists and may obtain tokens, and a confidential client proves it is itself with
 * its secret — for every grant, the authorization code too (a code that leaked is useless without it).
 * The secret comes either in `Authorization: Basic` (client_secret_basic) or in the form
 * (client_secret_post), never both. Public clients have no secret and send only client_id.
 */

export interface TokenRequest {
  form: Record<string, unknown> | undefined;
  /** The Authorization header, if any. */
  authorization: string | undefined;
}

interface PresentedCredentials {
  clientId: unknown;
  secret: string | undefined;
}

const BAD_CREDENTIALS = 'Invalid client or Invalid client credentials';

/** RFC 6749 §2.3.1: id and secret are form-urlencoded, then joined by a colon and base64-encoded. */
function basicCredentials(header: string): PresentedCredentials | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header);
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return undefined;
  try {
    const decode = (part: string) => decodeURIComponent(part.replace(/\+/g, ' '));
    return { clientId: decode(decoded.slice(0, colon)), secret: decode(decoded.slice(colon + 1)) };
  } catch {
    return undefined;
  }
}

function presentedCredentials(request: TokenRequest): PresentedCredentials | GrantRefusal {
  const form = request.form ?? {};
  const formSecret = typeof form.client_secret === 'string' ? form.client_secret : undefined;
  if (request.authorization === undefined || !/^Basic\s/i.test(request.authorization)) {
    return { clientId: form.client_id, secret: formSecret };
  }
  const basic = basicCredentials(request.authorization);
  if (!basic) return refuseGrant(401, 'invalid_client', BAD_CREDENTIALS);
  // One authentication method per request (RFC 6749 §2.3): a second one could name another client.
  if (formSecret !== undefined) return refuseGrant(400, 'invalid_request', 'Client authenticated by more than one method');
  if (form.client_id !== undefined && form.client_id !== basic.clientId) {
    return refuseGrant(400, 'invalid_request', 'Parameter client_id does not match the authenticated client');
  }
  return basic;
}

export function authenticateTokenClient(request: TokenRequest, realm: RealmDefinition): RealmClient | GrantRefusal {
  const grantType = request.form?.grant_type;
  if (typeof grantType !== 'string' || grantType === '') {
    return refuseGrant(400, 'invalid_request', 'Missing form parameter: grant_type');
  }
  const credentials = presentedCredentials(request);
  if ('ok' in credentials) return credentials;
  const client = realm.clients.find((candidate) => candidate.clientId === credentials.clientId);
  if (!client) return refuseGrant(401, 'invalid_client', BAD_CREDENTIALS);
  if (client.kind === 'bearer-only') return refuseGrant(400, 'invalid_client', 'Bearer-only not allowed');
  if (client.kind === 'confidential') {
    if (credentials.secret === undefined || credentials.secret === '') return refuseGrant(401, 'invalid_client', 'Client secret not provided in request');
    // A client without a secret here (a production realm) admits no secret; the comparison still runs.
    const matches = sameSecret(credentials.secret, client.secret ?? '\u0000no secret');
    if (!matches || client.secret === undefined) return refuseGrant(401, 'invalid_client', BAD_CREDENTIALS);
  }
  return client;
}
