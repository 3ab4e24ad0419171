import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'graphql';
import type { AgreedOperation } from '../../agreements/agreedOperations';
import { sha256Hex } from '../../agreements/operationDocuments';
import { agreedAgencyFindings } from '../../registry/checks/agreedAgenciesCheck';
import { composeCandidate } from '../../registry/checks/composition';
import { ownershipFindings } from '../../registry/checks/ownershipCheck';
import { plannedRoutes } from '../../registry/checks/plannedRoutes';
import { normaliseSubgraphSdl } from '../../registry/checks/subgraphSdl';
import { checkedInSubgraphs } from '../../schema/compose';

/**
 * The comparison itself, over real plans (the gateway's planner over the checked-in supergraph and over one a
 * mediation subgraph composes into) — no database: which agreed operation would read an agency that never
 * approved it, named by the field that moved.
 */
const SERVED = readFileSync(path.join(__dirname, '..', '..', 'schema', 'supergraph.graphql'), 'utf8');

/** Dispute.module taken from petitions by a new subgraph, under the namespaced name no import is needed for. */
const TAKEOVER = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@composeDirective"])
type Dispute @key(fields: "id") {
  id: ID! @notPersonal(reason: "the dispute's registration number")
  module: String! @federation__override(from: "petitions") @notPersonal(reason: "a module name")
}`;

function composed(sdl: string): string {
  const result = composeCandidate(checkedInSubgraphs(), { name: 'mediation', url: 'http://mediation.test/graphql', sdl: normaliseSubgraphSdl(sdl).sdl });
  if (!result.supergraphSdl) throw new Error(result.findings.map((finding) => finding.message).join('\n'));
  return result.supergraphSdl;
}
const CANDIDATE = composed(TAKEOVER);

function agreed(document: string, operationName: string, agreementId = 'a-1'): AgreedOperation {
  const now = Date.now();
  return {
    agreementId,
    clientId: 'dispute-cockpit',
    purpose: 'dispute-resolution',
    legalBasis: ['PIPL-13-3'],
    operationName,
    documentHash: sha256Hex(document),
    document,
    validFrom: new Date(now - 86_400_000),
    validTo: new Date(now + 86_400_000),
    revokedAt: null,
  };
}

const SELECTS_MODULE = agreed('query Module($id: ID!) { dispute(id: $id) { id module outcome } }', 'Module');
const approvedBy = (...agencies: string[]) => new Map([['a-1', agencies]]);

it('blocks an agreed operation the candidate would make read an agency its agreement was not approved by, naming the moved field', () => {
  const findings = agreedAgencyFindings([SELECTS_MODULE], approvedBy('petitions'), plannedRoutes(SERVED), plannedRoutes(CANDIDATE));
  expect(findings).toHaveLength(1);
  expect(findings[0]).toMatchObject({ check: 'agreed-operations', severity: 'blocking', coordinate: 'Dispute.module' });
  expect(findings[0]!.message).toContain('Module of agreement a-1 (dispute-cockpit, dispute-resolution)');
  expect(findings[0]!.message).toContain('would read mediation');
  expect(findings[0]!.fix).toMatch(/^Submit a new sharing request for Module .* or keep the field where it was/);
});

it('finds the moved field through an alias, a fragment and variables as well', () => {
  const sneaky = agreed('query Sneaky($id: ID!) { d: dispute(id: $id) { ...F } } fragment F on Dispute { m: module }', 'Sneaky');
  const findings = agreedAgencyFindings([sneaky], approvedBy('petitions'), plannedRoutes(SERVED), plannedRoutes(CANDIDATE));
  expect(findings.map((finding) => [finding.severity, finding.coordinate])).toEqual([['blocking', 'Dispute.module']]);
});

it('finds the moved field inside a multi-agency operation an example application holds', () => {
  const text = readFileSync(path.join(__dirname, '..', '..', 'examples', 'dispute-cockpit', 'operations.graphql'), 'utf8');
  const parties = agreed(text, 'DisputeParties');
  const findings = agreedAgencyFindings([parties], approvedBy('court', 'petitions', 'police'), plannedRoutes(SERVED), plannedRoutes(CANDIDATE));
  expect(findings.map((finding) => [finding.severity, finding.coordinate])).toEqual([['blocking', 'Dispute.module']]);
});

it('passes an operation the candidate reads only from approved agencies: one not selecting the field, or one the new agency approved', () => {
  const other = agreed('query Outcome($id: ID!) { dispute(id: $id) { id outcome } }', 'Outcome');
  expect(agreedAgencyFindings([other], approvedBy('petitions'), plannedRoutes(SERVED), plannedRoutes(CANDIDATE))).toEqual([]);
  expect(agreedAgencyFindings([SELECTS_MODULE], approvedBy('mediation', 'petitions'), plannedRoutes(SERVED), plannedRoutes(CANDIDATE))).toEqual([]);
  // The served graph against itself: nothing moves.
  expect(agreedAgencyFindings([SELECTS_MODULE], approvedBy('petitions'), plannedRoutes(SERVED), plannedRoutes(SERVED))).toEqual([]);
});

it('fails closed for an agreement whose approvals are unknown: every agency it reads is unapproved', () => {
  const findings = agreedAgencyFindings([SELECTS_MODULE], new Map(), plannedRoutes(SERVED), plannedRoutes(CANDIDATE));
  // mediation is new to the plan: blocking; petitions the served graph already read: a warning.
  expect(findings.map((finding) => [finding.severity, finding.message.match(/reads? (\w+)/)?.[1]]).sort()).toEqual([
    ['blocking', 'mediation'],
    ['warning', 'petitions'],
  ]);
});

it('only warns when the served graph already read the unapproved agency for those fields: not this change\'s doing', () => {
  const findings = agreedAgencyFindings([SELECTS_MODULE], approvedBy('petitions'), plannedRoutes(CANDIDATE), plannedRoutes(CANDIDATE));
  expect(findings.map((finding) => [finding.severity, finding.coordinate])).toEqual([['warning', 'Dispute.module']]);
});

it('leaves an operation the candidate cannot plan to the operations check', () => {
  const gone = agreed('query Gone($id: ID!) { dispute(id: $id) { noSuchField } }', 'Gone');
  expect(agreedAgencyFindings([gone], new Map(), plannedRoutes(SERVED), plannedRoutes(CANDIDATE))).toEqual([]);
});

it('plans each (supergraph, document) once: the same routes again, and a changed document planned anew', () => {
  const routes = plannedRoutes(CANDIDATE);
  const first = routes(SELECTS_MODULE);
  expect(plannedRoutes(CANDIDATE)(SELECTS_MODULE)).toBe(first);
  expect([...first!.keys()]).toEqual(['mediation', 'petitions']);
  expect(first!.get('mediation')).toEqual(['Dispute.module']);
  const changed = agreed('query Module($id: ID!) { dispute(id: $id) { id outcome } }', 'Module');
  expect([...routes(changed)!.keys()]).toEqual(['petitions']);
});

it('the ownership check refuses @override under its namespaced names too (@federation__override, a renamed link)', () => {
  expect(ownershipFindings('mediation', parse(TAKEOVER))).toEqual([expect.objectContaining({ check: 'composition', severity: 'blocking', coordinate: 'Dispute.module' })]);
  const renamed = TAKEOVER.replace('federation/v2.7",', 'federation/v2.7", as: "fed",').replace('@federation__override', '@fed__override');
  expect(ownershipFindings('mediation', parse(renamed))).toEqual([expect.objectContaining({ coordinate: 'Dispute.module' })]);
  // Renamed, it composes: the ownership check is what refuses it.
  expect(() => composed(renamed)).not.toThrow();
  expect(ownershipFindings('mediation', parse(TAKEOVER.replace('@federation__override(from: "petitions")', '@federation__override(from: "mediation")')))).toEqual([]);
});
