/**
 * What a gateway's agreement directory costs to keep current (gateway/agreements/agreementDirectory.ts): every
 * poll (5 s) and every NOTIFY it used to read every agreed operation and rebuild its snapshot; now it first reads
 * the store's fingerprint (agreements/agreedOperations.ts) and reloads only when that changed. Both on real
 * PostgreSQL holding `agreements` synthetic agreements, each with the anti-fraud desk's two operations, in alternating
 * rounds of five reads each.
 *
 *   npx tsx bench/agreementReload.ts [agreements=10000] [rounds=5]
 */
import { performance } from 'node:perf_hooks';
import { agreementsFingerprint, loadAgreedOperations } from '../agreements/agreedOperations';
import { openAgreementsDatabase } from '../agreements/agreementsDatabase';
import { buildDirectorySnapshot, type DocumentFactsCache } from '../gateway/agreements/directorySnapshot';
import { dropDatabase } from '../runtime/databases';
import { agreementsDatabaseName } from '../agreements/agreementsDatabase';
import { readOperations } from '../examples/kit/operations';
import { EXAMPLE_APPLICATIONS } from '../examples/catalog';
import { startBenchServer } from './support/benchServer';

const agreements = Number(process.argv[2] ?? 10_000);
const rounds = Number(process.argv[3] ?? 5);
const PREFIX = `gg_bench_reload_${process.pid}`;

async function main(): Promise<void> {
  const server = await startBenchServer();
  const db = await openAgreementsDatabase({ serverUrl: server.serverUrl, prefix: PREFIX, onError: () => undefined });
  try {
    // Documents of the examples' own size: the anti-fraud desk's operations, renamed per agreement.
    const texts = [...readOperations(EXAMPLE_APPLICATIONS.find((example) => example.name === 'anti-fraud')!.operationsFile).values()].map((operation) => operation.text);
    await db.query(`INSERT INTO applications (client_id, name, seed_system, owning_unit) VALUES ('app-bench', 'bench', 'bench', 'bench')`);
    await db.query(
      `WITH made AS (
         SELECT gen_random_uuid() AS request, gen_random_uuid() AS agreement, n FROM generate_series(1, $1::int) AS n
       ), requests AS (
         INSERT INTO sharing_requests (id, client_id, title, justification, purpose, legal_basis, valid_from, valid_to, status, submitted_by)
         SELECT request, 'app-bench', 'bench ' || n, 'bench', 'fraud-investigation', '{}', now() - interval '1 day', now() + interval '1 year', 'APPROVED', 'bench' FROM made
       ), agreed AS (
         INSERT INTO agreements (id, request_id, client_id, purpose, legal_basis, valid_from, valid_to, approvers)
         SELECT agreement, request, 'app-bench', 'fraud-investigation', '{}', now() - interval '1 day', now() + interval '1 year', '{}' FROM made
       )
       INSERT INTO agreement_operations (agreement_id, name, document, document_hash)
       SELECT agreement, 'Operation' || k, replace(doc, 'query ', 'query B' || n || '_'), encode(sha256(convert_to(replace(doc, 'query ', 'query B' || n || '_'), 'UTF8')), 'hex')
         FROM made, unnest($2::text[]) WITH ORDINALITY AS d(doc, k)`,
      [agreements, texts],
    );
    const cache: DocumentFactsCache = new Map();
    const full = async () => buildDirectorySnapshot(await loadAgreedOperations(db), new Date(), cache);
    const bytes = (await loadAgreedOperations(db)).reduce((sum, row) => sum + row.document.length, 0);
    await full(); // the first load parses every document; a reload finds them in the cache
    console.log(`${agreements.toLocaleString('en')} agreements, ${(agreements * texts.length).toLocaleString('en')} operations, ${(bytes / 1e6).toFixed(1)} MB of documents`);
    const ways: Record<string, () => Promise<unknown>> = { 'full reload': full, 'fingerprint only': () => agreementsFingerprint(db) };
    for (let round = 1; round <= rounds; round += 1) {
      for (const [name, way] of Object.entries(ways)) {
        const times: number[] = [];
        for (let index = 0; index < 5; index += 1) {
          const started = performance.now();
          await way();
          times.push(performance.now() - started);
        }
        times.sort((a, b) => a - b);
        console.log(`round ${round}  ${name.padEnd(17)} median ${times[2]!.toFixed(2)} ms  (min ${times[0]!.toFixed(2)}, max ${times[4]!.toFixed(2)})`);
      }
    }
  } finally {
    await db.close();
    await dropDatabase(server.serverUrl, agreementsDatabaseName(PREFIX));
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
