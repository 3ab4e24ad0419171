import { parseHash } from '../../web/src/console/hashRoute';
import { groupByCheck } from '../../web/src/console/registry/reportGroups';
import type { Finding } from '../../web/src/console/registry/registryQueries';
import { ownAgencyFirst, readsRegistry } from '../../web/src/console/registry/registryRoutes';

/** What the registry pages decide without the registry: who reads them, in which order, how a report is grouped. */
const finding = (check: string, severity: string, coordinate: string): Finding => ({ check, severity, coordinate, message: `${check} ${coordinate}`, fix: null, operations: null });

describe('readsRegistry', () => {
  it('admits privacy officers, data stewards and publishers, and nobody else', () => {
    expect(readsRegistry(['privacy-officer'])).toBe(true);
    expect(readsRegistry(['data-steward'])).toBe(true);
    expect(readsRegistry(['schema-publisher'])).toBe(true);
    expect(readsRegistry(['mediator', 'grid-worker'])).toBe(false);
    expect(readsRegistry([])).toBe(false);
  });
});

describe('ownAgencyFirst', () => {
  const names = ['police', 'bank', 'market', 'court'].map((name) => ({ name }));
  it('puts the reader’s agency first and the rest by name', () => {
    expect(ownAgencyFirst(names, 'market').map((item) => item.name)).toEqual(['market', 'bank', 'court', 'police']);
  });
  it('orders by name alone for a reader of no listed agency, and leaves its input as it was', () => {
    expect(ownAgencyFirst(names, 'data-bureau').map((item) => item.name)).toEqual(['bank', 'court', 'market', 'police']);
    expect(ownAgencyFirst(names, undefined).map((item) => item.name)).toEqual(['bank', 'court', 'market', 'police']);
    expect(names.map((item) => item.name)).toEqual(['police', 'bank', 'market', 'court']);
  });
});

describe('groupByCheck', () => {
  it('groups in the registry’s order of checks, most severe first within a check, unknown checks last', () => {
    const groups = groupByCheck([
      finding('purpose-coverage', 'info', 'a'),
      finding('future-check', 'warning', 'z'),
      finding('purpose-coverage', 'approval', 'b'),
      finding('composition', 'blocking', 'c'),
      finding('purpose-coverage', 'odd', 'd'),
    ]);
    expect(groups.map(([check, findings]) => [check, findings.map((item) => item.coordinate)])).toEqual([
      ['composition', ['c']],
      ['purpose-coverage', ['b', 'a', 'd']],
      ['future-check', ['z']],
    ]);
  });
  it('gives no group for a report without findings', () => {
    expect(groupByCheck([])).toEqual([]);
  });
});

describe('the registry pages’ routes', () => {
  it('parses each page with its parameters, and an unknown page as the overview', () => {
    const route = parseHash('#/subgraphs?name=market&version=12');
    expect(route.page).toBe('subgraphs');
    expect(route.params.get('name')).toBe('market');
    expect(route.params.get('version')).toBe('12');
    expect(['approvals', 'supergraphs', 'check'].map((page) => parseHash(`#/${page}`).page)).toEqual(['approvals', 'supergraphs', 'check']);
    expect(parseHash('#/registry-admin').page).toBe('overview');
  });
});
