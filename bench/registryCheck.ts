/**
 * What a schema check costs, and how much of it is the audit log: a registry seeded with the checked-in
 * supergraph, an audit database holding `records` operations over the last day drawn from `documents`
 * distinct documents (each a different selection of the graph), then `check` of two police versions — a
 * deprecation (passes) and the removal of Person.phone (breaks the documents that select it) — timed as a
 * whole and by step: reading the recorded operations (one grouped query over the window) and validating
 * them against both schemas. Prints figures; asserts nothing.
 *
 *   DATABASE_URL=postgres://… npx tsx bench/registryCheck.ts [records=100000] [documents=1000] [rounds=5]
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { auditDatabaseName, openAuditDatabase } from '../audit/database';
import { analyseOperations } from '../registry/checks/operationUsage';
import { loadRecordedOperations } from '../registry/checks/recordedOperations';
import { createRegistry } from '../registry/registry';
import { openRegistryDatabase, registryDatabaseName } from '../registry/registryDatabase';
import { servedSupergraphRecord } from '../registry/registryStore';
import { seedRegistry } from '../registry/seedRegistry';
import { dropDatabase } from '../runtime/databases';
import { apiSchemaOf } from '../schema/apiSchema';

const records = Number(process.argv[2] ?? 100_000);
const documents = Number(process.argv[3] ?? 1_000);
const rounds = Number(process.argv[4] ?? 5);
const server = process.env.DATABASE_URL;
if (!server) {
  console.error('DATABASE_URL must name a PostgreSQL server');
  process.exit(2);
}
const prefix = `gg_bench_registry_${process.pid}`;

/** `documents` distinct operations: each selects a different subset of a person's fields and relations. */
function documentTexts(): string[] {
  const leaves = ['name', 'phone', 'district', 'gender', 'birthDate', 'currentAddress', 'registeredAddress', 'ethnicity'];
  const relations = ['incidents { id category reportedAt }', 'cases { caseNumber status }', 'petitions { id category status }', 'accounts { accountNumber status }'];
  return Array.from({ length: documents }, (_, index) => {
    const fields = [...leaves, ...relations].filter((_, bit) => (index + 1) & (1 << bit % 12)).join(' ') || 'name';
    return `query Op${index}($id: ID!) { person(idNumber: $id) { idNumber ${fields} } }`;
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const ms = (value: number) => `${value.toFixed(0)} ms`;

async function main(): Promise<void> {
  const registryDb = await openRegistryDatabase({ serverUrl: server, prefix, onError: () => undefined });
  const auditDb = await openAuditDatabase({ serverUrl: server, prefix, onError: () => undefined });
  try {
    await seedRegistry(registryDb);
    const started = performance.now();
    // Written straight into the table (the writer's chain is beside the point here): the shape the view reads.
    await auditDb.query(
      `INSERT INTO audit_events (chain_id, seq, id, record, prev_hash, hash)
       SELECT 'bench', g, gen_random_uuid(),
              jsonb_build_object(
                'time', to_char((now() - (g % 86400) * interval '1 second') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                'outcome', 'allowed',
                'purpose', (ARRAY['fraud-investigation', 'dispute-resolution', 'litigation-source-governance'])[1 + g % 3],
                'client', (ARRAY['app-anti-fraud', 'app-dispute-cockpit', 'govgraph-cli'])[1 + g % 3],
                'user', jsonb_build_object('subject', 'bench', 'username', 'bench', 'roles', '[]'::jsonb),
                'operation', jsonb_build_object('name', 'Op' || (g % $2), 'type', 'query',
                  'documentHash', md5('a' || (g % $2)) || md5('b' || (g % $2)), 'document', ($1::text[])[1 + g % $2])),
              repeat('0', 64), repeat('0', 64)
         FROM generate_series(1, $3::int) AS g`,
      [documentTexts(), documents, records],
    );
    console.log(`${records.toLocaleString('en')} audit records of ${documents.toLocaleString('en')} documents written in ${ms(performance.now() - started)}`);

    const served = (await servedSupergraphRecord(registryDb))!;
    const servedApi = apiSchemaOf(served.supergraphSdl);
    const registry = createRegistry({ db: registryDb, auditReader: auditDb });
    const police = readFileSync(path.join(__dirname, '..', 'subgraphs', 'police', 'schema.graphql'), 'utf8');
    const deprecation = police.replace('  ethnicity: String!\n', '  ethnicity: String! @deprecated(reason: "bench")\n');
    const removal = police.replace('  phone: String! @sensitive(kind: "PHONE")\n', '');
    const timings = { read: [] as number[], analyse: [] as number[], pass: [] as number[], breaking: [] as number[] };
    let broken = 0;
    for (let round = 0; round < rounds; round += 1) {
      let at = performance.now();
      const { operations } = await loadRecordedOperations(auditDb, new Date(Date.now() - 30 * 86_400_000));
      timings.read.push(performance.now() - at);
      at = performance.now();
      analyseOperations(operations, servedApi, servedApi);
      timings.analyse.push(performance.now() - at);
      at = performance.now();
      const passes = await registry.check('police', deprecation, undefined);
      timings.pass.push(performance.now() - at);
      if (passes.blocking) throw new Error('the deprecation should pass');
      at = performance.now();
      const breaks = await registry.check('police', removal, undefined);
      timings.breaking.push(performance.now() - at);
      broken = breaks.findings.find((finding) => finding.coordinate === 'Person.phone')?.operations?.length ?? 0;
    }
    console.log(`medians of ${rounds} rounds:`);
    console.log(`  read the recorded operations (grouped over the window): ${ms(median(timings.read))}`);
    console.log(`  validate ${documents} documents against a schema twice, collect what they use: ${ms(median(timings.analyse))}`);
    console.log(`  check a deprecation (passes), end to end: ${ms(median(timings.pass))}`);
    console.log(`  check the removal of Person.phone (blocks, naming ${broken} operations), end to end: ${ms(median(timings.breaking))}`);
  } finally {
    await Promise.all([registryDb.close(), auditDb.close()]);
    await Promise.all([dropDatabase(server!, registryDatabaseName(prefix)), dropDatabase(server!, auditDatabaseName(prefix))]);
  }
}

main().catch((error: unknown) => {
  console.error(`bench failed: ${(error as Error).message}`);
  process.exit(1);
});
