/**
 * The writer's CPU to canonicalise one record at append (audit/canonicalRecord.ts), against the way it did
 * it before (each member inside a one-member object, `canonicalJson({ [key]: value }).slice(1, -1)`) and
 * against canonicalising the whole record once. CPU time of this process, alternating rounds.
 *
 *   npx tsx bench/auditCanonicalise.ts [records per round=100000] [rounds=3]
 */
import { canonicalJson } from '../audit/canonicalJson';
import { canonicalRecordInput } from '../audit/canonicalRecord';
import type { AuditRecordInput } from '../audit/record';

const count = Number(process.argv[2] ?? 100_000);
const rounds = Number(process.argv[3] ?? 3);

const record = {
  v: 2, id: 'a1b2c3d4-0000-4000-8000-000000000000', time: '2025-06-30T08:00:00.000Z', requestId: 'a1b2c3d4-0000-4000-8000-000000000001',
  user: { subject: 'bench', username: 'mediator.wang', agency: 'petitions', district: '330110', roles: ['mediator'] },
  client: 'govgraph-cli', purpose: 'dispute-resolution', legalBasis: ['《中华人民共和国个人信息保护法》第十三条第一款第三项'], caseRef: 'D-2025-0001',
  operation: { name: null, type: 'query', documentHash: 'x'.repeat(64), document: '{ person(idNumber: "330110197803150018") { name petitions { id } cases { caseNumber } } }' },
  variables: {}, fields: [{ coordinate: 'Person.name', effect: 'mask', strategy: 'surname' }], subgraphs: ['court', 'market', 'petitions', 'police'],
  subjects: [{ type: 'Person', pseudonym: 'p'.repeat(32), display: '330110********0018' }], subjectPseudonyms: ['p'.repeat(32)],
  outcome: 'allowed', errorCodes: [], latencyMs: 12, responseBytes: 900, policyRevision: 'bench', unrecordable: [],
} as unknown as AuditRecordInput;

const members = record as unknown as Record<string, unknown>;
const WAYS: Record<string, () => unknown> = {
  'one-member objects (before)': () => Object.keys(members).sort().map((key) => canonicalJson({ [key]: members[key] }).slice(1, -1)),
  'canonicalRecordInput (now)': () => canonicalRecordInput(record),
  'canonicalJson, whole record': () => canonicalJson(record),
};

const figures = new Map<string, string[]>();
for (let round = 0; round < rounds; round += 1) {
  for (const [way, run] of Object.entries(WAYS)) {
    const before = process.cpuUsage();
    for (let index = 0; index < count; index += 1) run();
    const used = process.cpuUsage(before);
    figures.set(way, [...(figures.get(way) ?? []), ((used.user + used.system) / count).toFixed(2)]);
  }
}
console.log(`µs of CPU per record, ${count} records × ${rounds} rounds (node ${process.version})`);
for (const [way, values] of figures) console.log(`  ${way.padEnd(30)} ${values.join(', ')}`);
