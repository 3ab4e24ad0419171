import { PURPOSE_LIST, type SchemaDescription } from '../../policies';
import { buildPolicyGraph } from '../../gateway/policyGraph';
import { loadSupergraphSdl } from '../../gateway/supergraph';
import { fieldCoverage, fieldsDecidedDifferently, purposeCoverageFindings } from '../../registry/checks/purposeCoverage';
import { apiSchemaOf } from '../../schema/apiSchema';

/**
 * Purpose coverage over the real served graph and the real purposes (pure: no I/O): a change that opens a
 * field it does not name — here Incident.location losing its ADDRESS classification — is found by comparing
 * every field's decisions, and waits for approval without being listed as the version's own field.
 */
const sdl = loadSupergraphSdl();
const served = buildPolicyGraph(apiSchemaOf(sdl), sdl).description;

/** The served description with one field's classification dropped, as a mark lost in composition would. */
function withoutKind(description: SchemaDescription, type: string, field: string): SchemaDescription {
  const types = new Map(description.types);
  const fields = new Map(types.get(type)!);
  const { kind: _kind, ...rest } = fields.get(field)!;
  fields.set(field, rest);
  types.set(type, fields);
  return { types };
}

test('a field whose decision opens without the SDL naming it is found and waits for approval, unlisted', () => {
  const candidate = withoutKind(served, 'Incident', 'location');
  expect(fieldsDecidedDifferently(candidate, served, PURPOSE_LIST)).toEqual(['Incident.location']);
  const coverage = fieldCoverage(['Incident.location'], candidate, served, PURPOSE_LIST);
  const findings = purposeCoverageFindings(coverage, PURPOSE_LIST, new Set());
  expect(findings.map((finding) => [finding.severity, finding.coordinate])).toEqual([['approval', 'Incident.location']]);
  // dispute-resolution masked it (district) and would now show it; fraud-investigation showed it already.
  expect(findings[0]!.message).toMatch(/Incident.location would be shown in clear to .*dispute-resolution/);
  expect(findings[0]!.message).not.toMatch(/fraud-investigation/);
});

test('the served graph against itself: nothing decided differently, nothing to approve', () => {
  expect(fieldsDecidedDifferently(served, served, PURPOSE_LIST)).toEqual([]);
});
