import { weightedTable } from '../random';

/** 银行 vocabulary: transaction channels, monitoring flags, suspicious-transaction report reasons. */

export const CHANNELS = weightedTable<string>([['手机银行', 45], ['网上银行', 20], ['第三方支付', 15], ['柜面', 10], ['ATM', 10]]);

export const ORDINARY_FLAG_REASONS = weightedTable<string>([
  ['单笔大额现金存取', 35], ['夜间频繁交易', 20], ['短时间内多笔转入转出', 25], ['与高风险地区账户交易', 10], ['交易金额与身份不符', 10],
]);

export const MULE_FLAG_REASONS = weightedTable<string>([
  ['短时间内大额资金快进快出', 50], ['接收多名个人转入后迅速转出', 30], ['与涉诈账户发生交易', 20],
]);

export const ENTERPRISE_FLAG_REASONS = weightedTable<string>([
  ['频繁接收多名个人大额转入', 35], ['资金分散转入集中转出', 35], ['企业资金大额转入个人账户', 30],
]);

export const ENTERPRISE_REPORT_REASONS = weightedTable<string>([
  ['资金分散转入、集中转出，交易规模与企业经营状况明显不符', 30],
  ['短期内与多名个人账户发生大额资金往来，疑似非法集资', 25],
  ['频繁发生与经营范围无关的大额交易', 20],
  ['疑似利用企业账户为地下钱庄转移资金', 15],
  ['公转私交易频繁，疑似逃避税收监管', 10],
]);

export const PERSON_REPORT_REASONS = weightedTable<string>([
  ['账户短期内接收多笔涉诈资金并迅速转出', 60],
  ['个人账户交易频率与身份明显不符，疑似出租出借账户', 40],
]);
