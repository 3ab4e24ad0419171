import type { Identity } from '../../gateway/identity';
import { RegistryError } from '../registryErrors';

export const SCHEMA_PUBLISHER_ROLE = 'schema-publisher';
export const PRIVACY_OFFICER_ROLE = 'privacy-officer';
export const DATA_STEWARD_ROLE = 'data-steward';

/** Who may read the registry: publishers, privacy officers and data stewards. Pure. */
export function assertMayRead(identity: Identity): void {
  if ([SCHEMA_PUBLISHER_ROLE, PRIVACY_OFFICER_ROLE, DATA_STEWARD_ROLE].some((role) => identity.roles.includes(role))) return;
  throw new RegistryError('FORBIDDEN', `the registry is read by publishers (${SCHEMA_PUBLISHER_ROLE}), privacy officers and data stewards`);
}

/**
 * An agency checks and publishes its own subgraph only: role `schema-publisher` and an `agency` claim
 * equal to the subgraph's name (its publisher client, e.g. police-publisher, carries both). Pure.
 */
export function assertMayPublish(identity: Identity, subgraph: string): void {
  if (!identity.roles.includes(SCHEMA_PUBLISHER_ROLE)) {
    throw new RegistryError('FORBIDDEN', `publishing needs the ${SCHEMA_PUBLISHER_ROLE} role: use your agency's publisher client (<subgraph>-publisher)`);
  }
  if (identity.agency !== subgraph) {
    throw new RegistryError('FORBIDDEN', `an agency publishes only its own subgraph: this credential is ${identity.agency ? `${identity.agency}'s` : 'no agency\'s'}, not ${subgraph}'s`);
  }
}

/**
 * A check stores nothing and serves nothing: besides the subgraph's own publisher, its agency's data steward
 * (agency claim = the subgraph) and privacy officers may ask what a proposed change would do. Pure.
 */
export function assertMayCheck(identity: Identity, subgraph: string): void {
  if (identity.roles.includes(PRIVACY_OFFICER_ROLE)) return;
  if (identity.roles.includes(DATA_STEWARD_ROLE) && identity.agency === subgraph) return;
  if (identity.roles.includes(SCHEMA_PUBLISHER_ROLE)) {
    assertMayPublish(identity, subgraph);
    return;
  }
  throw new RegistryError(
    'FORBIDDEN',
    `a proposed change is checked by the subgraph's own publisher or data steward, or a privacy officer: this credential is ${identity.agency ? `${identity.agency}'s` : "no agency's"}, not ${subgraph}'s`,
  );
}

/** Approvals, rejections and rollbacks are the privacy officer's. Pure. */
export function assertPrivacyOfficer(identity: Identity): void {
  if (!identity.roles.includes(PRIVACY_OFFICER_ROLE)) throw new RegistryError('FORBIDDEN', `only a privacy officer (${PRIVACY_OFFICER_ROLE}) decides schema versions and rolls back`);
}
