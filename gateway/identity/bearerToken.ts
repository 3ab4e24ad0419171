import { AuthenticationError } from './authenticationError';

/**
 * The access token of a request: from `Authorization: Bearer …` only (RFC 6750 §2.1). A token in the
 * query string (`?access_token=`, RFC 6750 §2.3) is refused even when the header is there too:
 * URLs end up in access logs, proxies and browser history, so that token must be treated as leaked
 * and the client fixed. Works with Node/Express headers (a plain object) and Fetch-style headers (`get`).
 */

export type HeadersLike = { get(name: string): string | null | undefined } | Record<string, string | string[] | undefined>;

export interface RequestLike {
  headers: HeadersLike;
  /** The request target, e.g. `/graphql?x=1` (absolute URLs work too). */
  url?: string;
}

/** RFC 6750 b64token: a token is one run of these characters. */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

function header(headers: HeadersLike, name: string): string | string[] | undefined {
  if (typeof headers.get === 'function') return (headers.get as (name: string) => string | null | undefined)(name) ?? undefined;
  const record = headers as Record<string, string | string[] | undefined>;
  return record[name] ?? Object.entries(record).find(([key]) => key.toLowerCase() === name)?.[1];
}

function hasTokenInUrl(url: string | undefined): boolean {
  if (!url || !url.includes('?')) return false;
  try {
    return new URL(url, 'http://request.invalid').searchParams.has('access_token');
  } catch {
    return /[?&]access_token(=|&|$)/.test(url);
  }
}

export function bearerTokenFrom(request: RequestLike): string {
  if (hasTokenInUrl(request.url)) throw new AuthenticationError('access token in URL refused');
  const value = header(request.headers, 'authorization');
  if (value === undefined || value === '') throw new AuthenticationError('no bearer token');
  if (Array.isArray(value)) throw new AuthenticationError('malformed authorization header');
  const scheme = value.trim().split(' ', 1)[0] ?? '';
  if (scheme.toLowerCase() !== 'bearer') throw new AuthenticationError('no bearer token');
  const match = BEARER.exec(value.trim());
  if (!match?.[1]) throw new AuthenticationError('malformed authorization header');
  return match[1];
}
