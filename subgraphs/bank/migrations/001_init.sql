-- 银行: 账户, 可疑交易, 可疑交易报告, 紧急止付
CREATE TABLE accounts (
  account_number     text PRIMARY KEY,
  bank               text NOT NULL,
  holder_id_number   char(18),
  holder_credit_code char(18),
  opened_at          date NOT NULL,
  status             text NOT NULL CHECK (status IN ('NORMAL', 'FROZEN', 'CLOSED')),
  balance            numeric(16, 2) NOT NULL,
  CHECK ((holder_id_number IS NULL) <> (holder_credit_code IS NULL))
);
CREATE INDEX accounts_person ON accounts (holder_id_number) WHERE holder_id_number IS NOT NULL;
CREATE INDEX accounts_enterprise ON accounts (holder_credit_code) WHERE holder_credit_code IS NOT NULL;

-- only transactions flagged by monitoring are shared
CREATE TABLE flagged_transactions (
  id                   text PRIMARY KEY,
  account_number       text NOT NULL REFERENCES accounts (account_number),
  occurred_at          timestamptz NOT NULL,
  direction            text NOT NULL CHECK (direction IN ('IN', 'OUT')),
  amount               numeric(14, 2) NOT NULL,
  counterparty_account text NOT NULL,
  counterparty_name    text NOT NULL,
  channel              text NOT NULL,
  flag_reason          text NOT NULL
);
CREATE INDEX flagged_transactions_account ON flagged_transactions (account_number, occurred_at DESC);

CREATE TABLE suspicious_transaction_reports (
  id             text PRIMARY KEY,
  reported_at    timestamptz NOT NULL,
  reporting_bank text NOT NULL,
  account_number text NOT NULL REFERENCES accounts (account_number),
  credit_code    char(18),
  reason         text NOT NULL,
  amount_total   numeric(16, 2) NOT NULL
);
CREATE INDEX suspicious_reports_page ON suspicious_transaction_reports (reported_at DESC, id DESC);
CREATE INDEX suspicious_reports_enterprise ON suspicious_transaction_reports (credit_code) WHERE credit_code IS NOT NULL;
CREATE INDEX suspicious_reports_account ON suspicious_transaction_reports (account_number);

CREATE TABLE stop_payment_orders (
  id             text PRIMARY KEY,
  account_number text NOT NULL REFERENCES accounts (account_number),
  fraud_case_id  text NOT NULL,
  issued_at      timestamptz NOT NULL,
  amount         numeric(14, 2) NOT NULL,
  status         text NOT NULL
);
CREATE INDEX stop_payment_orders_account ON stop_payment_orders (account_number);
CREATE INDEX stop_payment_orders_fraud_case ON stop_payment_orders (fraud_case_id);
