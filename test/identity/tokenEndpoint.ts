/** Talking to a token endpoint the way curl does (form-encoded POST), for tests. */

export interface TokenAnswer {
  status: number;
  headers: Headers;
  body: Record<string, any>;
}

export async function requestToken(issuer: string, form: Record<string, string>): Promise<TokenAnswer> {
  const response = await fetch(`${issuer}/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, any> };
}

/** A demo user's access token by the password grant on govgraph-cli. */
export async function passwordToken(issuer: string, username: string, password = 'demo'): Promise<string> {
  const answer = await requestToken(issuer, { grant_type: 'password', client_id: 'govgraph-cli', username, password });
  if (answer.status !== 200) throw new Error(`token request for ${username} failed: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.access_token as string;
}

export function base64url(value: unknown): string {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
}

/** An application's (or publisher's) own access token by client credentials (client_secret_basic). */
export async function clientToken(issuer: string, clientId: string, secret = 'demo'): Promise<string> {
  const response = await fetch(`${issuer}/protocol/openid-connect/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64')}`,
    },
    body: new URLSearchParams({ grant_type: 'client_credentials' }).toString(),
  });
  const body = (await response.json()) as Record<string, any>;
  if (response.status !== 200) throw new Error(`client-credentials token for ${clientId} failed: ${response.status} ${JSON.stringify(body)}`);
  return body.access_token as string;
}
