import type { MaskContext, MaskStrategy } from './strategy';

/** Two-character (复姓) surnames, so 欧阳娜娜 keeps 欧阳 and not just 欧. */
export const COMPOUND_SURNAMES: ReadonlySet<string> = new Set([
  '欧阳', '司马', '诸葛', '上官', '东方', '皇甫', '尉迟', '公孙', '慕容', '令狐', '司徒', '司空', '夏侯', '长孙',
  '宇文', '轩辕', '端木', '独孤', '南宫', '西门', '万俟', '闻人', '澹台', '公冶', '宗政', '濮阳', '淳于', '单于',
  '太叔', '申屠', '钟离', '呼延', '赫连', '拓跋', '百里', '东郭', '左丘', '梁丘', '公羊', '谷梁', '段干', '闾丘',
  '亓官', '司寇', '巫马', '公西', '漆雕', '乐正', '壤驷', '公良', '夹谷', '宰父', '微生', '羊舌', '鲜于', '第五',
]);

/** `王建国` → `王**`, `欧阳娜娜` → `欧阳**`: the surname, then one `*` per remaining character. */
export function maskName(name: string): string {
  const chars = Array.from(name);
  // A two-character name that starts like a compound surname is a single surname plus a given name (司马 → 司*).
  const surnameLength = chars.length > 2 && COMPOUND_SURNAMES.has(chars.slice(0, 2).join('')) ? 2 : 1;
  if (chars.length <= surnameLength) return name;
  return chars.slice(0, surnameLength).join('') + '*'.repeat(chars.length - surnameLength);
}

export const surname: MaskStrategy = Object.freeze({
  name: 'surname',
  description: 'Keeps the surname (复姓 included) and replaces each remaining character with *: 王建国 → 王**.',
  kinds: Object.freeze(['PERSON_NAME'] as const),
  scalars: Object.freeze(['String', 'ID'] as const),
  mask: (value: unknown, _context: MaskContext) => (value === null || value === undefined ? value : maskName(String(value))),
});
