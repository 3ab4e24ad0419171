import { operation, type ExampleProgram } from '../kit/runExample';

interface Account {
  accountNumber: string;
  bank: string;
  status: string;
  balance: number;
  holder: { name: string; idNumber?: string; creditCode?: string } | null;
  stopPaymentOrders: { id: string; issuedAt: string; amount: number; status: string }[];
}

/**
 * 嘉兴 数字反诈: the desk follows a fraud case's money — the payee accounts, who holds them, their
 * stop-payment orders — then each payee account's flagged transactions (where the money went next).
 * Two agreed operations, both under the fraud case as the case reference.
 */
const antiFraud: ExampleProgram = async (context) => {
  if (!context.caseRef) throw new Error('name the fraud case: --case DZ-…');
  const purpose = context.application.purpose;
  const { data } = await context.client.run<{ fraudCase: null | { id: string; modus: string; status: string; district: string; lossAmount: number; reportedAt: string; victim: { name: string } | null; payeeAccounts: Account[] } }>(
    operation(context, 'FraudCaseDesk'),
    { purpose, caseRef: context.caseRef, variables: { id: context.caseRef } },
  );
  const fraud = data.fraudCase;
  if (!fraud) return [`电诈案件 ${context.caseRef} 未找到`];
  const lines = [
    `电诈案件 ${fraud.id}  手法 ${fraud.modus}  状态 ${fraud.status}  地区 ${fraud.district}`,
    `  受害人 ${fraud.victim?.name ?? '—'}  损失 ${fraud.lossAmount.toLocaleString('zh-CN')} 元  报案 ${fraud.reportedAt.slice(0, 10)}`,
  ];
  let stopped = 0;
  for (const account of fraud.payeeAccounts) {
    lines.push(`  收款账户 ${account.accountNumber}（${account.bank}，${account.status === 'FROZEN' ? '已冻结' : account.status}）持有人 ${account.holder?.name ?? '—'}  余额 ${account.balance.toLocaleString('zh-CN')} 元`);
    for (const order of account.stopPaymentOrders) {
      stopped += order.amount;
      lines.push(`    紧急止付 ${order.id}  ${order.issuedAt.slice(0, 10)}  ${order.amount.toLocaleString('zh-CN')} 元  ${order.status}`);
    }
    const trail = await context.client.run<{ account: null | { flaggedTransactions: { occurredAt: string; direction: string; amount: number; counterpartyName: string | null; flagReason: string }[] } }>(
      operation(context, 'PayeeAccountTrail'),
      { purpose, caseRef: context.caseRef, variables: { accountNumber: account.accountNumber } },
    );
    const outgoing = trail.data.account?.flaggedTransactions.filter((transaction) => transaction.direction === 'OUT') ?? [];
    lines.push(`    可疑转出 ${outgoing.length} 笔${outgoing.map((transaction) => `：${transaction.amount.toLocaleString('zh-CN')} 元 → ${transaction.counterpartyName ?? '未知'}`).join('')}`);
  }
  lines.push(`止付合计 ${stopped.toLocaleString('zh-CN')} 元 / 损失 ${fraud.lossAmount.toLocaleString('zh-CN')} 元`);
  return lines;
};

export default antiFraud;
