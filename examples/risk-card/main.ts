import { operation, type ExampleProgram } from '../kit/runExample';

/** 台州路桥汇通投资有限公司 and 杭州建国建材有限公司, the demo cast's enterprises. */
const DEFAULT_ENTERPRISES = ['91331004MA2J8L4Q7U', '91330110MA2H3K7P6N'];

export interface RiskFacts {
  dishonestDebtor: boolean;
  cases: { kind: string; status: string }[];
  penalties: unknown[];
  suspiciousTransactionReports: unknown[];
}

export type RiskColour = '红' | '黄' | '绿';

/**
 * The card's rule, as the 路桥 team states it: red (红卡) for a dishonest judgment debtor or two or more
 * suspicious-transaction reports; yellow (黄卡) for any suit, penalty or report; green (绿卡) otherwise.
 */
export function riskColour(facts: RiskFacts): { colour: RiskColour; reasons: string[] } {
  const reasons: string[] = [];
  if (facts.dishonestDebtor) reasons.push('失信被执行人');
  if (facts.suspiciousTransactionReports.length > 0) reasons.push(`可疑交易报告 ${facts.suspiciousTransactionReports.length} 份`);
  if (facts.cases.length > 0) reasons.push(`涉诉 ${facts.cases.length} 件`);
  if (facts.penalties.length > 0) reasons.push(`行政处罚 ${facts.penalties.length} 次`);
  if (facts.dishonestDebtor || facts.suspiciousTransactionReports.length >= 2) return { colour: '红', reasons };
  if (reasons.length > 0) return { colour: '黄', reasons };
  return { colour: '绿', reasons: ['无涉诉、处罚和可疑交易'] };
}

/**
 * 路桥 "融"易治 金融风险三色卡: one agreed operation per enterprise — its court suits, administrative
 * penalties and suspicious-transaction reports — and the card computed from them. Credit codes on the
 * command line, else the demo cast's two enterprises.
 */
const riskCard: ExampleProgram = async (context) => {
  const codes = context.args.length > 0 ? context.args : DEFAULT_ENTERPRISES;
  const lines: string[] = [];
  for (const creditCode of codes) {
    const { data } = await context.client.run<{ enterprise: null | (RiskFacts & { creditCode: string; name: string; status: string; district: string; industry: string }) }>(
      operation(context, 'EnterpriseRiskCard'),
      { purpose: context.application.purpose, variables: { creditCode } },
    );
    const enterprise = data.enterprise;
    if (!enterprise) {
      lines.push(`${creditCode}：未找到企业`);
      continue;
    }
    const card = riskColour(enterprise);
    lines.push(`${card.colour}卡  ${enterprise.name}（${enterprise.creditCode}，${enterprise.industry}，${enterprise.status}）`);
    lines.push(`  ${card.reasons.join('；')}`);
  }
  return lines;
};

export default riskCard;
