import {
  disputeResolution,
  fraudInvestigation,
  litigationSourceGovernance,
  maskNamesInText,
  maskSubjectNames,
} from '../../policies';
import { maskName } from '../../policies/masks/surname';

const KEY = 'narrative-test-key';

describe('maskNamesInText', () => {
  it('masks both parties of a dispute summary as their names are masked, wherever they stand', () => {
    const summary = '王建国与张伟因工资结算发生纠纷，张伟称王建国拖欠三个月工资；王建国否认。';
    expect(maskNamesInText(summary, ['王建国', '张伟'], maskName)).toBe(
      '王**与张*因工资结算发生纠纷，张*称王**拖欠三个月工资；王**否认。',
    );
  });

  it('masks names adjacent to each other and to other characters, with no spaces to find them by', () => {
    expect(maskNamesInText('申请人王建国被申请人张伟', ['王建国', '张伟'], maskName)).toBe('申请人王**被申请人张*');
    expect(maskNamesInText('王建国张伟', ['张伟', '王建国'], maskName)).toBe('王**张*');
    expect(maskNamesInText('（王建国）「张伟」', ['王建国', '张伟'], maskName)).toBe('（王**）「张*」');
  });

  it('prefers the longest of overlapping names at a position and never re-matches what it masked', () => {
    // 王建 and 王建国 are two people: 王建国 is not masked as 王建 followed by 国
    expect(maskNamesInText('王建国和王建是兄弟', ['王建', '王建国'], maskName)).toBe('王**和王*是兄弟');
    expect(maskNamesInText('王建国和王建是兄弟', ['王建国', '王建'], maskName)).toBe('王**和王*是兄弟');
    // a masked name (王**) contains no name any more
    expect(maskNamesInText('王建国王建国', ['王建国', '王*'], maskName)).toBe('王**王**');
  });

  it('masks a name that is also a common word, inside other words too: over-masking beats leaking', () => {
    // 高兴 is a name (surname 高) and the word "glad"; 金星 a name and the planet
    expect(maskNamesInText('调解后双方都很高兴。', ['高兴'], maskName)).toBe('调解后双方都很高*。');
    expect(maskNamesInText('金星说他看见了金星', ['金星'], maskName)).toBe('金*说他看见了金*');
  });

  it('keeps compound surnames as the name mask does', () => {
    expect(maskNamesInText('欧阳娜娜与司马光', ['欧阳娜娜', '司马光'], maskName)).toBe('欧阳**与司马*');
  });

  it('ignores names shorter than two characters, blank names and duplicates; leaves text without names alone', () => {
    expect(maskNamesInText('王先生来访', ['王', '', '  '], maskName)).toBe('王先生来访');
    expect(maskNamesInText('张伟张伟', ['张伟', '张伟', ' 张伟 '], maskName)).toBe('张*张*');
    expect(maskNamesInText('无人名', ['王建国'], maskName)).toBe('无人名');
    expect(maskNamesInText('', ['王建国'], maskName)).toBe('');
  });

  it('treats names as text, not as patterns', () => {
    expect(maskNamesInText('a.b 与 a+b', ['a.b', 'a+b'], () => '#')).toBe('# 与 #');
    expect(maskNamesInText('axb', ['a.b'], () => '#')).toBe('axb');
  });
});

describe('maskSubjectNames: the purpose’s own name rule', () => {
  const text = '张伟反映王建国拖欠工资';

  it('uses surname where the purpose masks names that way (dispute resolution)', () => {
    expect(maskSubjectNames(disputeResolution, text, ['王建国', '张伟'])).toBe('张*反映王**拖欠工资');
  });

  it('leaves names in clear where the purpose shows them in clear (fraud investigation)', () => {
    expect(maskSubjectNames(fraudInvestigation, text, ['王建国', '张伟'])).toBe(text);
  });

  it('withholds each name where the purpose denies names (litigation-source governance denies Person.name)', () => {
    expect(maskSubjectNames(litigationSourceGovernance, text, ['王建国', '张伟'], { pseudonymKey: KEY })).toBe('***反映***拖欠工资');
  });
});
