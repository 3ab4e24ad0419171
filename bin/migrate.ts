/**
 * npm run migrate [-- <name> …] — applies pending migrations to the agencies' databases and the audit
 * database (all six by default) on DATABASE_URL, each <AGENCY>_DATABASE_URL and AUDIT_DATABASE_URL, then
 * exits. Run it as the tables' owner: the gateway's audit role may only insert and read.
 */
import { openAuditDatabase } from '../audit/database';
import { openAgencyDatabase } from '../runtime/agencyDatabase';
import { ConfigError, loadConfig } from '../runtime/config';
import { isSubgraphName, SUBGRAPHS } from '../subgraphs/agencies';

async function main(): Promise<void> {
  const named = process.argv.slice(2);
  const unknown = named.filter((name) => !isSubgraphName(name));
  if (unknown.length > 0) throw new ConfigError(`Unknown database ${unknown.join(', ')}: choose from ${SUBGRAPHS.join(', ')}`);
  const names = named.length > 0 ? named.filter(isSubgraphName) : [...SUBGRAPHS];
  const config = loadConfig();
  for (const name of names) {
    const db =
      name === 'audit'
        ? await openAuditDatabase({
            serverUrl: config.databaseUrl,
            prefix: config.databasePrefix,
            ...(config.audit.databaseUrl ? { explicitUrl: config.audit.databaseUrl } : {}),
          })
        : await openAgencyDatabase(name, {
            serverUrl: config.databaseUrl,
            prefix: config.databasePrefix,
            explicitUrl: config.agencyDatabaseUrls[name],
          });
    await db.close();
    console.log(`[migrate] ${name}: up to date`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : `migration failed: ${(error as Error).message}`);
  process.exit(1);
});
