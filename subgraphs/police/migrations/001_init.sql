-- 公安: 户籍人口, 警情, 电诈案件, 易制毒化学品许可证
CREATE TABLE persons (
  id_number          char(18) PRIMARY KEY,
  name               text NOT NULL,
  gender             text NOT NULL CHECK (gender IN ('男', '女')),
  birth_date         date NOT NULL,
  ethnicity          text NOT NULL,
  registered_address text NOT NULL,
  current_address    text NOT NULL,
  phone              text NOT NULL,
  district           char(6) NOT NULL
);
CREATE INDEX persons_district ON persons (district);

CREATE TABLE incidents (
  id          text PRIMARY KEY,
  reported_at timestamptz NOT NULL,
  category    text NOT NULL,
  district    char(6) NOT NULL,
  location    text NOT NULL,
  summary     text NOT NULL
);
-- keyset pagination walks (reported_at DESC, id DESC) within a filter
CREATE INDEX incidents_page ON incidents (reported_at DESC, id DESC);
CREATE INDEX incidents_district_page ON incidents (district, reported_at DESC, id DESC);

CREATE TABLE incident_persons (
  incident_id text NOT NULL REFERENCES incidents (id),
  id_number   char(18) NOT NULL REFERENCES persons (id_number),
  role        text NOT NULL,
  PRIMARY KEY (incident_id, id_number)
);
CREATE INDEX incident_persons_person ON incident_persons (id_number);

CREATE TABLE fraud_cases (
  id               text PRIMARY KEY,
  reported_at      timestamptz NOT NULL,
  victim_id_number char(18) NOT NULL REFERENCES persons (id_number),
  loss_amount      numeric(14, 2) NOT NULL,
  modus            text NOT NULL,
  status           text NOT NULL,
  district         char(6) NOT NULL
);
CREATE INDEX fraud_cases_victim ON fraud_cases (victim_id_number);

-- accounts live in the bank's database: only their numbers are kept here
CREATE TABLE fraud_case_payee_accounts (
  fraud_case_id  text NOT NULL REFERENCES fraud_cases (id),
  account_number text NOT NULL,
  amount         numeric(14, 2) NOT NULL,
  PRIMARY KEY (fraud_case_id, account_number)
);

CREATE TABLE precursor_permits (
  permit_number text PRIMARY KEY,
  credit_code   char(18) NOT NULL,
  kind          text NOT NULL CHECK (kind IN ('购买', '运输')),
  chemical      text NOT NULL,
  quantity_kg   numeric(12, 2) NOT NULL,
  valid_from    date NOT NULL,
  valid_until   date NOT NULL,
  district      char(6) NOT NULL
);
CREATE INDEX precursor_permits_enterprise ON precursor_permits (credit_code);
