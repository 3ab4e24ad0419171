import { operation, type ExampleProgram } from '../kit/runExample';

/** 杭州建国建材有限公司: holds a permit to buy hydrochloric acid. */
const DEFAULT_ENTERPRISES = ['91330110MA2H3K7P6N'];
/** A permit ending within this many days is flagged for renewal. */
export const EXPIRING_WITHIN_DAYS = 60;

export function permitStanding(validUntil: string, today: Date): '已过期' | '即将到期' | '有效' {
  const end = Date.parse(`${validUntil}T23:59:59+08:00`);
  if (end < today.getTime()) return '已过期';
  return end - today.getTime() <= EXPIRING_WITHIN_DAYS * 24 * 3600_000 ? '即将到期' : '有效';
}

/**
 * 衢州 易制毒化学品监管: an enterprise's precursor-chemical permits, inspections and penalties, with the
 * permits that have expired or end within 60 days flagged. Credit codes on the command line, else 建国建材.
 */
const precursor: ExampleProgram = async (context) => {
  const codes = context.args.length > 0 ? context.args : DEFAULT_ENTERPRISES;
  const today = new Date();
  const lines: string[] = [];
  for (const creditCode of codes) {
    const { data } = await context.client.run<{ enterprise: null | {
      name: string; creditCode: string; status: string; address: string;
      precursorPermits: { permitNumber: string; kind: string; chemical: string; quantityKg: number; validFrom: string; validUntil: string }[];
      inspections: { inspectedAt: string; inspectorUnit: string; result: string }[];
      penalties: { decisionNumber: string; decidedAt: string; violation: string; penaltyAmount: number }[];
    } }>(operation(context, 'PrecursorSupervision'), { purpose: context.application.purpose, variables: { creditCode } });
    const enterprise = data.enterprise;
    if (!enterprise) {
      lines.push(`${creditCode}：未找到企业`);
      continue;
    }
    lines.push(`${enterprise.name}（${enterprise.creditCode}，${enterprise.status}）${enterprise.address}`);
    let flagged = 0;
    for (const permit of enterprise.precursorPermits) {
      const standing = permitStanding(permit.validUntil, today);
      if (standing !== '有效') flagged += 1;
      lines.push(`  ${standing === '有效' ? '  ' : '⚠ '}许可证 ${permit.permitNumber}  ${permit.kind} ${permit.chemical} ${permit.quantityKg} kg  ${permit.validFrom} 至 ${permit.validUntil}  ${standing}`);
    }
    for (const inspection of enterprise.inspections) lines.push(`    检查 ${inspection.inspectedAt}  ${inspection.inspectorUnit}  ${inspection.result}`);
    for (const penalty of enterprise.penalties) lines.push(`    处罚 ${penalty.decisionNumber}  ${penalty.decidedAt}  ${penalty.violation}  ${penalty.penaltyAmount.toLocaleString('zh-CN')} 元`);
    lines.push(`  许可证 ${enterprise.precursorPermits.length} 张，需关注 ${flagged} 张；检查 ${enterprise.inspections.length} 次；处罚 ${enterprise.penalties.length} 次`);
  }
  return lines;
};

export default precursor;
