-- 市场监管: 市场主体, 检查, 行政处罚, 12315 投诉
CREATE TABLE enterprises (
  credit_code          char(18) PRIMARY KEY,
  name                 text NOT NULL,
  legal_rep_id_number  char(18) NOT NULL,
  registered_capital   numeric(16, 2) NOT NULL,
  status               text NOT NULL,
  address              text NOT NULL,
  district             char(6) NOT NULL,
  industry             text NOT NULL,
  established_on       date NOT NULL
);
CREATE INDEX enterprises_legal_rep ON enterprises (legal_rep_id_number);
CREATE INDEX enterprises_district ON enterprises (district, credit_code);

CREATE TABLE inspections (
  id             text PRIMARY KEY,
  credit_code    char(18) NOT NULL REFERENCES enterprises (credit_code),
  inspected_at   date NOT NULL,
  inspector_unit text NOT NULL,
  result         text NOT NULL,
  notes          text NOT NULL
);
CREATE INDEX inspections_enterprise ON inspections (credit_code);

CREATE TABLE administrative_penalties (
  decision_number text PRIMARY KEY,
  credit_code     char(18) NOT NULL REFERENCES enterprises (credit_code),
  decided_at      date NOT NULL,
  violation       text NOT NULL,
  penalty_amount  numeric(14, 2) NOT NULL,
  authority       text NOT NULL
);
CREATE INDEX administrative_penalties_enterprise ON administrative_penalties (credit_code);

CREATE TABLE consumer_complaints (
  id                    text PRIMARY KEY,
  credit_code           char(18) NOT NULL REFERENCES enterprises (credit_code),
  complainant_id_number char(18),
  received_at           timestamptz NOT NULL,
  category              text NOT NULL,
  content               text NOT NULL,
  status                text NOT NULL
);
CREATE INDEX consumer_complaints_enterprise ON consumer_complaints (credit_code);
