import { GOVGRAPH_REALM } from '../identity/realm';

/**
 * The applications that may ask for data-sharing agreements: the application clients of the realm
 * (identity/realm.ts, issue 13), one per seed system, with the unit that owns each and whom to contact.
 * Registered in the agreements database (agreementsDatabase.ts) whenever it is migrated.
 */
export interface ApplicationContact {
  name: string;
  role: string;
  email?: string;
}

export interface ApplicationEntry {
  clientId: string;
  name: string;
  /** The system of the seed articles the application stands for. */
  seedSystem: string;
  owningUnit: string;
  contacts: readonly ApplicationContact[];
}

/** The seed system, as the realm names the client: one spelling for both. */
function seedSystemOf(clientId: string): string {
  const client = GOVGRAPH_REALM.clients.find((candidate) => candidate.clientId === clientId);
  if (!client?.serviceAccount) throw new Error(`agreements/applications.ts: ${clientId} is not an application client of identity/realm.ts`);
  return client.name;
}

export const APPLICATIONS: readonly ApplicationEntry[] = Object.freeze([
  {
    clientId: 'app-dispute-cockpit',
    name: '矛盾纠纷化解驾驶舱',
    seedSystem: seedSystemOf('app-dispute-cockpit'),
    owningUnit: '瑞安市社会矛盾纠纷调处化解中心',
    contacts: [
      { name: '林晓东', role: '应用负责人', email: 'lin.xiaodong@ruian.example' },
      { name: '黄丽', role: '技术联系人', email: 'huang.li@ruian.example' },
    ],
  },
  {
    clientId: 'app-anti-fraud',
    name: '数字反诈',
    seedSystem: seedSystemOf('app-anti-fraud'),
    owningUnit: '嘉兴市公安局反电信网络诈骗中心',
    contacts: [{ name: '沈国平', role: '应用负责人', email: 'shen.guoping@jiaxing.example' }],
  },
  {
    clientId: 'app-risk-card',
    name: '金融风险三色卡',
    seedSystem: seedSystemOf('app-risk-card'),
    owningUnit: '台州市路桥区人民检察院',
    contacts: [{ name: '蔡明', role: '应用负责人', email: 'cai.ming@luqiao.example' }],
  },
  {
    clientId: 'app-precursor',
    name: '易制毒化学品监管',
    seedSystem: seedSystemOf('app-precursor'),
    owningUnit: '衢州市市场监督管理局',
    contacts: [{ name: '徐红', role: '应用负责人', email: 'xu.hong@quzhou.example' }],
  },
  {
    clientId: 'app-litigation-source',
    name: '诉源治理驾驶舱',
    seedSystem: seedSystemOf('app-litigation-source'),
    owningUnit: '嘉兴市中级人民法院',
    contacts: [{ name: '钱立新', role: '应用负责人', email: 'qian.lixin@jiaxing.example' }],
  },
]);
