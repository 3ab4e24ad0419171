import { faker } from '@faker-js/faker/locale/zh_CN';
import type { Gender } from './identifiers/residentId';
import { weightedTable, type Random } from './random';

/**
 * Chinese personal names. Surnames are weighted by how common they are in Zhejiang (faker's zh_CN list
 * treats 夏侯 like 王). Given names follow the generation: 建国 and 秀英 for the 1950s, 伟 and 丽 for the
 * 1970s–80s, and faker's modern gendered given names (子轩, 梓涵…) for those born since 1990. Only faker's
 * word lists are used, never its generator: picks come from our own seeded Random, so the output depends
 * on the seed alone and not on a process-wide faker state.
 */
const SURNAMES = weightedTable<string>([
  ['陈', 60], ['王', 55], ['张', 42], ['李', 35], ['吴', 32], ['徐', 30], ['周', 29], ['刘', 25], ['林', 22],
  ['金', 18], ['黄', 18], ['杨', 17], ['朱', 16], ['胡', 16], ['郑', 15], ['何', 13], ['方', 12], ['孙', 11],
  ['叶', 11], ['沈', 11], ['赵', 10], ['俞', 9], ['钱', 9], ['潘', 9], ['蒋', 9], ['应', 8], ['施', 8], ['章', 8],
  ['汪', 8], ['毛', 7], ['郭', 7], ['傅', 7], ['楼', 6], ['姚', 6], ['许', 6], ['邵', 6], ['马', 6], ['高', 6],
  ['丁', 6], ['余', 6], ['戴', 5], ['程', 5], ['卢', 5], ['陆', 5], ['范', 5], ['董', 5], ['谢', 5], ['夏', 5],
  ['洪', 4], ['顾', 4], ['蔡', 4], ['唐', 4], ['冯', 4], ['袁', 4], ['任', 4], ['梁', 4], ['曹', 4], ['严', 3],
  ['韩', 3], ['彭', 3], ['罗', 3], ['宋', 3], ['鲍', 3], ['翁', 3], ['虞', 3], ['屠', 3], ['骆', 3], ['葛', 3],
  ['倪', 3], ['郎', 2], ['裘', 2], ['诸葛', 1], ['欧阳', 1], ['司马', 0.5],
]);

const BORN_BEFORE_1965: Readonly<Record<Gender, readonly string[]>> = {
  男: [
    '建国', '国庆', '建华', '建平', '国强', '国平', '国华', '志明', '志刚', '德明', '德华', '根林', '金法', '金根', '水根',
    '春生', '福林', '荣华', '卫东', '卫国', '红兵', '援朝', '建设', '明华', '永康', '长生', '忠良', '新民', '立新', '文明',
    '金林', '根法', '水林', '福根', '德兴', '国良', '国兴', '国富', '建明', '建新', '建林', '永明', '永林', '荣根', '志成',
    '振国', '光明', '新华', '跃进', '和平', '胜利', '东升', '爱国', '兴华', '伟民', '宝根', '雪根', '春林', '土根', '海根',
  ],
  女: [
    '秀英', '桂英', '秀兰', '玉兰', '桂兰', '凤英', '月英', '素珍', '玉珍', '美英', '彩凤', '桂芳', '秀珍', '雪琴', '菊英',
    '金娣', '根娣', '美华', '爱华', '爱琴', '红英', '素芬', '亚芬', '雪芬', '秀芬', '月娥', '彩英', '金花', '银花', '杏花',
    '桂花', '春花', '小英', '翠英', '美娟', '美玉', '月琴', '雪英', '素英', '美珍', '玉芬', '彩娥', '爱娟', '凤仙', '秀娥',
    '淑英', '淑珍', '丽英', '美凤', '巧英', '梅英', '金凤', '玉琴', '招娣', '兰英',
  ],
};

const BORN_1965_TO_1989: Readonly<Record<Gender, readonly string[]>> = {
  男: [
    '伟', '强', '军', '勇', '杰', '斌', '磊', '涛', '明', '超', '鹏', '华', '平', '刚', '辉', '林', '海', '波', '峰', '建军',
    '建伟', '海军', '宏伟', '俊', '浩', '振华', '文杰', '晓东', '晓峰', '建锋', '国栋', '志强', '志华', '剑', '锋', '永强',
    '海峰', '伟杰', '晓军', '建国', '建平', '卫华', '海涛', '晓明', '国伟', '军华', '旭东', '俊杰', '建斌', '立军', '宏',
    '飞', '健', '毅', '彬', '勇军', '红军', '卫平', '伟强', '春雷', '海波', '军辉', '振宇', '晓辉', '建忠', '文斌', '立峰',
    '晓波', '永刚', '建勇', '鑫',
  ],
  女: [
    '丽', '静', '敏', '艳', '芳', '娟', '霞', '燕', '红', '丽娟', '丽华', '彩霞', '晓燕', '海燕', '雪梅', '丽萍', '春燕', '婷',
    '莉', '琴', '慧', '英', '萍', '洁', '丹', '颖', '晓红', '晓丽', '美玲', '秀丽', '亚萍', '雅琴', '玲', '倩', '秀英', '红霞',
    '丽君', '晓梅', '春梅', '丽红', '小燕', '月华', '莉莉', '秀芳', '丽芳', '艳红', '琳', '婷婷', '雅芳', '燕萍', '海霞', '雪芳',
    '亚娟', '慧娟', '丽霞', '卫红', '丽琴', '秋萍', '冬梅', '红梅', '彩虹', '琼', '娜',
  ],
};

/** Entries of faker's lists that read oddly as given names or belong to the other gender. */
const FAKER_EXCLUDED = new Set(['熙瑶', '癸霖', '乙萍', '婷方', '榕融', '珈', '苡沫', '蒙', '果', '美方', '万佳']);
const MODERN_EXTRA: Readonly<Record<Gender, readonly string[]>> = {
  男: ['子轩', '浩然', '宇航', '俊杰', '梓豪', '一鸣', '嘉豪', '天佑', '博文', '子豪'],
  女: ['欣怡', '梓涵', '诗涵', '雨桐', '可馨', '佳怡', '思琪', '一诺', '语嫣', '梦洁'],
};

function fakerGivenNames(gender: Gender): string[] {
  const lists = faker.definitions.person?.first_name as { male?: readonly string[]; female?: readonly string[] } | undefined;
  const names = (gender === '男' ? lists?.male : lists?.female) ?? [];
  return names.filter((name) => !FAKER_EXCLUDED.has(name));
}

const BORN_SINCE_1990: Readonly<Record<Gender, readonly string[]>> = {
  男: [...new Set([...fakerGivenNames('男'), ...MODERN_EXTRA.男])],
  女: [...new Set([...fakerGivenNames('女'), ...MODERN_EXTRA.女])],
};

export function pickSurname(rng: Random): string {
  return rng.weighted(SURNAMES);
}

export function pickGivenName(rng: Random, gender: Gender, birthYear: number): string {
  const lists = birthYear < 1965 ? BORN_BEFORE_1965 : birthYear < 1990 ? BORN_1965_TO_1989 : BORN_SINCE_1990;
  return rng.pick(lists[gender]);
}

export function makePersonName(rng: Random, gender: Gender, birthYear: number): string {
  return pickSurname(rng) + pickGivenName(rng, gender, birthYear);
}
