import { DEMO_CAST } from './demoCast';
import type {
  AccountRecord,
  ComplaintRecord,
  CourtCaseRecord,
  DisputeRecord,
  EnterpriseRecord,
  FlaggedTransactionRecord,
  FraudCaseRecord,
  IncidentRecord,
  InspectionRecord,
  PenaltyRecord,
  PersonRecord,
  PetitionRecord,
  PrecursorPermitRecord,
  StopPaymentOrderRecord,
  SuspiciousReportRecord,
} from './records/types';

/** The demo cast's rows in every agency (see demoCast.ts for the story and the identifiers). */
const { wang, li, zhang, chen, jianguo, huitong, dispute, chenDispute, fraudCase, petitions, cases, incidents } = DEMO_CAST;

const freeze = <T>(records: T[]): readonly T[] => Object.freeze(records.map((record) => Object.freeze(record)));

// ── police ───────────────────────────────────────────────────────────────────
export const DEMO_PERSONS = freeze<PersonRecord>([
  {
    idNumber: wang.idNumber, name: wang.name, gender: '男', birthDate: '1978-03-15', ethnicity: '汉族',
    registeredAddress: '浙江省杭州市余杭区仓前街道文一西路1288号金都苑5幢2单元801室',
    currentAddress: '浙江省杭州市余杭区仓前街道文一西路1288号金都苑5幢2单元801室',
    phone: wang.phone, district: wang.district,
  },
  {
    idNumber: li.idNumber, name: li.name, gender: '女', birthDate: '1985-07-22', ethnicity: '汉族',
    registeredAddress: '浙江省杭州市余杭区五常街道五常大道168号锦江苑12幢1单元302室',
    currentAddress: '浙江省杭州市余杭区五常街道五常大道168号锦江苑12幢1单元302室',
    phone: li.phone, district: li.district,
  },
  {
    idNumber: zhang.idNumber, name: zhang.name, gender: '男', birthDate: '1990-01-01', ethnicity: '汉族',
    registeredAddress: '浙江省台州市路桥区路桥街道银安街288号',
    currentAddress: '浙江省台州市路桥区路北街道富仕路66号华庭苑3幢1单元1202室',
    phone: zhang.phone, district: zhang.district,
  },
  {
    idNumber: chen.idNumber, name: chen.name, gender: '女', birthDate: '1992-11-30', ethnicity: '汉族',
    registeredAddress: '浙江省湖州市吴兴区爱山街道人民路66号月河小区3幢501室',
    currentAddress: '浙江省湖州市吴兴区爱山街道人民路66号月河小区3幢501室',
    phone: chen.phone, district: chen.district,
  },
]);

export const DEMO_INCIDENTS = freeze<IncidentRecord>([
  {
    id: incidents.wangDispute, reportedAt: '2025-02-18 20:35:12+08', category: '纠纷', district: '330110',
    location: '余杭区仓前街道文一西路1288号小区门口',
    summary: '报警人王建国称与张伟因借款归还问题发生争执，双方情绪激动，民警到场后劝解，已引导双方至余杭区矛调中心调解。',
    involved: [{ idNumber: wang.idNumber, role: '报警人' }, { idNumber: zhang.idNumber, role: '当事人' }],
  },
  {
    id: incidents.liFraud, reportedAt: '2025-03-15 09:12:40+08', category: '诈骗', district: '330110',
    location: '余杭区五常街道五常大道168号',
    summary: '报警人李秀英称被拉入投资群，在虚假理财平台充值56800元后无法提现，疑似遭遇电信网络诈骗。',
    involved: [{ idNumber: li.idNumber, role: '报警人' }],
  },
]);

export const DEMO_FRAUD_CASES = freeze<FraudCaseRecord>([
  {
    id: fraudCase.id, reportedAt: '2025-03-15 09:40:00+08', victimIdNumber: li.idNumber,
    lossAmount: fraudCase.lossAmount, modus: '虚假投资理财', status: '侦查中', district: '330110',
    payees: [{ accountNumber: fraudCase.payeeAccountNumber, amount: fraudCase.lossAmount }],
  },
]);

export const DEMO_PRECURSOR_PERMITS = freeze<PrecursorPermitRecord>([
  {
    permitNumber: jianguo.precursorPermitNumber, creditCode: jianguo.creditCode, kind: '购买', chemical: '盐酸',
    quantityKg: 5000, validFrom: '2025-03-01', validUntil: '2025-08-31', district: jianguo.district,
  },
]);

// ── court ────────────────────────────────────────────────────────────────────
export const DEMO_COURT_CASES = freeze<CourtCaseRecord>([
  {
    caseNumber: cases.lending, kind: '民事', causeOfAction: '民间借贷纠纷', court: '台州市路桥区人民法院',
    district: '331004', filedAt: '2024-04-08', status: '已判决', claimAmount: 300000, judgmentAmount: 280000,
    parties: [
      { role: '原告', idNumber: wang.idNumber, creditCode: null },
      { role: '被告', idNumber: zhang.idNumber, creditCode: null },
      { role: '被告', idNumber: null, creditCode: huitong.creditCode },
    ],
    dishonestDebtors: [],
  },
  {
    caseNumber: cases.enforcement, kind: '执行', causeOfAction: '民间借贷纠纷', court: '台州市路桥区人民法院',
    district: '331004', filedAt: '2025-01-06', status: '执行中', claimAmount: 280000, judgmentAmount: null,
    parties: [
      { role: '申请执行人', idNumber: wang.idNumber, creditCode: null },
      { role: '被执行人', idNumber: zhang.idNumber, creditCode: null },
    ],
    dishonestDebtors: [{ idNumber: zhang.idNumber, creditCode: null, listedAt: '2025-03-20' }],
  },
]);

// ── petitions ────────────────────────────────────────────────────────────────
export const DEMO_PETITIONS = freeze<PetitionRecord>([
  {
    id: petitions.wangLabour, receivedAt: '2025-03-03 10:15:00+08', channel: '来访', category: '劳动争议',
    content: '反映其公司为余杭区某工地提供建材及劳务后，项目方杭州某建设工程有限公司拖欠工人工资及劳务费约38万元，多次催讨未果，请求督促支付。',
    status: '办理中', handlingUnit: '余杭区人力资源和社会保障局', petitionerIdNumber: wang.idNumber,
    respondent: '杭州某建设工程有限公司', repeatCount: 1, district: '330110',
  },
  {
    id: petitions.chenLandAcquisition, receivedAt: '2025-04-10 14:20:00+08', channel: '网上信访', category: '征地拆迁',
    content: '反映其所在村集体土地征收后，安置房分配方案未公开，补偿标准低于周边地区，要求公开征收补偿方案并重新评估。',
    status: '已受理', handlingUnit: '吴兴区房屋征收管理办公室', petitionerIdNumber: chen.idNumber,
    respondent: '吴兴区某街道办事处', repeatCount: 0, district: '330502',
  },
]);

export const DEMO_DISPUTES = freeze<DisputeRecord>([
  {
    id: dispute.id, registeredAt: '2025-02-20 09:30:00+08', module: dispute.module, complexityGrade: '较大',
    summary: '王建国反映张伟拖欠借款本金28万元，经路桥区人民法院判决后仍未履行，双方多次发生争执，申请调解。',
    mediator: '余杭区矛调中心 刘敏', outcome: '调解中', district: dispute.district,
    parties: [{ idNumber: wang.idNumber, role: '申请人' }, { idNumber: zhang.idNumber, role: '被申请人' }],
  },
  {
    id: chenDispute.id, registeredAt: '2025-04-22 09:00:00+08', module: chenDispute.module, complexityGrade: '一般',
    summary: '陈静对房屋征收补偿评估结果有异议，申请调解。',
    mediator: '吴兴区矛调中心 沈燕', outcome: '调解中', district: chenDispute.district,
    parties: [{ idNumber: chen.idNumber, role: '申请人' }],
  },
]);

// ── market ───────────────────────────────────────────────────────────────────
export const DEMO_ENTERPRISES = freeze<EnterpriseRecord>([
  {
    creditCode: jianguo.creditCode, name: jianguo.name, legalRepIdNumber: wang.idNumber, registeredCapital: 5_000_000,
    status: '存续', address: '浙江省杭州市余杭区仓前街道良睦路999号2幢301室', district: jianguo.district,
    industry: '批发和零售业', establishedOn: '2016-05-18',
  },
  {
    creditCode: huitong.creditCode, name: huitong.name, legalRepIdNumber: zhang.idNumber, registeredCapital: 10_000_000,
    status: '存续', address: '浙江省台州市路桥区路桥街道银安街288号汇通大厦1801室', district: huitong.district,
    industry: '租赁和商务服务业', establishedOn: '2019-08-06',
  },
]);

export const DEMO_INSPECTIONS = freeze<InspectionRecord>([
  {
    id: jianguo.inspectionIds[0] as string, creditCode: jianguo.creditCode, inspectedAt: '2024-08-20',
    inspectorUnit: '杭州市余杭区市场监督管理局', result: '不合格', notes: '抽检在售防水卷材拉力指标不合格，已立案调查。',
  },
  {
    id: jianguo.inspectionIds[1] as string, creditCode: jianguo.creditCode, inspectedAt: '2025-02-18',
    inspectorUnit: '杭州市余杭区市场监督管理局', result: '合格',
    notes: '复查：不合格批次已下架召回，进货查验记录完整；盐酸储存区已设专人专柜管理。',
  },
]);

export const DEMO_PENALTIES = freeze<PenaltyRecord>([
  {
    decisionNumber: jianguo.penaltyDecisionNumber, creditCode: jianguo.creditCode, decidedAt: '2024-10-15',
    violation: '销售不合格产品（防水卷材）', penaltyAmount: 35000, authority: '杭州市余杭区市场监督管理局',
  },
]);

export const DEMO_COMPLAINTS = freeze<ComplaintRecord>([]);

// ── bank ─────────────────────────────────────────────────────────────────────
export const DEMO_ACCOUNTS = freeze<AccountRecord>([
  { accountNumber: wang.accountNumber, bank: '中国农业银行', holderIdNumber: wang.idNumber, holderCreditCode: null, openedAt: '2012-06-15', status: 'NORMAL', balance: 128560.32 },
  { accountNumber: li.accountNumber, bank: '中国建设银行', holderIdNumber: li.idNumber, holderCreditCode: null, openedAt: '2010-09-01', status: 'NORMAL', balance: 12406.18 },
  { accountNumber: zhang.accountNumber, bank: '中国工商银行', holderIdNumber: zhang.idNumber, holderCreditCode: null, openedAt: '2023-11-02', status: 'FROZEN', balance: 1236.5 },
  { accountNumber: jianguo.accountNumber, bank: '中国银行', holderIdNumber: null, holderCreditCode: jianguo.creditCode, openedAt: '2016-06-01', status: 'NORMAL', balance: 862300 },
  { accountNumber: huitong.accountNumber, bank: '中国工商银行', holderIdNumber: null, holderCreditCode: huitong.creditCode, openedAt: '2019-08-20', status: 'NORMAL', balance: 2356890.4 },
]);

export const DEMO_FLAGGED_TRANSACTIONS = freeze<FlaggedTransactionRecord>([
  {
    id: 'LS-2025-00000001', accountNumber: li.accountNumber, occurredAt: '2025-03-14 21:07:05+08', direction: 'OUT',
    amount: 56800, counterpartyAccount: zhang.accountNumber, counterpartyName: zhang.name, channel: '手机银行',
    flagReason: '向涉案账户转账',
  },
  {
    id: 'LS-2025-00000002', accountNumber: zhang.accountNumber, occurredAt: '2025-03-14 21:07:06+08', direction: 'IN',
    amount: 56800, counterpartyAccount: li.accountNumber, counterpartyName: li.name, channel: '手机银行',
    flagReason: '短时间内大额资金快进快出',
  },
  {
    id: 'LS-2025-00000003', accountNumber: zhang.accountNumber, occurredAt: '2025-03-14 21:15:31+08', direction: 'OUT',
    amount: 30000, counterpartyAccount: '6228481054661209318', counterpartyName: '黄志强', channel: '手机银行',
    flagReason: '短时间内大额资金快进快出',
  },
  {
    id: 'LS-2025-00000004', accountNumber: zhang.accountNumber, occurredAt: '2025-03-14 21:22:48+08', direction: 'OUT',
    amount: 25900, counterpartyAccount: '6217001138726044184', counterpartyName: '孙丽', channel: '网上银行',
    flagReason: '短时间内大额资金快进快出',
  },
  {
    id: 'LS-2025-00000005', accountNumber: huitong.accountNumber, occurredAt: '2025-03-28 11:02:10+08', direction: 'IN',
    amount: 500000, counterpartyAccount: '6217991083255177603', counterpartyName: '周海燕', channel: '柜面',
    flagReason: '频繁接收多名个人大额转入',
  },
  {
    id: 'LS-2025-00000006', accountNumber: huitong.accountNumber, occurredAt: '2025-03-30 16:45:00+08', direction: 'OUT',
    amount: 1200000, counterpartyAccount: zhang.accountNumber, counterpartyName: zhang.name, channel: '网上银行',
    flagReason: '企业资金大额转入法定代表人个人账户',
  },
]);

export const DEMO_SUSPICIOUS_REPORTS = freeze<SuspiciousReportRecord>([
  {
    id: huitong.suspiciousReportIds[0] as string, reportedAt: '2025-04-02 10:30:00+08', reportingBank: '中国工商银行',
    accountNumber: huitong.accountNumber, creditCode: huitong.creditCode,
    reason: '资金分散转入、集中转出，交易规模与企业经营状况明显不符', amountTotal: 3860000,
  },
  {
    id: huitong.suspiciousReportIds[1] as string, reportedAt: '2025-05-20 14:05:00+08', reportingBank: '中国工商银行',
    accountNumber: huitong.accountNumber, creditCode: huitong.creditCode,
    reason: '短期内与多名个人账户发生大额资金往来，疑似非法集资', amountTotal: 1250000,
  },
  {
    id: huitong.suspiciousReportIds[2] as string, reportedAt: '2025-03-18 16:40:00+08', reportingBank: '中国工商银行',
    accountNumber: zhang.accountNumber, creditCode: huitong.creditCode,
    reason: '法定代表人个人账户与企业账户频繁大额往来，并收取涉诈资金', amountTotal: 980000,
  },
]);

export const DEMO_STOP_PAYMENT_ORDERS = freeze<StopPaymentOrderRecord>([
  {
    id: fraudCase.stopPaymentOrderId, accountNumber: fraudCase.payeeAccountNumber, fraudCaseId: fraudCase.id,
    issuedAt: '2025-03-15 10:20:00+08', amount: fraudCase.lossAmount, status: '已止付',
  },
]);
