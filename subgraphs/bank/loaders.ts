import { rowByKey, rowsByKey, unrestrictedOnly, type Database, type RowScope } from '@govgraph/subgraph-kit';

/*
 * Accounts are read through `accounts a` and reports through `suspicious_transaction_reports r`, so a
 * row-level filter (a bank compliance officer seeing only their own bank) is one more condition on
 * each. Transactions and stop-payment orders are only read for an account or fraud case already named.
 *
 * Jurisdiction: bank rows carry no district, so a district-bound caller (grid worker) gets none of them
 * (`unrestrictedOnly()`, $2: fail closed); no purpose open to grid workers reaches a bank field anyway.
 * Each statement that finds accounts, reports or a fraud case's orders takes the scope; flagged
 * transactions and an account's orders hang off an account already found in scope.
 */
const ACCOUNT = `a.account_number AS "accountNumber", a.bank, a.holder_id_number AS "holderIdNumber",
  a.holder_credit_code AS "holderCreditCode", a.opened_at AS "openedAt", a.status, a.balance`;
const TRANSACTION = `t.id, t.occurred_at AS "occurredAt", t.direction, t.amount,
  t.counterparty_account AS "counterpartyAccount", t.counterparty_name AS "counterpartyName", t.channel,
  t.flag_reason AS "flagReason"`;
export const REPORT = `r.id, r.reported_at AS "reportedAt", r.reporting_bank AS "reportingBank",
  r.account_number AS "accountNumber", r.credit_code AS "creditCode", r.reason, r.amount_total AS "amountTotal"`;
const STOP_PAYMENT = `s.id, s.account_number AS "accountNumber", s.fraud_case_id AS "fraudCaseId",
  s.issued_at AS "issuedAt", s.amount, s.status`;

/** One row of `accounts`: exactly one of the holder columns is set (a CHECK guarantees it). */
export interface AccountRow {
  accountNumber: string;
  bank: string;
  holderIdNumber: string | null;
  holderCreditCode: string | null;
  /** 'YYYY-MM-DD'. */
  openedAt: string;
  /** NORMAL, FROZEN or CLOSED: the AccountStatus enum's values as they are. */
  status: string;
  balance: number;
}
export interface TransactionRow {
  id: string;
  occurredAt: string;
  direction: string;
  amount: number;
  counterpartyAccount: string;
  counterpartyName: string;
  channel: string;
  flagReason: string;
}
export interface ReportRow {
  id: string;
  /** ISO timestamp (UTC), to the millisecond. */
  reportedAt: string;
  reportingBank: string;
  accountNumber: string;
  creditCode: string | null;
  reason: string;
  amountTotal: number;
}
export interface StopPaymentRow {
  id: string;
  accountNumber: string;
  fraudCaseId: string;
  issuedAt: string;
  amount: number;
  status: string;
}

export function createBankLoaders(db: Database, scope: RowScope) {
  return {
    accountByNumber: rowByKey<AccountRow & { key: string }>(
      db,
      `SELECT a.account_number AS key, ${ACCOUNT} FROM accounts a WHERE a.account_number = ANY($1) AND ${unrestrictedOnly()}`,
      scope,
    ),
    accountsByPerson: rowsByKey<AccountRow & { key: string }>(
      db,
      `SELECT a.holder_id_number AS key, ${ACCOUNT} FROM accounts a
       WHERE a.holder_id_number = ANY($1) AND ${unrestrictedOnly()} ORDER BY a.opened_at DESC, a.account_number`,
      scope,
    ),
    accountsByEnterprise: rowsByKey<AccountRow & { key: string }>(
      db,
      `SELECT a.holder_credit_code AS key, ${ACCOUNT} FROM accounts a
       WHERE a.holder_credit_code = ANY($1) AND ${unrestrictedOnly()} ORDER BY a.opened_at DESC, a.account_number`,
      scope,
    ),
    flaggedTransactionsByAccount: rowsByKey<TransactionRow & { key: string }>(
      db,
      `SELECT t.account_number AS key, ${TRANSACTION} FROM flagged_transactions t
       WHERE t.account_number = ANY($1) ORDER BY t.occurred_at DESC, t.id DESC`,
    ),
    reportById: rowByKey<ReportRow & { key: string }>(
      db,
      `SELECT r.id AS key, ${REPORT} FROM suspicious_transaction_reports r WHERE r.id = ANY($1) AND ${unrestrictedOnly()}`,
      scope,
    ),
    reportsByEnterprise: rowsByKey<ReportRow & { key: string }>(
      db,
      `SELECT r.credit_code AS key, ${REPORT} FROM suspicious_transaction_reports r
       WHERE r.credit_code = ANY($1) AND ${unrestrictedOnly()} ORDER BY r.reported_at DESC, r.id DESC`,
      scope,
    ),
    stopPaymentOrdersByAccount: rowsByKey<StopPaymentRow & { key: string }>(
      db,
      `SELECT s.account_number AS key, ${STOP_PAYMENT} FROM stop_payment_orders s
       WHERE s.account_number = ANY($1) ORDER BY s.issued_at DESC, s.id DESC`,
    ),
    stopPaymentOrdersByFraudCase: rowsByKey<StopPaymentRow & { key: string }>(
      db,
      `SELECT s.fraud_case_id AS key, ${STOP_PAYMENT} FROM stop_payment_orders s
       WHERE s.fraud_case_id = ANY($1) AND ${unrestrictedOnly()} ORDER BY s.issued_at DESC, s.id DESC`,
      scope,
    ),
  };
}

export type BankLoaders = ReturnType<typeof createBankLoaders>;
