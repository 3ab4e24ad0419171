import { checkPurposeAccess, PURPOSE_NAMES } from '../../policies';

describe('checkPurposeAccess', () => {
  it('lets a mediator mediate a dispute named by its id', () => {
    const result = checkPurposeAccess({ purpose: 'dispute-resolution', caseRef: 'TJ-1', roles: ['mediator'] });
    expect(result.ok).toBe(true);
    expect(result.ok && result.purpose.name).toBe('dispute-resolution');
    expect(result.ok && result.caseRef).toBe('TJ-1');
  });

  it('asks for a purpose when none is stated, listing the known ones', () => {
    for (const purpose of [undefined, '', '   ']) {
      const result = checkPurposeAccess({ purpose, caseRef: undefined, roles: ['mediator'] });
      expect(result).toMatchObject({ ok: false, code: 'PURPOSE_REQUIRED', knownPurposes: PURPOSE_NAMES });
    }
  });

  it('refuses an unknown purpose with the list of known purposes', () => {
    const result = checkPurposeAccess({ purpose: 'curiosity', caseRef: undefined, roles: ['mediator'] });
    expect(result).toMatchObject({ ok: false, code: 'PURPOSE_NOT_PERMITTED', knownPurposes: PURPOSE_NAMES });
    expect(!result.ok && result.message).toMatch(/"curiosity" is not a known purpose\. Known purposes: "dispute-resolution", "fraud-investigation"/);
  });

  it('refuses a purpose the caller’s roles do not permit, naming the roles that would', () => {
    const result = checkPurposeAccess({ purpose: 'fraud-investigation', caseRef: 'FC-1', roles: ['mediator', 'grid-worker'] });
    expect(result).toMatchObject({ ok: false, code: 'PURPOSE_NOT_PERMITTED', permittedRoles: ['police-investigator'] });
    expect(!result.ok && result.message).toMatch(/permitted to the roles "police-investigator"; your roles are "mediator", "grid-worker"/);
    expect(checkPurposeAccess({ purpose: 'audit-review', caseRef: undefined, roles: [] })).toMatchObject({
      ok: false,
      code: 'PURPOSE_NOT_PERMITTED',
    });
  });

  it('requires a case reference where the purpose does, saying what it is', () => {
    const result = checkPurposeAccess({ purpose: 'dispute-resolution', caseRef: undefined, roles: ['grid-worker'] });
    expect(result).toMatchObject({ ok: false, code: 'CASE_REF_REQUIRED', caseRefProblem: 'missing' });
    expect(!result.ok && result.message).toMatch(/X-Case-Ref.*the id of the dispute being mediated/);
    expect(checkPurposeAccess({ purpose: 'fraud-investigation', caseRef: ' ', roles: ['police-investigator'] })).toMatchObject({
      ok: false,
      code: 'CASE_REF_REQUIRED',
    });
  });

  it('refuses a case reference that does not have the expected shape', () => {
    const result = checkPurposeAccess({ purpose: 'dispute-resolution', caseRef: 'XF-1', roles: ['mediator'] });
    expect(result).toMatchObject({ ok: false, code: 'CASE_REF_REQUIRED', caseRefProblem: 'malformed' });
    const injected = checkPurposeAccess({ purpose: 'fraud-investigation', caseRef: "1' OR '1'='1", roles: ['police-investigator'] });
    expect(injected).toMatchObject({ ok: false, caseRefProblem: 'malformed' });
  });

  it('does not ask for a case reference where the purpose does not need one', () => {
    expect(checkPurposeAccess({ purpose: 'litigation-source-governance', caseRef: undefined, roles: ['court-clerk'] })).toMatchObject({
      ok: true,
      caseRef: undefined,
    });
  });

  it('keeps a long unknown purpose out of the message', () => {
    const result = checkPurposeAccess({ purpose: 'x'.repeat(5000), caseRef: undefined, roles: [] });
    expect(!result.ok && result.message.length).toBeLessThan(400);
  });
});
