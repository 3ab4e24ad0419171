import { weightedTable } from '../random';

/** 公安 vocabulary: incident categories with their summaries, fraud modi, precursor chemicals. */

export interface IncidentKind {
  category: string;
  /** Role of the person who reported it. */
  reporterRole: string;
  /** Role of a second person, and how often there is one. */
  otherRole: string;
  otherShare: number;
  summaries: readonly string[];
}

export const INCIDENT_KINDS = weightedTable<IncidentKind>([
  [{
    category: '纠纷', reporterRole: '报警人', otherRole: '当事人', otherShare: 0.8,
    summaries: [
      '报警人称与对方因邻里噪音问题发生口角，民警到场后双方情绪稳定，已调解。',
      '报警人称与对方因停车位问题发生争执，民警到场劝解，双方同意协商解决。',
      '报警人称与对方因工资结算发生纠纷，民警到场后建议其通过劳动仲裁途径解决。',
      '报警人称与房东因押金退还发生争执，民警到场调解，已引导至矛调中心。',
      '报警人称与对方因装修施工扰民发生口角，民警到场后双方达成谅解。',
      '报警人称与对方因借款归还问题发生争执，民警告知其通过诉讼途径解决。',
    ],
  }, 30],
  [{
    category: '盗窃', reporterRole: '报警人', otherRole: '嫌疑人', otherShare: 0.25,
    summaries: [
      '报警人称停放在楼下的电动自行车被盗，民警已调取周边监控。',
      '报警人称家中被撬，丢失现金及首饰若干，民警已现场勘查。',
      '报警人称在商场内手机被盗，民警已受案调查。',
      '报警人称车内财物被盗，车窗玻璃被砸，民警已现场勘查。',
    ],
  }, 16],
  [{
    category: '诈骗', reporterRole: '报警人', otherRole: '嫌疑人', otherShare: 0.05,
    summaries: [
      '报警人称接到自称客服的电话，按对方指引转账后发现被骗。',
      '报警人称在网上兼职刷单，垫付资金后无法提现，疑似被骗。',
      '报警人称被拉入投资群，在虚假平台充值后无法提现。',
      '报警人称冒充熟人的微信好友借钱，转账后发现被骗。',
    ],
  }, 14],
  [{
    category: '交通事故', reporterRole: '报警人', otherRole: '当事人', otherShare: 0.7,
    summaries: [
      '两车在路口发生剐蹭，无人员受伤，已引导双方快处快赔。',
      '电动自行车与小型轿车发生碰撞，一人轻微受伤，已送医。',
      '车辆倒车时碰撞路边护栏，驾驶人已报保险。',
    ],
  }, 12],
  [{
    category: '求助', reporterRole: '报警人', otherRole: '当事人', otherShare: 0.2,
    summaries: [
      '报警人称家中老人走失，民警协助寻找，已找回。',
      '报警人称钥匙反锁在屋内，民警联系开锁服务。',
      '报警人称孩子与家人走散，民警协助寻找，已找到。',
    ],
  }, 14],
  [{
    category: '治安案件', reporterRole: '报警人', otherRole: '嫌疑人', otherShare: 0.6,
    summaries: [
      '报警人称在饭店内与他人发生肢体冲突，民警已将双方带回调查。',
      '报警人称有人在小区内寻衅滋事，民警到场处置。',
      '报警人称被他人殴打，民警已受案调查。',
    ],
  }, 9],
  [{
    category: '噪音扰民', reporterRole: '报警人', otherRole: '当事人', otherShare: 0.3,
    summaries: ['报警人称楼上深夜噪音扰民，民警到场劝导。', '报警人称附近工地夜间施工扰民，民警已联系相关部门。'],
  }, 5],
]);

export const FRAUD_MODI = weightedTable<string>([
  ['刷单返利', 28], ['虚假投资理财', 22], ['冒充电商物流客服', 15], ['虚假网络贷款', 12], ['冒充公检法', 8],
  ['网络游戏产品虚假交易', 6], ['虚假征信', 5], ['冒充领导熟人', 4],
]);

export const FRAUD_CASE_STATUSES = weightedTable<string>([['已立案', 20], ['侦查中', 45], ['已破案', 25], ['移送起诉', 10]]);

export const STOP_PAYMENT_STATUSES = weightedTable<string>([['已止付', 70], ['已转冻结', 20], ['已解除', 10]]);

/** Category 2 and 3 precursor chemicals (易制毒化学品) that enterprises buy and ship, with typical lot sizes in kg. */
export const PRECURSOR_CHEMICALS = weightedTable<readonly [string, number, number]>([
  [['盐酸', 500, 20_000], 25],
  [['硫酸', 500, 30_000], 25],
  [['丙酮', 200, 10_000], 15],
  [['甲苯', 200, 10_000], 15],
  [['甲基乙基酮', 100, 5_000], 8],
  [['高锰酸钾', 50, 2_000], 6],
  [['三氯甲烷', 100, 5_000], 4],
  [['乙醚', 50, 1_000], 2],
]);
