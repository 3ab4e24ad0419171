import { justificationProblem, normaliseJustification } from '../../policies';

/** What counts as a break-glass justification: a sentence a reviewing officer can judge, not a token. */
describe('justificationProblem', () => {
  it.each([
    'Victim is transferring money right now; need the payee account holder',
    '受害人正在持续转账，需立即核实收款账户持有人身份',
    '当事人今天下午到中心调解，需核对身份',
    'Court hearing tomorrow: verify the respondent’s petitions',
  ])('accepts a sentence: %s', (text) => {
    expect(justificationProblem(text)).toBeUndefined();
  });

  it.each([
    ['empty', ''],
    ['too short', 'urgent case'],
    ['one word repeated', 'urgent urgent urgent urgent'],
    ['two words repeated', 'urgent case urgent case urgent case'],
    ['one letter', 'aaaaaaaaaaaaaaaaaaaaaaaaa'],
    ['few letters', 'abab abab abab abab abab'],
    ['digits and punctuation', '1234567890 !!!! ???? 1234'],
    ['Chinese filler', '紧急紧急紧急紧急紧急紧急紧急紧急'],
    ['a control character', 'Victim is transferring\u0000 money right now'],
    ['a bidi override', 'Victim is transferring \u202e money right now'],
    ['too long', 'Victim is transferring money right now. '.repeat(20)],
  ])('refuses %s', (_name, text) => {
    expect(justificationProblem(text)).toEqual(expect.any(String));
  });

  it('is recorded with surrounding and repeated whitespace collapsed', () => {
    expect(normaliseJustification('  Victim   is\ttransferring\nmoney  ')).toBe('Victim is transferring money');
  });
});
