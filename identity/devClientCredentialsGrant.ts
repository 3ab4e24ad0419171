import { refuseGrant as refuse, type GrantRefusal } from './grantRefusal';
import { grantScope } from './devTokenScopes';
import type { RealmClient, ServiceAccount } from './realm';

/**
 * The token endpoint's decision on `grant_type=client_credentials`, as Keycloak takes it: the client
 * (already authenticated by its secret) has service accounts enabled; the token then names the client's
 * service-account user. Public clients are refused before anything else: they have no secret, so
 * anyone could claim to be them. Pure: no I/O.
 */

export interface ClientCredentialsAcceptance {
  ok: true;
  client: RealmClient;
  account: ServiceAccount;
  openid: boolean;
  scope: string;
}

export type ClientCredentialsDecision = ClientCredentialsAcceptance | GrantRefusal;

export function decideClientCredentialsGrant(form: Record<string, unknown>, client: RealmClient): ClientCredentialsDecision {
  if (client.kind !== 'confidential') return refuse(401, 'unauthorized_client', 'Public client not allowed to retrieve service account');
  if (!client.clientCredentials || !client.serviceAccount) return refuse(401, 'unauthorized_client', 'Client not enabled to retrieve service account');
  const granted = grantScope(form.scope);
  if (!granted.ok) return granted;
  return { ok: true, client, account: client.serviceAccount, openid: granted.openid, scope: granted.scope };
}
