import { migrate, openDatabase, startSubgraph, type Database, type JSONWebKeySet, type RunningSubgraph } from '@govgraph/subgraph-kit';
import { mediation } from './index';
import { seedMediation } from './seed';

export interface MediationAgencyOptions {
  /** The agency's own database (it must exist; the agency creates its tables). */
  databaseUrl: string;
  port: number;
  host?: string;
  /** The gateway's access-context public keys (fetchGatewayAccessContextKeys, or ACCESS_CONTEXT_PUBLIC_KEYS). */
  accessContextKeys: JSONWebKeySet;
  log?: (line: string) => void;
}

export interface RunningMediationAgency {
  subgraph: RunningSubgraph;
  db: Database;
  close(): Promise<void>;
}

/** The agency's start-up, as its own operators run it: migrate, seed the demo cases, serve. */
export async function startMediationAgency(options: MediationAgencyOptions): Promise<RunningMediationAgency> {
  const log = options.log ?? (() => undefined);
  const db = openDatabase({ connectionString: options.databaseUrl, name: 'mediation', onError: (error) => log(`database connection lost: ${error.message}`) });
  try {
    const applied = await migrate(db, mediation.migrationsDirectory);
    if (applied.length > 0) log(`migrated: ${applied.join(', ')}`);
    const seeded = await seedMediation(db);
    if (seeded > 0) log(`seeded ${seeded} people's mediation cases of the demo cast`);
    const subgraph = await startSubgraph(mediation, { db, port: options.port, host: options.host ?? '127.0.0.1', accessContextKeys: options.accessContextKeys });
    return {
      subgraph,
      db,
      close: async () => {
        await subgraph.close();
        await db.close();
      },
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}
