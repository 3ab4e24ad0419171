import type { RealmClient, RealmDefinition } from './realm';

/**
 * The redirect URIs and web origins the development identity provider accepts per client: the realm's,
 * plus origins added while it runs. A test (or a system on another port than 4000) serves the pages
 * from an origin the realm file cannot know in advance; Keycloak would be configured for it by an
 * administrator, here `allow(origin)` does it for this process only.
 */

export interface BrowserClients {
  redirectUris(client: RealmClient): readonly string[];
  webOrigins(client: RealmClient): readonly string[];
  /** Whether any client that uses the browser flow lists this origin (CORS preflights name no client). */
  isKnownOrigin(origin: string): boolean;
  /** Admits `${origin}/*` as redirect URIs and `origin` as a web origin of the client. */
  allow(origin: string, clientId: string): void;
}

export function createBrowserClients(realm: RealmDefinition): BrowserClients {
  const added = new Map<string, Set<string>>();

  const origins = (client: RealmClient) => [...client.webOrigins, ...(added.get(client.clientId) ?? [])];
  return {
    redirectUris: (client) => [...client.redirectUris, ...[...(added.get(client.clientId) ?? [])].map((origin) => `${origin}/*`)],
    webOrigins: origins,
    isKnownOrigin: (origin) => realm.clients.some((client) => client.standardFlow && origins(client).includes(origin)),
    allow: (origin, clientId) => {
      const client = realm.clients.find((candidate) => candidate.clientId === clientId);
      if (!client?.standardFlow) throw new Error(`Client ${clientId} does not use the browser flow`);
      const parsed = new URL(origin);
      if (parsed.origin !== origin) throw new Error(`Not an origin (scheme://host:port, no path): ${origin}`);
      const set = added.get(clientId) ?? new Set<string>();
      set.add(origin);
      added.set(clientId, set);
    },
  };
}
