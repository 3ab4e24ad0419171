import type { World } from '../population/world';
import {
  accountRecords,
  flaggedTransactionRecords,
  stopPaymentOrderRecords,
  suspiciousReportRecords,
} from '../records/bank';
import { tableOf, type TableSpec } from './tableSpec';

/** bank tables in foreign-key order (subgraphs/bank/migrations). */
export function bankTables(world: World): TableSpec[] {
  const everyone = world.persons + world.enterprises;
  return [
    tableOf(
      'accounts',
      ['account_number', 'bank', 'holder_id_number', 'holder_credit_code', 'opened_at', 'status', 'balance'],
      everyone,
      (tick) => accountRecords(world, tick),
      (a) => [[a.accountNumber, a.bank, a.holderIdNumber, a.holderCreditCode, a.openedAt, a.status, a.balance.toFixed(2)]],
    ),
    tableOf(
      'flagged_transactions',
      ['id', 'account_number', 'occurred_at', 'direction', 'amount', 'counterparty_account', 'counterparty_name', 'channel', 'flag_reason'],
      everyone,
      (tick) => flaggedTransactionRecords(world, tick),
      (t) => [[t.id, t.accountNumber, t.occurredAt, t.direction, t.amount.toFixed(2), t.counterpartyAccount, t.counterpartyName, t.channel, t.flagReason]],
    ),
    tableOf(
      'suspicious_transaction_reports',
      ['id', 'reported_at', 'reporting_bank', 'account_number', 'credit_code', 'reason', 'amount_total'],
      everyone,
      (tick) => suspiciousReportRecords(world, tick),
      (r) => [[r.id, r.reportedAt, r.reportingBank, r.accountNumber, r.creditCode, r.reason, r.amountTotal.toFixed(2)]],
    ),
    tableOf(
      'stop_payment_orders',
      ['id', 'account_number', 'fraud_case_id', 'issued_at', 'amount', 'status'],
      world.persons,
      (tick) => stopPaymentOrderRecords(world, tick),
      (s) => [[s.id, s.accountNumber, s.fraudCaseId, s.issuedAt, s.amount.toFixed(2), s.status]],
    ),
  ];
}
