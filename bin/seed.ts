/**
 * npm run seed -- [--persons N] [--seed S] [--reset]
 *
 * Fills the five agency databases with the demo cast and N random persons (default SEED_PERSONS):
 * on the server in DATABASE_URL, otherwise in the embedded PostgreSQL `npm start` uses. Refuses
 * databases that are already seeded unless --reset empties them first.
 */
import { ConfigError, loadConfig } from '../runtime/config';
import { openAgencyDatabase } from '../runtime/agencyDatabase';
import { startEmbeddedPostgres } from '../runtime/embeddedPostgres';
import { isSeeded, resetDatabases, SeedError, seedDatabases } from '../seed';
import { parseSeedArguments, SEED_USAGE, UsageError } from '../seed/seedArguments';
import { AGENCIES, type Agency } from '../subgraphs/agencies';
import type { Database } from '../subgraphs/kit/database';

const log = (line: string) => console.log(`[seed] ${line}`);

async function main(): Promise<number> {
  const config = loadConfig();
  const args = parseSeedArguments(process.argv.slice(2), config.seedPersons);
  if (args.help) {
    console.log(SEED_USAGE);
    return 0;
  }

  const stack: (() => Promise<void>)[] = [];
  try {
    let serverUrl = config.databaseUrl;
    if (!serverUrl) {
      const { port, directory } = config.embeddedPostgres;
      log(`starting embedded PostgreSQL on port ${port} (${directory})`);
      const embedded = await startEmbeddedPostgres({ ...config.embeddedPostgres, persistent: true });
      stack.push(() => embedded.stop());
      serverUrl = embedded.url;
    }
    const dbs = {} as Record<Agency, Database>;
    for (const agency of AGENCIES) {
      const db = await openAgencyDatabase(agency, {
        serverUrl,
        prefix: config.databasePrefix,
        explicitUrl: config.agencyDatabaseUrls[agency],
      });
      dbs[agency] = db;
      stack.push(() => db.close());
    }

    if (args.reset) {
      await resetDatabases(dbs);
      log(`reset: emptied the seeded tables of ${config.databasePrefix}_*`);
    } else if (await isSeeded(dbs)) {
      console.error(`[seed] ${config.databasePrefix}_* is already seeded; nothing done. Run with --reset to replace the data.`);
      return 1;
    }

    const seedText = args.seed === undefined ? '' : ` (seed ${args.seed})`;
    log(`seeding the demo cast and ${args.persons.toLocaleString('en')} persons${seedText} into ${config.databasePrefix}_*`);
    const report = await seedDatabases(dbs, { persons: args.persons, seed: args.seed, onProgress: log });
    printCounts(report.counts);
    log(`seeded in ${(report.milliseconds / 1000).toFixed(1)} s`);
    return 0;
  } finally {
    while (stack.length > 0) await stack.pop()!().catch((error: Error) => log(`stop: ${error.message}`));
  }
}

function printCounts(counts: Record<string, number>): void {
  const width = Math.max(...Object.keys(counts).map((name) => name.length));
  let total = 0;
  for (const [name, count] of Object.entries(counts)) {
    total += count;
    console.log(`  ${name.padEnd(width)}  ${count.toLocaleString('en').padStart(11)}`);
  }
  console.log(`  ${'total rows'.padEnd(width)}  ${total.toLocaleString('en').padStart(11)}`);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const known = error instanceof ConfigError || error instanceof UsageError || error instanceof SeedError;
    console.error(known ? `[seed] ${(error as Error).message}` : `[seed] failed: ${(error as Error).message}`);
    process.exit(known && error instanceof UsageError ? 2 : 1);
  },
);
