/**
 * The demo cast (design.md, "Demo cast"): the people, companies and records every seeded database
 * holds, with fixed identifiers, so tests, the README and a live demo can name them. The full rows are
 * in demoRecords.ts; random data never reuses these identifiers (see the identifier spaces).
 *
 * The story: 王建国, who runs 杭州建国建材有限公司 in 余杭, lent 张伟 money; 张伟 (legal representative
 * of 台州路桥汇通投资有限公司) lost the lending case in 路桥 and has not paid, so 王建国 applied for
 * enforcement, called the police during a quarrel and asked the 矛调中心 to mediate. Separately 王建国
 * petitions about wages a project owes his workers. 李秀英 lost 56,800 yuan to a fake investment scheme;
 * the money went to 张伟's card, which a stop-payment order froze. 陈静 petitions about land acquisition
 * in 吴兴区.
 */
export const DEMO_CAST = deepFreeze({
  wang: {
    idNumber: '330110197803150018',
    name: '王建国',
    gender: '男',
    district: '330110',
    phone: '13805718000',
    accountNumber: '6228481203007803157',
  },
  li: {
    idNumber: '330110198507220020',
    name: '李秀英',
    gender: '女',
    district: '330110',
    phone: '13905716688',
    accountNumber: '6217001203008507223',
  },
  zhang: {
    idNumber: '331004199001010133',
    name: '张伟',
    gender: '男',
    district: '331004',
    phone: '15805760133',
    /** The payee account of the fraud case, frozen by its stop-payment order. */
    accountNumber: '6222021203001234565',
  },
  chen: {
    idNumber: '330502199211300247',
    name: '陈静',
    gender: '女',
    district: '330502',
    phone: '13705720247',
  },
  jianguo: {
    creditCode: '91330110MA2H3K7P6N',
    name: '杭州建国建材有限公司',
    district: '330110',
    accountNumber: '6216611203001605184',
    inspectionIds: ['JC-2024-330110-000012', 'JC-2025-330110-000003'],
    penaltyDecisionNumber: '杭余市监罚处〔2024〕18号',
    precursorPermitNumber: 'YZDG-330110-2025-0018',
  },
  huitong: {
    creditCode: '91331004MA2J8L4Q7U',
    name: '台州路桥汇通投资有限公司',
    district: '331004',
    accountNumber: '6222021203001908069',
    suspiciousReportIds: ['KY-2025-0000001', 'KY-2025-0000002', 'KY-2025-0000003'],
  },
  /** 王建国 v 张伟: the case reference a mediator gives for purpose dispute-resolution. */
  dispute: { id: 'TJ-2025-330110-00001', district: '330110', module: '民间借贷' },
  /** 陈静's dispute in 吴兴区, for district-bound (grid-worker) tests. */
  chenDispute: { id: 'TJ-2025-330502-00001', district: '330502', module: '征地拆迁' },
  /** 李秀英's loss: the case reference an investigator gives for purpose fraud-investigation. */
  fraudCase: {
    id: 'DZ-2025-00000001',
    lossAmount: 56800,
    payeeAccountNumber: '6222021203001234565',
    stopPaymentOrderId: 'ZF-2025-0000001',
  },
  petitions: {
    /** 王建国, 劳动争议, 余杭区. */
    wangLabour: 'XF-2025-330110-000001',
    /** 陈静, 征地拆迁, 吴兴区. */
    chenLandAcquisition: 'XF-2025-330502-000001',
  },
  cases: {
    /** 民间借贷纠纷: 王建国 (原告) v 张伟 and 汇通 (被告), 台州市路桥区人民法院. */
    lending: '(2024)浙1004民初66号',
    /** Its enforcement: 张伟 is listed as a dishonest judgment debtor. */
    enforcement: '(2025)浙1004执18号',
  },
  incidents: {
    /** 纠纷: 王建国 and 张伟 quarrel over the loan. */
    wangDispute: 'JQ-2025-0000001',
    /** 诈骗: 李秀英 reports the fraud. */
    liFraud: 'JQ-2025-0000002',
  },
});

export type DemoCast = typeof DEMO_CAST;

/** Resident IDs of the four demo persons. */
export const DEMO_PERSON_ID_NUMBERS: readonly string[] = Object.freeze([
  DEMO_CAST.wang.idNumber,
  DEMO_CAST.li.idNumber,
  DEMO_CAST.zhang.idNumber,
  DEMO_CAST.chen.idNumber,
]);

type DeepReadonly<T> = T extends (infer Item)[]
  ? readonly DeepReadonly<Item>[]
  : T extends object
    ? { readonly [Key in keyof T]: DeepReadonly<T[Key]> }
    : T;

function deepFreeze<T>(value: T): DeepReadonly<T> {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value as DeepReadonly<T>;
}
