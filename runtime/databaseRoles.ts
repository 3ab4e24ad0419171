import { auditDatabaseName } from '../audit/database';
import { auditWitnessDatabaseName } from '../audit/witnessDatabase';
import { budgetDatabaseName } from '../gateway/budgets/budgetDatabase';
import { registryDatabaseName } from '../registry/registryDatabase';
import { AGENCIES, agencyDatabaseName, type Agency } from '../subgraphs/agencies';

/**
 * Who may connect to which database, as data (provisionRoles.ts applies it). Every service gets its
 * own LOGIN role that owns nothing and may connect to its own database only; the tables' owner is the
 * role `npm run migrate` runs as, which no service uses.
 *
 * - `<prefix>_<agency>`: SELECT on its agency's tables — the resolvers only read.
 * - `<prefix>_gateway`: the audit log as a member of govgraph_audit_writer (INSERT, and the chain head's
 *   position and hash; audit/migrations) and of govgraph_operations_reader (the registry's view of which
 *   operation documents ran, without users, subjects or values; audit/migrations/004) and the witness as a member of govgraph_audit_witness_writer
 *   (INSERT, and the latest seq it holds; audit/witnessMigrations), and the extraction budgets as a member of
 *   govgraph_budget_keeper (SELECT, INSERT, DELETE: it counts and prunes; gateway/budgets/migrations), and the
 *   schema registry as a member of govgraph_registry_keeper (SELECT, INSERT, and a version's decision: it serves
 *   /registry/graphql; registry/migrations). No agency database.
 * - `<prefix>_audit_reader`: the audit review subgraph as a member of govgraph_audit_reader: SELECT on the
 *   log, and INSERT on `audit_reviews` (and its id sequence) only — a privacy officer's review is appended
 *   beside the record it reviews, never a change to it (audit/migrations/003_reviews.sql grants exactly that).
 */

/** The databases a provisioning run can cover: the five agencies, the audit log, its witness, the budgets and the registry. */
export const PROVISIONED_DATABASES = [...AGENCIES, 'audit', 'witness', 'budgets', 'registry'] as const;
export type ProvisionedDatabase = (typeof PROVISIONED_DATABASES)[number];

export interface DatabaseGrant {
  /** Role that gets the grant. */
  role: string;
  /** The environment variable holding its password. */
  passwordVariable: string;
  /** SELECT on every table of the public schema but schema_migrations. */
  readTables?: true;
  /** Group roles (created by the database's migrations) it becomes a member of. */
  groups?: readonly string[];
}

export interface DatabaseRolePlan {
  database: ProvisionedDatabase;
  /** The database's name on its server (when its URL is composed from DATABASE_URL). */
  databaseName: string;
  grants: readonly DatabaseGrant[];
}

/** The audit log's and the witness's group roles (see their migrations); server-wide, shared by every prefix. */
export const AUDIT_WRITER_GROUP = 'govgraph_audit_writer';
export const AUDIT_READER_GROUP = 'govgraph_audit_reader';
export const WITNESS_WRITER_GROUP = 'govgraph_audit_witness_writer';
export const BUDGET_KEEPER_GROUP = 'govgraph_budget_keeper';
export const REGISTRY_KEEPER_GROUP = 'govgraph_registry_keeper';
/** May read the audit log's `recorded_operations` view only (audit/migrations/004): the registry's operation checks. */
export const OPERATIONS_READER_GROUP = 'govgraph_operations_reader';

export function agencyRoleName(agency: Agency, prefix: string): string {
  return `${prefix}_${agency}`;
}
export function gatewayRoleName(prefix: string): string {
  return `${prefix}_gateway`;
}
export function auditReaderRoleName(prefix: string): string {
  return `${prefix}_audit_reader`;
}

/** POLICE_DB_PASSWORD, …, GATEWAY_DB_PASSWORD, AUDIT_READER_DB_PASSWORD. */
export const GATEWAY_PASSWORD_VARIABLE = 'GATEWAY_DB_PASSWORD';
export const AUDIT_READER_PASSWORD_VARIABLE = 'AUDIT_READER_DB_PASSWORD';
export function agencyPasswordVariable(agency: Agency): string {
  return `${agency.toUpperCase()}_DB_PASSWORD`;
}
export const ROLE_PASSWORD_VARIABLES: readonly string[] = [
  ...AGENCIES.map(agencyPasswordVariable),
  GATEWAY_PASSWORD_VARIABLE,
  AUDIT_READER_PASSWORD_VARIABLE,
];

/** What to grant on one database. */
export function databaseRolePlan(database: ProvisionedDatabase, prefix: string): DatabaseRolePlan {
  const gateway = { role: gatewayRoleName(prefix), passwordVariable: GATEWAY_PASSWORD_VARIABLE };
  switch (database) {
    case 'audit':
      return {
        database,
        databaseName: auditDatabaseName(prefix),
        grants: [
          // The gateway also serves /registry/graphql, whose operation checks read the recorded_operations view.
          { ...gateway, groups: [AUDIT_WRITER_GROUP, OPERATIONS_READER_GROUP] },
          { role: auditReaderRoleName(prefix), passwordVariable: AUDIT_READER_PASSWORD_VARIABLE, groups: [AUDIT_READER_GROUP] },
        ],
      };
    case 'witness':
      return { database, databaseName: auditWitnessDatabaseName(prefix), grants: [{ ...gateway, groups: [WITNESS_WRITER_GROUP] }] };
    case 'budgets':
      return { database, databaseName: budgetDatabaseName(prefix), grants: [{ ...gateway, groups: [BUDGET_KEEPER_GROUP] }] };
    case 'registry':
      return { database, databaseName: registryDatabaseName(prefix), grants: [{ ...gateway, groups: [REGISTRY_KEEPER_GROUP] }] };
    default:
      return {
        database,
        databaseName: agencyDatabaseName(database, prefix),
        grants: [{ role: agencyRoleName(database, prefix), passwordVariable: agencyPasswordVariable(database), readTables: true }],
      };
  }
}
