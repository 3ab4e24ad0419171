import type { Database } from '@govgraph/subgraph-kit';

/**
 * The demo cast's people's mediation cases, always the same: 王建国's lending dispute with 张伟 (TJ-2025-330110-00001,
 * referred by 余杭区矛调中心) settled before a committee of 余杭区, and 陈静's compensation dispute
 * (TJ-2025-330502-00001) still being mediated in 吴兴区 — the district-bound grid worker sees only hers.
 */
export const DEMO_MEDIATIONS = Object.freeze([
  {
    disputeId: 'TJ-2025-330110-00001',
    caseNumber: '(2025)余仓调字第017号',
    committee: '余杭区仓前街道人民调解委员会',
    acceptedOn: '2025-02-24',
    status: '调解成功',
    mediatorName: '周国平',
    agreement: '张伟于2025年6月30日前分三期向王建国偿还借款本金28万元，王建国放弃利息主张；双方共同申请司法确认。',
    settlementAmount: 280_000,
    judiciallyConfirmed: true,
    district: '330110',
  },
  {
    disputeId: 'TJ-2025-330502-00001',
    caseNumber: '(2025)吴月调字第009号',
    committee: '吴兴区月河街道人民调解委员会',
    acceptedOn: '2025-04-25',
    status: '调解中',
    mediatorName: '沈建华',
    agreement: null,
    settlementAmount: null,
    judiciallyConfirmed: false,
    district: '330502',
  },
]);

/** Inserts the demo cases that are missing; run after the migrations, as often as wanted. Returns how many were added. */
export async function seedMediation(db: Database): Promise<number> {
  let added = 0;
  for (const row of DEMO_MEDIATIONS) {
    const inserted = await db.query<{ dispute_id: string }>(
      `INSERT INTO mediations (dispute_id, case_number, committee, accepted_on, status, mediator_name, agreement, settlement_amount, judicially_confirmed, district)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (dispute_id) DO NOTHING RETURNING dispute_id`,
      [row.disputeId, row.caseNumber, row.committee, row.acceptedOn, row.status, row.mediatorName, row.agreement, row.settlementAmount, row.judiciallyConfirmed, row.district],
    );
    added += inserted.length;
  }
  return added;
}
