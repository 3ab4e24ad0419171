/**
 * What the subgraphs' field shield costs: the police subgraph's own schema and resolvers, executed over
 * in-memory rows (no database, no HTTP) with and without the shield's per-operation check — the walk of the
 * operation's selected fields and the lookup of the purpose's denials that fieldShield.ts makes before
 * execution — so the difference is the shield's. In production mode, as the subgraphs run.
 * The operation is what the gateway sends most: `_entities` with 1,000 Person representations, seven fields each.
 *
 *   npx tsx bench/shieldOverhead.ts [representations=1000] [iterations per round=10] [rounds=30]
 */
import '../subgraphs/kit/productionMode';
import { performance } from 'node:perf_hooks';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import DataLoader from 'dataloader';
import { execute, getOperationAST, parse, type OperationDefinitionNode } from 'graphql';
import type { AccessContext } from '@govgraph/access-context';
import { PURPOSE_LIST, rowScopeFor } from '../policies';
import { fieldShieldTable } from '../subgraphs/kit/deniedFields';
import { operationRefusals } from '../subgraphs/kit/fieldShield';
import { subgraphFields } from '../subgraphs/kit/subgraphFields';
import { police } from '../subgraphs/police';
import type { PersonRow } from '../subgraphs/police/loaders';

const representations = Number(process.argv[2] ?? 1000);
const iterations = Number(process.argv[3] ?? 10);
const rounds = Number(process.argv[4] ?? 30);

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

const operation = getOperationAST(document) as OperationDefinitionNode;
const schema = buildSubgraphSchema({ typeDefs: police.typeDefs, resolvers: police.resolvers as GraphQLResolverMap<unknown> });
const table = fieldShieldTable(subgraphFields(schema, police.typeDefs), PURPOSE_LIST);

async function run(checked: boolean): Promise<void> {
  // What the plugin does in didResolveOperation, once per operation.
  if (checked && operationRefusals(table, access.purpose, schema, document, operation).length > 0) {
    throw new Error('the shield refused the benchmark operation');
  }
  const result = await execute({ schema, document, variableValues, contextValue: contextValue() });
  if (result.errors?.length || (result.data?._entities as unknown[]).length !== representations) {
    throw new Error(`unexpected result: ${JSON.stringify(result.errors ?? result.data).slice(0, 300)}`);
  }
}

async function timed(checked: boolean, count: number): Promise<number> {
  const started = performance.now();
  for (let index = 0; index < count; index += 1) await run(checked);
  return performance.now() - started;
}

async function main(): Promise<void> {
  // Warm-up: let V8 optimise both paths before anything is measured.
  await timed(false, 30);
  await timed(true, 30);

  // Alternate rounds so drift (GC, CPU frequency) falls on both alike.
  let plainMs = 0;
  let shieldedMs = 0;
  for (let round = 0; round < rounds; round += 1) {
    plainMs += await timed(false, iterations);
    shieldedMs += await timed(true, iterations);
  }
  const operations = iterations * rounds;
  const plainOps = (operations / plainMs) * 1000;
  const shieldedOps = (operations / shieldedMs) * 1000;
  // The check alone, many times: the round difference above is within the machine's noise.
  const checks = 20_000;
  const checkStarted = performance.now();
  for (let index = 0; index < checks; index += 1) operationRefusals(table, access.purpose, schema, document, operation);
  const checkMicros = ((performance.now() - checkStarted) / checks) * 1000;

  console.log(
    `_entities, ${representations} Person representations × 7 fields, ${operations} operations each ` +
      `(node ${process.version}, NODE_ENV=${process.env.NODE_ENV})`,
  );
  console.log(`  no check        ${plainOps.toFixed(1).padStart(8)} ops/s   ${(plainMs / operations).toFixed(2)} ms/op`);
  console.log(`  field shield    ${shieldedOps.toFixed(1).padStart(8)} ops/s   ${(shieldedMs / operations).toFixed(2)} ms/op`);
  console.log(`  ratio (shield / no check)  ${(shieldedOps / plainOps).toFixed(3)}`);
  console.log(`  the check alone  ${checkMicros.toFixed(1)} µs per operation (${((checkMicros / 1000 / (plainMs / operations)) * 100).toFixed(2)} % of one execution)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
