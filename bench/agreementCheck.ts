/**
 * What step 3 (gateway/agreements) costs per request, in process, no I/O: the agreement check for an
 * application sending an agreed operation by documentId, the same sent as its text (one SHA-256 of the
 * document per request), and a personal token (no check). The directory holds the five examples'
 * agreements plus `extra` synthetic ones, to show the lookup does not grow with them.
 *
 *   npx tsx bench/agreementCheck.ts [iterations=200000] [extra=10000]
 */
import { performance } from 'node:perf_hooks';
import { EXAMPLE_APPLICATIONS } from '../examples/catalog';
import { readOperations } from '../examples/kit/operations';
import { agreementStep, type AgreementStepInput } from '../gateway/agreements/agreementStep';
import type { AgreedOperationRow } from '../gateway/agreements/agreedOperation';
import { buildDirectorySnapshot, sha256Hex, type DocumentFactsCache } from '../gateway/agreements/directorySnapshot';

const iterations = Number(process.argv[2] ?? 200_000);
const extra = Number(process.argv[3] ?? 10_000);
const now = new Date();
const year = 365 * 86_400_000;

const rows: AgreedOperationRow[] = [];
for (const example of EXAMPLE_APPLICATIONS) {
  for (const operation of readOperations(example.operationsFile).values()) {
    rows.push({
      agreementId: `seed-${example.name}`, clientId: example.clientId, purpose: example.purpose, legalBasis: [],
      operationName: operation.name, documentHash: operation.documentId.slice(7), document: operation.text,
      validFrom: new Date(now.getTime() - year), validTo: new Date(now.getTime() + year), revokedAt: null,
    });
  }
}
for (let index = 0; index < extra; index += 1) {
  const document = `query Synthetic${index}($id: ID!) { fraudCase(id: $id) { id status } }`;
  rows.push({
    agreementId: `extra-${index}`, clientId: `app-${index % 50}`, purpose: 'fraud-investigation', legalBasis: [],
    operationName: `Synthetic${index}`, documentHash: sha256Hex(document), document,
    validFrom: new Date(now.getTime() - year), validTo: new Date(now.getTime() + year), revokedAt: null,
  });
}
const cache: DocumentFactsCache = new Map();
let started = performance.now();
buildDirectorySnapshot(rows, now, cache);
console.log(`snapshot of ${rows.length.toLocaleString('en')} agreed operations, first load:  ${(performance.now() - started).toFixed(1)} ms (each document hashed and parsed)`);
started = performance.now();
const snapshot = buildDirectorySnapshot(rows, now, cache);
console.log(`the same, reloaded (NOTIFY, poll):          ${(performance.now() - started).toFixed(1)} ms (documents already known)`);

const desk = readOperations(EXAMPLE_APPLICATIONS.find((example) => example.name === 'anti-fraud')!.operationsFile).get('FraudCaseDesk')!;
const base: AgreementStepInput = {
  method: 'POST',
  caller: { clientId: 'app-anti-fraud', serviceAccount: true },
  purpose: 'fraud-investigation',
  query: desk.text,
  operationName: undefined,
  variables: { id: 'DZ-2025-00000001' },
  trusted: undefined,
  breakGlass: false,
  snapshot,
  adHocQueries: 'allow',
  now,
};
const cases: [string, AgreementStepInput][] = [
  ['application, by documentId', { ...base, trusted: { kind: 'resolved', hash: desk.documentId.slice(7) } }],
  [`application, by text (${desk.text.length} characters hashed)`, base],
  ['personal token (ad hoc)', { ...base, caller: { clientId: 'govgraph-cli', serviceAccount: false } }],
];
for (const [name, input] of cases) {
  for (let index = 0; index < 10_000; index += 1) agreementStep(input); // warm-up
  started = performance.now();
  let admitted = 0;
  for (let index = 0; index < iterations; index += 1) if (agreementStep(input).ok) admitted += 1;
  const elapsed = performance.now() - started;
  if (admitted !== iterations) throw new Error(`${name}: ${iterations - admitted} refused`);
  console.log(`${name.padEnd(48)} ${((elapsed * 1e6) / iterations).toFixed(0).padStart(6)} ns per request`);
}
