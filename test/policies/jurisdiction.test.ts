import { ALL_DISTRICTS, DISTRICT_BOUND_ROLES, NO_DISTRICT, rowScopeFor } from '../../policies';

describe('rowScopeFor', () => {
  it('leaves roles not bound to a place unrestricted', () => {
    expect(rowScopeFor({ roles: ['mediator'], district: '330110' })).toEqual(ALL_DISTRICTS);
    expect(rowScopeFor({ roles: ['police-investigator', 'court-clerk'] })).toEqual({ district: null });
    expect(rowScopeFor({ roles: [] })).toEqual({ district: null });
  });

  it('binds a grid worker to the district of their claim', () => {
    expect(DISTRICT_BOUND_ROLES).toContain('grid-worker');
    expect(rowScopeFor({ roles: ['grid-worker'], district: '330502' })).toEqual({ district: '330502' });
  });

  it('lets a bound role win over an unbound one held beside it', () => {
    expect(rowScopeFor({ roles: ['mediator', 'grid-worker'], district: '330502' })).toEqual({ district: '330502' });
  });

  it('gives a bound caller without a well-formed district claim a scope no row matches', () => {
    for (const district of [undefined, '', '33050', '330502 ', '3305021', 'all']) {
      expect(rowScopeFor({ roles: ['grid-worker'], district })).toBe(NO_DISTRICT);
    }
    // longer than any char(6) division code, and not a code
    expect(NO_DISTRICT.district).not.toMatch(/^[0-9]{6}$/);
    expect(NO_DISTRICT.district?.length).toBeGreaterThan(6);
  });
});
