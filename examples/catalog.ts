import path from 'node:path';

/**
 * The five seed systems as example applications (issue 13, item 4): each a realm client (identity/realm.ts)
 * with a sharing request — a purpose, a justification and the named operations of its operations file.
 * The seed (agreements/) makes, for each, an approved agreement in force for a year from exactly these
 * files; `npm run example -- <name>` runs it and `npm run example -- <name> --request` asks again for the
 * file as it is now.
 */
export interface ExampleApplication {
  /** `npm run example -- <name>`, and its folder examples/<name>/. */
  readonly name: string;
  /** The realm client (the token's azp): the application the agreement is made with. */
  readonly clientId: string;
  readonly purpose: string;
  /** The case the example opens by default (X-Case-Ref), for a case-bound purpose. */
  readonly caseRef?: string;
  /** The sharing request's title and justification, as the application team would write them. */
  readonly title: string;
  readonly justification: string;
  /** examples/<name>/operations.graphql: the named operations it runs. */
  readonly operationsFile: string;
}

const operationsFile = (name: string) => path.join(__dirname, name, 'operations.graphql');

export const EXAMPLE_APPLICATIONS: readonly ExampleApplication[] = Object.freeze([
  {
    name: 'dispute-cockpit',
    clientId: 'app-dispute-cockpit',
    purpose: 'dispute-resolution',
    caseRef: 'TJ-2025-330110-00001',
    title: '瑞安 复杂矛盾纠纷"模块+专班"：纠纷当事人画像',
    justification: '专班化解复杂矛盾纠纷时，需查看受理纠纷当事人的信访、诉讼和警情类别，研判纠纷风险、确定化解方案；仅限辖区内受理、调解中的纠纷。',
    operationsFile: operationsFile('dispute-cockpit'),
  },
  {
    name: 'anti-fraud',
    clientId: 'app-anti-fraud',
    purpose: 'fraud-investigation',
    caseRef: 'DZ-2025-00000001',
    title: '嘉兴 数字反诈：涉案账户与紧急止付',
    justification: '电信网络诈骗案件立案后，需追踪受害人资金流向的收款账户、其持有人、可疑交易和紧急止付情况，及时止付、冻结涉案资金。',
    operationsFile: operationsFile('anti-fraud'),
  },
  {
    name: 'risk-card',
    clientId: 'app-risk-card',
    purpose: 'financial-risk-monitoring',
    title: '路桥 "融"易治 金融风险三色卡',
    justification: '依据企业涉诉、行政处罚和可疑交易报告情况，为辖区企业生成红黄绿三色风险卡，提前预警非法集资等金融风险。',
    operationsFile: operationsFile('risk-card'),
  },
  {
    name: 'precursor',
    clientId: 'app-precursor',
    purpose: 'precursor-chemical-supervision',
    title: '衢州 易制毒化学品监管：许可、检查与处罚',
    justification: '对易制毒化学品经营企业开展全流程监管，需查看企业购买/运输许可证、监督检查和行政处罚记录，对即将到期或已过期的许可证提前预警。',
    operationsFile: operationsFile('precursor'),
  },
  {
    name: 'litigation-source',
    clientId: 'app-litigation-source',
    purpose: 'litigation-source-governance',
    title: '嘉兴 诉源治理驾驶舱：纠纷类别与地区分布',
    justification: '按类别和地区统计法院收案、信访件和纠纷类警情，分析矛盾纠纷源头，推动前端化解；只看统计所需的类别、地区和时间，不看当事人。',
    operationsFile: operationsFile('litigation-source'),
  },
]);

export function exampleApplication(name: string): ExampleApplication | undefined {
  return EXAMPLE_APPLICATIONS.find((example) => example.name === name);
}
