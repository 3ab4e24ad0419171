/**
 * What the subgraphs' graphql-shield costs: the police subgraph's own schema and resolvers, executed with and
 * without the field shield over in-memory rows (no database, no HTTP), so the difference is the shield's.
 * The operation is what the gateway sends most: `_entities` with 1,000 Person representations, seven fields each.
 *
 *   npx tsx bench/shieldOverhead.ts [representations=1000] [iterations per round=40] [rounds=5]
 */
import { performance } from 'node:perf_hooks';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import DataLoader from 'dataloader';
import { execute, parse, type GraphQLSchema } from 'graphql';
import type { AccessContext } from '../identity/accessContext';
import { PURPOSE_LIST, rowScopeFor } from '../policies';
import { applyFieldShield } from '../subgraphs/kit/fieldShield';
import { police } from '../subgraphs/police';
import type { PersonRow } from '../subgraphs/police/loaders';

const representations = Number(process.argv[2] ?? 1000);
const iterations = Number(process.argv[3] ?? 40);
const rounds = Number(process.argv[4] ?? 5);

const idNumbers = Array.from({ length: representations }, (_, index) => `3301101990${String(index).padStart(7, '0')}X`);
const rows = new Map<string, PersonRow & { key: string }>(
  idNumbers.map((idNumber, index) => [
    idNumber,
    {
      key: idNumber,
      idNumber,
      name: `测试${index}`,
      gender: index % 2 === 0 ? '男' : '女',
      birthDate: '1990-01-01',
      ethnicity: '汉族',
      registeredAddress: '杭州市西湖区文三路100号',
      currentAddress: '杭州市西湖区西溪路520号',
      phone: '13800138000',
      district: '330110',
    },
  ]),
);

const access: AccessContext = Object.freeze({
  user: 'bench',
  username: 'investigator.li',
  roles: Object.freeze(['police-investigator']),
  purpose: 'fraud-investigation',
  caseRef: 'ZP-2025-0001',
  requestId: 'bench',
});

/** A request's context as the kit builds it, the loader answering from memory (batched as the real one is). */
function contextValue() {
  return {
    loaders: { personById: new DataLoader(async (keys: readonly string[]) => keys.map((key) => rows.get(key) ?? null)) },
    access,
    rowScope: rowScopeFor(access),
    requestId: access.requestId,
  };
}

const document = parse(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Person {
  idNumber name gender birthDate phone district __typename } } }`);
const variableValues = { r: idNumbers.map((idNumber) => ({ __typename: 'Person', idNumber })) };

const plain = buildSubgraphSchema({ typeDefs: police.typeDefs, resolvers: police.resolvers as GraphQLResolverMap<unknown> });
const shielded = applyFieldShield(plain, police.typeDefs, PURPOSE_LIST);

async function run(schema: GraphQLSchema): Promise<void> {
  const result = await execute({ schema, document, variableValues, contextValue: contextValue() });
  if (result.errors?.length || (result.data?._entities as unknown[]).length !== representations) {
    throw new Error(`unexpected result: ${JSON.stringify(result.errors ?? result.data).slice(0, 300)}`);
  }
}

async function timed(schema: GraphQLSchema, count: number): Promise<number> {
  const started = performance.now();
  for (let index = 0; index < count; index += 1) await run(schema);
  return performance.now() - started;
}

async function main(): Promise<void> {
  // Warm-up: let V8 optimise both paths before anything is measured.
  await timed(plain, 30);
  await timed(shielded, 30);

  // Alternate rounds so drift (GC, CPU frequency) falls on both alike.
  let plainMs = 0;
  let shieldedMs = 0;
  for (let round = 0; round < rounds; round += 1) {
    plainMs += await timed(plain, iterations);
    shieldedMs += await timed(shielded, iterations);
  }
  const operations = iterations * rounds;
  const plainOps = (operations / plainMs) * 1000;
  const shieldedOps = (operations / shieldedMs) * 1000;
  const fieldsPerOperation = representations * 6; // __typename is answered by graphql-js, never by middleware
  const extraMicrosPerField = ((shieldedMs - plainMs) / operations / fieldsPerOperation) * 1000;

  console.log(`_entities, ${representations} Person representations × 7 fields, ${operations} operations each (node ${process.version})`);
  console.log(`  without shield  ${plainOps.toFixed(1).padStart(8)} ops/s   ${(plainMs / operations).toFixed(2)} ms/op`);
  console.log(`  with shield     ${shieldedOps.toFixed(1).padStart(8)} ops/s   ${(shieldedMs / operations).toFixed(2)} ms/op`);
  console.log(`  ratio (with / without)  ${(shieldedOps / plainOps).toFixed(3)}   ≈ ${extraMicrosPerField.toFixed(2)} µs per shielded field`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
