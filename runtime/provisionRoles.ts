import pg from 'pg';
import { databaseRolePlan, type DatabaseGrant, type ProvisionedDatabase } from './databaseRoles';
import { scramSha256Verifier } from './scramVerifier';

/**
 * Applies databaseRoles.ts: creates each service's LOGIN role (or resets its attributes and password)
 * and grants it exactly its plan, on each database in turn, as the tables' owner. Idempotent: a second
 * run converges to the same grants (privileges granted by hand beyond the plan are revoked on agency
 * tables). Run it after `migrate`, whenever a migration adds tables.
 */

export interface ProvisionTarget {
  database: ProvisionedDatabase;
  /** The database's URL as its owner (or a superuser): roles are created on that database's server. */
  ownerUrl: string;
}

export class RoleProvisioningError extends Error {
  override name = 'RoleProvisioningError';
}

/** Every password variable the targets need, missing ones named in one error. */
export function requiredPasswords(targets: readonly ProvisionTarget[], prefix: string, env: NodeJS.ProcessEnv): Map<string, string> {
  const needed = new Set(targets.flatMap((target) => databaseRolePlan(target.database, prefix).grants.map((grant) => grant.passwordVariable)));
  const missing = [...needed].filter((variable) => !env[variable]);
  if (missing.length > 0) {
    throw new RoleProvisioningError(`provisioning database roles needs ${missing.join(', ')} (\`npm run keys\` prints them)`);
  }
  return new Map([...needed].map((variable) => [variable, env[variable]!]));
}

export async function provisionDatabaseRoles(
  targets: readonly ProvisionTarget[],
  prefix: string,
  passwords: ReadonlyMap<string, string>,
  log: (line: string) => void = () => undefined,
): Promise<void> {
  for (const target of targets) {
    const plan = databaseRolePlan(target.database, prefix);
    const client = new pg.Client({ connectionString: target.ownerUrl });
    client.on('error', () => undefined);
    await client.connect();
    try {
      await client.query('BEGIN');
      const [{ name }] = (await client.query<{ name: string }>('SELECT current_database() AS name')).rows as [{ name: string }];
      const database = client.escapeIdentifier(name);
      // Nobody but the owner and the roles below: PostgreSQL lets PUBLIC connect to (and create temporary
      // tables in) every database, and before version 15 create objects in the public schema.
      await client.query(`REVOKE ALL ON DATABASE ${database} FROM PUBLIC`);
      await client.query('REVOKE CREATE ON SCHEMA public FROM PUBLIC');
      for (const grant of plan.grants) {
        const password = passwords.get(grant.passwordVariable);
        if (!password) throw new RoleProvisioningError(`${grant.passwordVariable} is not set`);
        await ensureLoginRole(client, grant.role, password);
        await applyGrant(client, database, grant);
        log(`${name}: ${grant.role}${grant.readTables ? ' reads its tables' : ''}${grant.groups ? ` in ${grant.groups.join(', ')}` : ''}`);
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      await client.end();
    }
  }
}

/** A role that can log in and do nothing else by itself: no superuser, no CREATEDB/CREATEROLE, no replication, no RLS bypass. */
async function ensureLoginRole(client: pg.Client, role: string, password: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(role)) throw new RoleProvisioningError(`not a safe role name: ${role}`);
  const { rows } = await client.query<{ rolsuper: boolean }>('SELECT rolsuper FROM pg_roles WHERE rolname = $1', [role]);
  // Never demote (or hand a password to) an administrator that happens to carry the name.
  if (rows[0]?.rolsuper) throw new RoleProvisioningError(`role ${role} exists and is a superuser: choose another DATABASE_PREFIX`);
  const attributes = `LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE INHERIT NOREPLICATION NOBYPASSRLS PASSWORD ${client.escapeLiteral(scramSha256Verifier(password))}`;
  const quoted = client.escapeIdentifier(role);
  if (rows.length === 0) {
    await client.query('SAVEPOINT create_role');
    try {
      await client.query(`CREATE ROLE ${quoted} ${attributes}`);
      await client.query('RELEASE SAVEPOINT create_role');
      return;
    } catch (error) {
      // Created meanwhile by a provisioning run on another database of the same server.
      if ((error as { code?: string }).code !== '42710') throw error;
      await client.query('ROLLBACK TO SAVEPOINT create_role');
    }
  }
  await client.query(`ALTER ROLE ${quoted} ${attributes}`);
}

async function applyGrant(client: pg.Client, database: string, grant: DatabaseGrant): Promise<void> {
  const role = client.escapeIdentifier(grant.role);
  await client.query(`GRANT CONNECT ON DATABASE ${database} TO ${role}`);
  await client.query(`GRANT USAGE ON SCHEMA public TO ${role}`);
  if (grant.readTables) {
    await client.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${role}`);
    await client.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${role}`);
    await client.query(`GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${role}`);
    const { rows } = await client.query<{ table: string | null }>(`SELECT to_regclass('schema_migrations')::text AS table`);
    if (rows[0]?.table) await client.query(`REVOKE SELECT ON TABLE schema_migrations FROM ${role}`);
  }
  for (const group of grant.groups ?? []) {
    const { rowCount } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [group]);
    if (!rowCount) {
      throw new RoleProvisioningError(`group role ${group} does not exist: run npm run migrate as a role that may create roles, or create it and re-run`);
    }
    await client.query(`GRANT ${client.escapeIdentifier(group)} TO ${role}`);
  }
}
