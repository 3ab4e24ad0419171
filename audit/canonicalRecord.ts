import { canonicalMember } from './canonicalJson';
import type { AuditRecordInput } from './record';

/**
 * A record input in canonical form, canonicalised once, at append: the writer then places it at its seq
 * by splicing `chainId` and `seq` in among the members, instead of canonicalising the whole record again
 * inside the batch (profiled: canonicalising was most of the writer's CPU per record). The parts are
 * immutable strings, so they are also the writer's private copy of what was appended.
 *
 * `placedCanonicalJson(canonicalRecordInput(input), chainId, seq)` equals
 * `canonicalJson(placeRecord(input, chainId, seq))` character for character (test/audit/canonicalRecord.test.ts).
 */
export interface CanonicalRecordInput {
  readonly id: string;
  /** Canonical members whose keys sort before "chainId", comma-joined: `"breakGlass":…,"caseRef":…`. */
  readonly beforeChainId: string;
  /** …between "chainId" and "seq". */
  readonly beforeSeq: string;
  /** …after "seq". */
  readonly afterSeq: string;
}

/**
 * Throws CanonicalJsonError, with the same message canonicalJson(input) would give: each member is
 * canonicalised as a member of the whole record (canonicalMember), so paths (`$.variables.amount`) and nesting depth are as in
 * the whole record, and members are visited in the same (sorted) order.
 */
export function canonicalRecordInput(input: AuditRecordInput): CanonicalRecordInput {
  const members = input as unknown as Record<string, unknown>;
  const before: string[] = [];
  const middle: string[] = [];
  const after: string[] = [];
  // Default sort: UTF-16 code units, as canonicalJson sorts. chainId and seq are not input keys (the schema is strict).
  for (const key of Object.keys(members).sort()) {
    const value = members[key];
    if (value === undefined) continue;
    const member = canonicalMember(key, value);
    (key < 'chainId' ? before : key < 'seq' ? middle : after).push(member);
  }
  return { id: input.id, beforeChainId: before.join(','), beforeSeq: middle.join(','), afterSeq: after.join(',') };
}

/** The canonical text of the record placed at `seq` of chain `chainId` (what its hash covers and the row stores). */
export function placedCanonicalJson(record: CanonicalRecordInput, chainId: string, seq: number): string {
  let text = '{';
  if (record.beforeChainId) text += `${record.beforeChainId},`;
  text += `"chainId":${JSON.stringify(chainId)},`;
  if (record.beforeSeq) text += `${record.beforeSeq},`;
  text += `"seq":${seq}`;
  if (record.afterSeq) text += `,${record.afterSeq}`;
  return `${text}}`;
}
