import { parse, type OperationDefinitionNode } from 'graphql';
import { disputeResolution, fraudInvestigation } from '../../policies';
import { subjectInScope } from '../../gateway/cases/answerScope';
import { subjectKey, type CaseFile } from '../../gateway/cases/caseFile';
import { DISPUTE_CASES, FRAUD_CASES } from '../../gateway/cases/caseKinds';
import { releaseNarrative } from '../../gateway/cases/caseNarratives';
import { caseStanding, districtCovers, referenceOutsideJurisdiction } from '../../gateway/cases/caseStanding';
import { rootLookupsOutsideScope } from '../../gateway/cases/rootScope';
import { VerificationCache } from '../../gateway/cases/verificationCache';

const WANG = '330110197803150018';
const ZHANG = '331004199001010133';
const CHEN = '330502199211300247';

const dispute: CaseFile = {
  kind: 'dispute',
  id: 'TJ-2025-330110-00001',
  status: '调解中',
  district: '330110',
  subjects: new Set([subjectKey('Person', WANG), subjectKey('Person', ZHANG)]),
  names: ['王建国', '张伟'],
  records: new Set(['Dispute:TJ-2025-330110-00001', 'Petition:XF-2025-330110-000001']),
};

function outside(query: string, variables: Record<string, unknown> = {}) {
  const document = parse(query);
  const operation = document.definitions.find((definition) => definition.kind === 'OperationDefinition') as OperationDefinitionNode;
  return rootLookupsOutsideScope(document, operation, variables, dispute).map((violation) => violation.path);
}

describe('caseStanding: found, within jurisdiction, open', () => {
  const mediator = { agency: 'petitions', district: '330110' };
  it('refuses in that order', () => {
    expect(caseStanding(DISPUTE_CASES, 'TJ-x', undefined, mediator)).toMatchObject({ code: 'CASE_NOT_FOUND' });
    expect(caseStanding(DISPUTE_CASES, dispute.id, dispute, { agency: 'police', district: '330110' })).toMatchObject({ code: 'CASE_OUT_OF_JURISDICTION' });
    expect(caseStanding(DISPUTE_CASES, dispute.id, { ...dispute, status: '调解成功' }, { agency: 'petitions', district: '330502' })).toMatchObject({ code: 'CASE_OUT_OF_JURISDICTION' });
    expect(caseStanding(DISPUTE_CASES, dispute.id, { ...dispute, status: '调解成功' }, mediator)).toMatchObject({ code: 'CASE_CLOSED' });
    expect(caseStanding(DISPUTE_CASES, dispute.id, dispute, mediator)).toEqual({ ok: true });
    expect(caseStanding(FRAUD_CASES, 'DZ-1', { ...dispute, status: '移送起诉' }, { agency: 'police', district: '330110' })).toMatchObject({ code: 'CASE_CLOSED' });
  });
  it('reads districts as nested division codes, and a claim that is no code covers nothing', () => {
    expect(districtCovers('330110', '330110')).toBe(true);
    expect(districtCovers('330100', '330110')).toBe(true);
    expect(districtCovers('330000', '330502')).toBe(true);
    expect(districtCovers('330100', '330502')).toBe(false);
    expect(districtCovers(undefined, '330110')).toBe(false);
    expect(districtCovers('33', '330110')).toBe(false);
  });
  it('refuses a dispute id naming another district before any lookup', () => {
    expect(referenceOutsideJurisdiction(DISPUTE_CASES, 'TJ-2025-330110-00001', { district: '330502' })).toMatchObject({ code: 'CASE_OUT_OF_JURISDICTION' });
    expect(referenceOutsideJurisdiction(DISPUTE_CASES, 'TJ-2025-330502-00001', { district: '330502' })).toBeUndefined();
    expect(referenceOutsideJurisdiction(DISPUTE_CASES, 'TJ-1', { district: '330502' })).toBeUndefined();
  });
});

describe('rootLookupsOutsideScope: where a case-bound operation may start', () => {
  it('admits lookups of the case subjects and records, however written', () => {
    expect(outside(`{ person(idNumber: "${WANG}") { name } x: person(idNumber: "${ZHANG}") { name } dispute(id: "TJ-2025-330110-00001") { id } __typename }`)).toEqual([]);
    expect(outside('query($id: ID!) { person(idNumber: $id) { name } }', { id: WANG })).toEqual([]);
    expect(outside('{ petition(id: "XF-2025-330110-000001") { id } }')).toEqual([]);
    // An ID given as an integer literal is read by its digits, past 2^53.
    expect(outside(`{ person(idNumber: ${WANG}) { name } }`)).toEqual([]);
  });
  it('refuses anyone else, through aliases, fragments, variables and their defaults', () => {
    expect(outside(`{ them: person(idNumber: "${CHEN}") { name } }`)).toEqual(['them']);
    expect(outside('query($id: ID!) { person(idNumber: $id) { name } }', { id: CHEN })).toEqual(['person']);
    expect(outside(`query($id: ID! = "${CHEN}") { person(idNumber: $id) { name } }`)).toEqual(['person']);
    expect(outside(`query { ...F } fragment F on Query { ... on Query { p: person(idNumber: "${CHEN}") { name } } }`)).toEqual(['p']);
    expect(outside('query($id: ID!) { person(idNumber: $id) { name } }', { id: [WANG] })).toEqual(['person']);
    expect(outside('query($id: ID!) { person(idNumber: $id) { name } }', { id: 330502199211300247 })).toEqual(['person']);
  });
  it('refuses searches and every other root field, _entities included', () => {
    expect(outside('{ petitions { edges { node { id } } } incidents { edges { node { id } } } cases { edges { node { caseNumber } } } }')).toEqual(['petitions', 'incidents', 'cases']);
    expect(outside('{ _entities(representations: []) { __typename } }')).toEqual(['_entities']);
    expect(outside('{ dispute(id: "TJ-2025-330502-00001") { id } }')).toEqual(['dispute']);
  });
});

describe('subjectInScope: the case subjects and what hangs directly off them', () => {
  const wang = { type: 'Person', identifier: WANG };
  it('admits the subjects, and an enterprise or account reached directly from one', () => {
    expect(subjectInScope(dispute, wang, undefined)).toBe(true);
    expect(subjectInScope(dispute, { type: 'Enterprise', identifier: '91330110MA2H3K7P6N' }, wang)).toBe(true);
    expect(subjectInScope(dispute, { type: 'Account', identifier: '6228481203007803157' }, wang)).toBe(true);
  });
  it('refuses any other person, wherever reached, and what hangs off what hangs off a subject', () => {
    expect(subjectInScope(dispute, { type: 'Person', identifier: CHEN }, wang)).toBe(false);
    expect(subjectInScope(dispute, { type: 'Enterprise', identifier: '91330110MA2H3K7P6N' }, undefined)).toBe(false);
    expect(subjectInScope(dispute, { type: 'Account', identifier: '1' }, { type: 'Enterprise', identifier: '91330110MA2H3K7P6N' })).toBe(false);
  });
});

describe("releaseNarrative: the case's own records, names masked as the purpose masks them", () => {
  const summary = '王建国反映张伟拖欠借款本金28万元';
  it('masks the subjects’ names in a record of the case', () => {
    expect(releaseNarrative(disputeResolution, dispute, { type: 'Dispute', record: dispute.id }, summary, 'k')).toBe('王**反映张*拖欠借款本金28万元');
    expect(releaseNarrative(fraudInvestigation, { ...dispute, records: new Set(['Incident:JQ-1']) }, { type: 'Incident', record: 'JQ-1' }, summary, 'k')).toBe(summary);
  });
  it('redacts any other record, one without an id, and any without a verified case', () => {
    expect(releaseNarrative(disputeResolution, dispute, { type: 'Dispute', record: 'TJ-OTHER' }, summary, 'k')).toBe('***');
    expect(releaseNarrative(disputeResolution, dispute, { type: 'Petition', record: dispute.id }, summary, 'k')).toBe('***');
    expect(releaseNarrative(disputeResolution, dispute, { type: 'Dispute' }, summary, 'k')).toBe('***');
    expect(releaseNarrative(disputeResolution, undefined, { type: 'Dispute', record: dispute.id }, summary, 'k')).toBe('***');
  });
});

describe('VerificationCache', () => {
  const key = { user: 'u1', agency: 'petitions', district: '330110', purpose: 'dispute-resolution', caseRef: 'TJ-1' };
  it('keeps a verification per user, claims and purpose, and shares one lookup between concurrent requests', async () => {
    const cache = new VerificationCache(10);
    let lookups = 0;
    const verify = async () => {
      lookups += 1;
      return dispute;
    };
    await Promise.all([cache.get(key, verify), cache.get(key, verify)]);
    expect(lookups).toBe(1);
    await cache.get({ ...key, user: 'u2' }, verify);
    await cache.get({ ...key, purpose: 'fraud-investigation' }, verify);
    await cache.get({ ...key, district: '330502' }, verify);
    expect(lookups).toBe(4);
  });
  it('does not keep a failed lookup, and keeps nothing with a lifetime of 0', async () => {
    const cache = new VerificationCache(10);
    await expect(cache.get(key, () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    await expect(cache.get(key, async () => dispute)).resolves.toBe(dispute);
    let lookups = 0;
    const uncached = new VerificationCache(0);
    for (let index = 0; index < 3; index += 1) await uncached.get(key, async () => ((lookups += 1), dispute));
    expect(lookups).toBe(3);
  });
});
