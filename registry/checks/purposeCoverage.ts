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

const shownInClear = (decision: Decision | undefined) => decision?.effect === 'allow';

/**
 * Purpose coverage, as `npm run policy:explain` shows it, for the fields a version adds or changes: per
 * purpose an `info` finding of what it would see, mask and be refused; per field that some purpose would
 * now see in clear (and did not before), an `approval` finding — the version waits for a privacy officer.
 */
export function purposeCoverageFindings(coverage: readonly FieldCoverage[], purposes: readonly Purpose[]): Finding[] {
  const findings: Finding[] = [];
  for (const purpose of purposes) {
    const entries = coverage.filter((entry) => entry.purpose === purpose.name);
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
  for (const entry of coverage) {
    if (!shownInClear(entry.decision) || shownInClear(entry.before)) continue;
    newlyClear.set(entry.coordinate, [...(newlyClear.get(entry.coordinate) ?? []), entry.purpose]);
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
  return findings;
}
