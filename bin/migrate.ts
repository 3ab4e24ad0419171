/**
 * npm run migrate [-- <name> …] [--provision-roles] — applies pending migrations to the agencies'
 * databases, the audit database, the checkpoint witness, the extraction budgets and the schema registry (all
 * nine by default: police, court, petitions, market, bank, audit, witness, budgets, registry) on DATABASE_URL,
 * each <AGENCY>_DATABASE_URL, AUDIT_DATABASE_URL, AUDIT_WITNESS_URL, BUDGET_DATABASE_URL and
 * REGISTRY_DATABASE_URL, then exits (an empty registry is seeded with the checked-in supergraph). Run it as the tables' owner, never as a
 * service's role: services open their databases without migrating.
 *
 * --provision-roles then creates (or updates) each service's LOGIN role with its password from the
 * environment (POLICE_DB_PASSWORD … BANK_DB_PASSWORD, GATEWAY_DB_PASSWORD, AUDIT_READER_DB_PASSWORD)
 * and grants it its own database only (runtime/databaseRoles.ts). Idempotent.
 */
import { auditDatabaseName, openAuditDatabase } from '../audit/database';
import { auditWitnessDatabaseName, openAuditWitnessDatabase } from '../audit/witnessDatabase';
import { budgetDatabaseName, openBudgetDatabase } from '../gateway/budgets/budgetDatabase';
import { registryDatabaseName, openRegistryDatabase } from '../registry/registryDatabase';
import { seedRegistry } from '../registry/seedRegistry';
import { openAgencyDatabase } from '../runtime/agencyDatabase';
import { ConfigError, loadConfig, type Config } from '../runtime/config';
import { databaseUrl } from '../runtime/databases';
import { PROVISIONED_DATABASES, type ProvisionedDatabase } from '../runtime/databaseRoles';
import { provisionDatabaseRoles, requiredPasswords, RoleProvisioningError, type ProvisionTarget } from '../runtime/provisionRoles';
import { agencyDatabaseName } from '../subgraphs/agencies';
import type { Database } from '../subgraphs/kit/database';

const PROVISION = '--provision-roles';

function isDatabase(name: string): name is ProvisionedDatabase {
  return (PROVISIONED_DATABASES as readonly string[]).includes(name);
}

/** Opens (creating and migrating) one database as its owner. */
function openMigrated(name: ProvisionedDatabase, config: Config): Promise<Database> {
  const common = { serverUrl: config.databaseUrl, prefix: config.databasePrefix };
  if (name === 'audit') return openAuditDatabase({ ...common, ...(config.audit.databaseUrl ? { explicitUrl: config.audit.databaseUrl } : {}) });
  if (name === 'witness') return openAuditWitnessDatabase({ ...common, ...(config.audit.witnessUrl ? { explicitUrl: config.audit.witnessUrl } : {}) });
  if (name === 'budgets') return openBudgetDatabase({ ...common, ...(config.budgetDatabaseUrl ? { explicitUrl: config.budgetDatabaseUrl } : {}) });
  if (name === 'registry') return openRegistryDatabase({ ...common, ...(config.registry.databaseUrl ? { explicitUrl: config.registry.databaseUrl } : {}) });
  return openAgencyDatabase(name, { ...common, explicitUrl: config.agencyDatabaseUrls[name] });
}

/** The owner's URL of one database: its explicit URL, or its name on DATABASE_URL. */
function ownerUrl(name: ProvisionedDatabase, config: Config): string {
  const explicit =
    name === 'audit' ? config.audit.databaseUrl : name === 'witness' ? config.audit.witnessUrl : name === 'budgets' ? config.budgetDatabaseUrl : name === 'registry' ? config.registry.databaseUrl : config.agencyDatabaseUrls[name];
  if (explicit) return explicit;
  if (!config.databaseUrl) throw new ConfigError(`No database for ${name}: set DATABASE_URL (a server) or its own URL`);
  const prefix = config.databasePrefix;
  const databaseName =
    name === 'audit'
      ? auditDatabaseName(prefix)
      : name === 'witness'
        ? auditWitnessDatabaseName(prefix)
        : name === 'budgets'
          ? budgetDatabaseName(prefix)
          : name === 'registry'
            ? registryDatabaseName(prefix)
            : agencyDatabaseName(name, prefix);
  return databaseUrl(config.databaseUrl, databaseName);
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const provision = argv.includes(PROVISION);
  const named = argv.filter((argument) => argument !== PROVISION);
  const unknown = named.filter((name) => !isDatabase(name));
  if (unknown.length > 0) throw new ConfigError(`Unknown database ${unknown.join(', ')}: choose from ${PROVISIONED_DATABASES.join(', ')} (and ${PROVISION})`);
  const names = named.length > 0 ? named.filter(isDatabase) : [...PROVISIONED_DATABASES];
  const config = loadConfig();
  // Checked before anything changes: a missing password should not leave half the roles made.
  const targets: ProvisionTarget[] = names.map((database) => ({ database, ownerUrl: ownerUrl(database, config) }));
  const passwords = provision ? requiredPasswords(targets, config.databasePrefix, process.env) : undefined;
  for (const name of names) {
    const db = await openMigrated(name, config);
    if (name === 'registry' && (await seedRegistry(db))) console.log('[migrate] registry: seeded with schema/supergraph.graphql as version 1');
    await db.close();
    console.log(`[migrate] ${name}: up to date`);
  }
  if (passwords) {
    await provisionDatabaseRoles(targets, config.databasePrefix, passwords, (line) => console.log(`[migrate] roles: ${line}`));
    console.log(`[migrate] roles provisioned for ${names.join(', ')}`);
  }
}

main().catch((error: unknown) => {
  const known = error instanceof ConfigError || error instanceof RoleProvisioningError;
  console.error(known ? (error as Error).message : `migration failed: ${(error as Error).message}`);
  process.exit(1);
});
