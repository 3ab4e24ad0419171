import { decideField, type Decision, type Purpose, type SchemaDescription } from '../../policies';
import type { Finding } from './report';

/** What one purpose would do with one new or changed field, now and in the served graph. */
export interface FieldCoverage {
  purpose: string;
  coordinate: string;
  decision: Decision;
  /** The served graph's decision; undefined when the served graph has no such field. */
  before: Decision | undefined;
}

function decisionIn(description: SchemaDescription, purpose: Purpose, coordinate: string): Decision | undefined {
  const [type = '', field = ''] = coordinate.split('.');
  const info = description.types.get(type)?.get(field);
  return info ? decideField(purpose, { type, field, ...info }) : undefined;
}

/**
 * Every field of the candidate whose decision under some purpose differs from the served graph's: a change
 * can open fields it does not name (a privacy mark lost in composition), and those must be judged too.
 */
export function fieldsDecidedDifferently(candidate: SchemaDescription, served: SchemaDescription, purposes: readonly Purpose[]): string[] {
  const differ: string[] = [];
  for (const [type, fields] of candidate.types) {
    for (const [field, info] of fields) {
      const before = served.types.get(type)?.get(field);
      if (!before) continue; // new fields are the version's own: changedFields lists them
      const changed = purposes.some((purpose) => {
        const now = decideField(purpose, { type, field, ...info });
        const then = decideField(purpose, { type, field, ...before });
        return now.effect !== then.effect || (now.effect === 'mask' && then.effect === 'mask' && now.strategy !== then.strategy);
      });
      if (changed) differ.push(`${type}.${field}`);
    }
  }
  return differ;
}

/** Each purpose's decision on each field, from the same decision point the gateway enforces (policies/decide.ts). */
export function fieldCoverage(
  coordinates: readonly string[],
  candidate: SchemaDescription,
  served: SchemaDescription | undefined,
  purposes: readonly Purpose[],
): FieldCoverage[] {
  return purposes.flatMap((purpose) =>
    coordinates.flatMap((coordinate) => {
      const decision = decisionIn(candidate, purpose, coordinate);
      if (!decision) return [];
      return [{ purpose: purpose.name, coordinate, decision, before: served ? decisionIn(served, purpose, coordinate) : undefined }];
    }),
  );
}

/** How much of a field a decision shows: refused, masked, in clear. */
const OPENNESS: Readonly<Record<Decision['effect'], number>> = { deny: 0, mask: 1, allow: 2 };

/**
 * Purpose coverage, as `npm run policy:explain` shows it, for the fields a version adds or changes: per
 * purpose an `info` finding of what it would see, mask and be refused. An `approval` finding — the version
 * waits for a privacy officer — per field that some purpose would now see in clear and did not before,
 * and per existing field a purpose would now see masked where it was refused (a reclassification that
 * weakens what protected it).
 */
export function purposeCoverageFindings(
  coverage: readonly FieldCoverage[],
  purposes: readonly Purpose[],
  /** The coordinates the per-purpose lines list (the version's own new and changed fields); every entry counts for approval. */
  listed: ReadonlySet<string> = new Set(coverage.map((entry) => entry.coordinate)),
): Finding[] {
  const findings: Finding[] = [];
  for (const purpose of purposes) {
    const entries = coverage.filter((entry) => entry.purpose === purpose.name && listed.has(entry.coordinate));
    if (entries.length === 0) continue;
    const sees = entries.filter((entry) => entry.decision.effect === 'allow').map((entry) => entry.coordinate);
    const masks = entries.flatMap((entry) => (entry.decision.effect === 'mask' ? [`${entry.coordinate} (${entry.decision.strategy})`] : []));
    const refused = entries.filter((entry) => entry.decision.effect === 'deny').map((entry) => entry.coordinate);
    const list = (items: string[]) => (items.length > 0 ? items.join(', ') : 'nothing');
    findings.push({
      check: 'purpose-coverage',
      severity: 'info',
      message: `${purpose.name} (${purpose.title}) would see ${list(sees)}; mask ${list(masks)}; be refused ${list(refused)}.`,
      fix: null,
      coordinate: null,
    });
  }
  const newlyClear = new Map<string, string[]>();
  const newlyMasked = new Map<string, string[]>();
  const add = (map: Map<string, string[]>, coordinate: string, entry: string) => map.set(coordinate, [...(map.get(coordinate) ?? []), entry]);
  for (const entry of coverage) {
    const before = entry.before ? OPENNESS[entry.before.effect] : undefined;
    if (entry.decision.effect === 'allow' && before !== OPENNESS.allow) add(newlyClear, entry.coordinate, entry.purpose);
    else if (entry.decision.effect === 'mask' && before === OPENNESS.deny) add(newlyMasked, entry.coordinate, `${entry.purpose} (${entry.decision.strategy})`);
  }
  for (const [coordinate, names] of newlyClear) {
    findings.push({
      check: 'purpose-coverage',
      severity: 'approval',
      message: `${coordinate} would be shown in clear to ${names.join(', ')}.`,
      fix: `A privacy officer approves this version (approveSchemaVersion); or classify ${coordinate} @sensitive(kind: "…") so that these purposes mask or refuse it.`,
      coordinate,
    });
  }
  for (const [coordinate, names] of newlyMasked) {
    findings.push({
      check: 'purpose-coverage',
      severity: 'approval',
      message: `${coordinate} would be shown masked to ${names.join(', ')}, which refused it before.`,
      fix: `A privacy officer approves this version (approveSchemaVersion); or keep ${coordinate}'s classification.`,
      coordinate,
    });
  }
  return findings;
}
