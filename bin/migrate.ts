/**
 * npm run migrate [-- <agency> …] — applies pending migrations to the agencies' databases
 * (all five by default) on DATABASE_URL or each <AGENCY>_DATABASE_URL, then exits.
 */
import { ConfigError, loadConfig } from '../runtime/config';
import { openAgencyDatabase } from '../runtime/agencyDatabase';
import { AGENCIES, isAgency } from '../subgraphs/agencies';

async function main(): Promise<void> {
  const named = process.argv.slice(2);
  const unknown = named.filter((name) => !isAgency(name));
  if (unknown.length > 0) throw new ConfigError(`Unknown agency ${unknown.join(', ')}: choose from ${AGENCIES.join(', ')}`);
  const agencies = named.length > 0 ? named.filter(isAgency) : [...AGENCIES];
  const config = loadConfig();
  for (const agency of agencies) {
    const db = await openAgencyDatabase(agency, {
      serverUrl: config.databaseUrl,
      prefix: config.databasePrefix,
      explicitUrl: config.agencyDatabaseUrls[agency],
    });
    await db.close();
    console.log(`[migrate] ${agency}: up to date`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : `migration failed: ${(error as Error).message}`);
  process.exit(1);
});
