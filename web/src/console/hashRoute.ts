import { useCallback, useEffect, useState } from 'react';
import { REGISTRY_PAGES, type RegistryPage } from './registry/registryRoutes';

/**
 * The console's place in the address fragment (#/log?username=…): a page can be linked, the browser's
 * back button works, and signing in again comes back to it (the sign-in keeps the fragment).
 */
export type ConsolePage = 'overview' | 'log' | 'queue' | 'report' | 'integrity' | 'requests' | 'request' | 'agreements' | 'agreement' | RegistryPage;
const PAGES: readonly ConsolePage[] = ['overview', 'log', 'queue', 'report', 'integrity', 'requests', 'request', 'agreements', 'agreement', ...REGISTRY_PAGES];

export interface HashRoute {
  page: ConsolePage;
  params: URLSearchParams;
}

/** `fallback`: the page of an empty or unknown fragment (the first page this person may see). */
export function parseHash(hash: string, fallback: ConsolePage = 'overview'): HashRoute {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?');
  const page = (PAGES as readonly string[]).includes(path) ? (path as ConsolePage) : fallback;
  return { page, params: new URLSearchParams(query) };
}

export function hashOf(page: ConsolePage, params: Record<string, string | undefined> = {}): string {
  const query = new URLSearchParams(Object.entries(params).filter((entry): entry is [string, string] => Boolean(entry[1]))).toString();
  return `#/${page}${query ? `?${query}` : ''}`;
}

export function useHashRoute(fallback: ConsolePage = 'overview'): [HashRoute, (page: ConsolePage, params?: Record<string, string | undefined>) => void] {
  const [route, setRoute] = useState(() => parseHash(window.location.hash, fallback));
  useEffect(() => {
    const onChange = () => setRoute(parseHash(window.location.hash, fallback));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, [fallback]);
  const navigate = useCallback((page: ConsolePage, params?: Record<string, string | undefined>) => {
    window.location.hash = hashOf(page, params);
  }, []);
  return [route, navigate];
}
