import { OIDC_PATHS } from './realm';

/**
 * Getting an access token from the realm's token endpoint (Keycloak, or the development provider) for
 * programs outside the gateway: the registry CLI, the example applications, tests. Client credentials
 * go in `Authorization: Basic` (client_secret_basic, what Keycloak's confidential clients accept by
 * default); the password grant is development-only (govgraph-cli).
 */

export interface ClientCredentials {
  /** e.g. http://localhost:8080/realms/govgraph */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Space-separated; Keycloak's defaults when absent. */
  scope?: string;
}

export interface PasswordCredentials {
  issuer: string;
  /** A client with direct access grants, e.g. govgraph-cli. */
  clientId: string;
  username: string;
  password: string;
  /** Confidential clients only. */
  clientSecret?: string;
}

/** RFC 6749 §2.3.1: each part form-urlencoded before they are joined and base64-encoded. */
function basicAuthorization(clientId: string, clientSecret: string): string {
  const encode = (part: string) => encodeURIComponent(part).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(clientSecret)}`, 'utf8').toString('base64')}`;
}

async function requestAccessToken(issuer: string, form: Record<string, string>, authorization?: string): Promise<string> {
  const url = `${issuer.replace(/\/+$/, '')}${OIDC_PATHS.token}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
        ...(authorization ? { authorization } : {}),
      },
      body: new URLSearchParams(form).toString(),
    });
  } catch (error) {
    throw new Error(`The identity provider at ${url} cannot be reached (${(error as Error).message}): is OIDC_ISSUER right?`);
  }
  const text = await response.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // Not JSON (a proxy's error page): reported by status below.
  }
  if (!response.ok || typeof body.access_token !== 'string') {
    const reason = typeof body.error_description === 'string' ? body.error_description : typeof body.error === 'string' ? body.error : `HTTP ${response.status}`;
    throw new Error(`The identity provider refused the token request for ${form.client_id ?? 'the client'}: ${reason}`);
  }
  return body.access_token;
}

/** An application's (or publisher's) own access token, by the client-credentials grant. */
export function fetchClientCredentialsToken(credentials: ClientCredentials): Promise<string> {
  return requestAccessToken(
    credentials.issuer,
    { grant_type: 'client_credentials', client_id: credentials.clientId, ...(credentials.scope ? { scope: credentials.scope } : {}) },
    basicAuthorization(credentials.clientId, credentials.clientSecret),
  );
}

/** A user's access token by the password grant (development: govgraph-cli and the demo users). */
export function fetchPasswordToken(credentials: PasswordCredentials): Promise<string> {
  const form = { grant_type: 'password', client_id: credentials.clientId, username: credentials.username, password: credentials.password };
  return requestAccessToken(
    credentials.issuer,
    form,
    credentials.clientSecret !== undefined ? basicAuthorization(credentials.clientId, credentials.clientSecret) : undefined,
  );
}
