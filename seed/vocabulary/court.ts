import { localAuthorityName, type Division } from '../identifiers/divisions';
import { weightedTable, type WeightedTable } from '../random';
import type { CourtCaseRecord } from '../records/types';

/** 法院 vocabulary: case kinds, causes of action (案由) with typical claims, statuses, court names. */

type Kind = CourtCaseRecord['kind'];

export const CASE_KINDS = weightedTable<Kind>([['民事', 65], ['刑事', 15], ['执行', 12], ['行政', 8]]);

/** The type code in a case number: (2025)浙0110民初1234号. */
export const CASE_TYPE_CODES: Readonly<Record<Kind, string>> = Object.freeze({ 民事: '民初', 刑事: '刑初', 行政: '行初', 执行: '执' });

/** [cause, smallest claim, largest claim] */
export const CIVIL_CAUSES = weightedTable<readonly [string, number, number]>([
  [['民间借贷纠纷', 10_000, 2_000_000], 18],
  [['买卖合同纠纷', 5_000, 3_000_000], 14],
  [['金融借款合同纠纷', 20_000, 5_000_000], 10],
  [['信用卡纠纷', 5_000, 200_000], 9],
  [['离婚纠纷', 10_000, 1_000_000], 9],
  [['机动车交通事故责任纠纷', 5_000, 800_000], 8],
  [['劳动争议', 5_000, 300_000], 7],
  [['追索劳动报酬纠纷', 3_000, 200_000], 5],
  [['房屋租赁合同纠纷', 5_000, 500_000], 6],
  [['物业服务合同纠纷', 1_000, 50_000], 5],
  [['建设工程施工合同纠纷', 50_000, 10_000_000], 4],
  [['服务合同纠纷', 2_000, 300_000], 3],
  [['相邻关系纠纷', 1_000, 100_000], 2],
]);

export const CRIMINAL_CAUSES = weightedTable<string>([
  ['危险驾驶罪', 25], ['盗窃罪', 20], ['诈骗罪', 12], ['帮助信息网络犯罪活动罪', 12], ['故意伤害罪', 8],
  ['寻衅滋事罪', 6], ['开设赌场罪', 5], ['掩饰、隐瞒犯罪所得罪', 7], ['交通肇事罪', 5],
]);

export const ADMINISTRATIVE_CAUSES = weightedTable<string>([
  ['行政处罚', 35], ['房屋征收补偿', 20], ['政府信息公开', 15], ['工伤认定', 15], ['行政强制', 15],
]);

export const STATUSES: Readonly<Record<Kind, WeightedTable<string>>> = Object.freeze({
  民事: weightedTable<string>([['审理中', 25], ['已判决', 35], ['已调解', 25], ['已撤诉', 15]]),
  刑事: weightedTable<string>([['审理中', 30], ['已判决', 70]]),
  行政: weightedTable<string>([['审理中', 35], ['已判决', 45], ['已撤诉', 20]]),
  执行: weightedTable<string>([['执行中', 40], ['执行完毕', 35], ['终结本次执行', 25]]),
});

/** 杭州市余杭区人民法院, 桐庐县人民法院. */
export function courtName(division: Division): string {
  return localAuthorityName(division, '人民法院');
}

/** The court's code in case numbers: 浙 + the last four digits of its division (330110 → 0110). */
export function courtCode(division: Division): string {
  return division.code.slice(2);
}
