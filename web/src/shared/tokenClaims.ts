/**
 * The claims of an access token, read for display only (who is signed in, which roles): the page does
 * not verify the signature — the gateway does, on every request, and decides with what it verified.
 */
export interface TokenClaims {
  subject: string;
  username: string;
  name: string | undefined;
  roles: string[];
  agency: string | undefined;
  district: string | undefined;
  /** Epoch seconds. */
  expiresAt: number;
}

export function decodeJwtPayload(token: string): Record<string, unknown> {
  const part = token.split('.')[1];
  if (!part) throw new Error('not a JWT');
  const base64 = part.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64.padEnd(base64.length + ((4 - (base64.length % 4)) % 4), '='));
  const bytes = Uint8Array.from(binary, (character) => character.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
}

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

export function readAccessTokenClaims(token: string): TokenClaims {
  const payload = decodeJwtPayload(token);
  const realmAccess = payload.realm_access as { roles?: unknown } | undefined;
  const roles = Array.isArray(realmAccess?.roles) ? realmAccess.roles.filter((role): role is string => typeof role === 'string') : [];
  return {
    subject: text(payload.sub) ?? '',
    username: text(payload.preferred_username) ?? text(payload.sub) ?? '',
    name: text(payload.name),
    roles,
    agency: text(payload.agency),
    district: text(payload.district),
    expiresAt: typeof payload.exp === 'number' ? payload.exp : 0,
  };
}
