/**
 * Redirect URI matching as Keycloak does it for a client's "Valid redirect URIs": an entry matches
 * exactly, or, when it ends in `*`, as a prefix (`http://localhost:4000/*` admits every page of that
 * origin). A redirect URI must be absolute and carry no fragment (RFC 6749 §3.1.2); anything else is
 * refused before it is ever used as a redirect target.
 */

export function isAcceptableRedirectUri(candidate: string): boolean {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return false;
  }
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.hash === '' && !candidate.includes('#');
}

export function matchesRedirectUri(candidate: string, registered: readonly string[]): boolean {
  if (!isAcceptableRedirectUri(candidate)) return false;
  return registered.some((entry) => (entry.endsWith('*') ? candidate.startsWith(entry.slice(0, -1)) : candidate === entry));
}

/** The origin (scheme://host:port) of an absolute URL, as browsers send it in the Origin header. */
export function originOf(uri: string): string {
  return new URL(uri).origin;
}
