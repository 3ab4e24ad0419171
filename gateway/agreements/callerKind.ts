import { GOVGRAPH_REALM } from '../../identity/realm';

/**
 * The realm's public clients that get tokens for a person (the CLI, the console): their tokens are
 * personal, and may send ad-hoc queries under their purpose. Every other token — a service account, an
 * application client, an official signed in to an application (azp = the application), a client the
 * realm gains later — is an application's, bound to its agreements. Deciding by the short list of
 * personal clients rather than the list of applications fails closed: a new application client with no
 * agreement yet runs nothing, instead of running anything.
 */
export const PERSONAL_CLIENTS: ReadonlySet<string> = new Set(
  GOVGRAPH_REALM.clients.filter((client) => client.kind === 'public' && client.issuesTokens).map((client) => client.clientId),
);

export interface Caller {
  readonly clientId?: string | undefined;
  readonly serviceAccount: boolean;
}

export function isApplicationToken(caller: Caller, personalClients: ReadonlySet<string> = PERSONAL_CLIENTS): boolean {
  return caller.serviceAccount || caller.clientId === undefined || !personalClients.has(caller.clientId);
}
