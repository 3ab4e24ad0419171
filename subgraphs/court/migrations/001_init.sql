-- 法院: 案件, 当事人, 失信被执行人
CREATE TABLE cases (
  case_number      text PRIMARY KEY,
  kind             text NOT NULL CHECK (kind IN ('民事', '刑事', '行政', '执行')),
  cause_of_action  text NOT NULL,
  court            text NOT NULL,
  district         char(6) NOT NULL,
  filed_at         date NOT NULL,
  status           text NOT NULL,
  claim_amount     numeric(14, 2),
  judgment_amount  numeric(14, 2)
);
CREATE INDEX cases_page ON cases (filed_at DESC, case_number DESC);
CREATE INDEX cases_district_page ON cases (district, filed_at DESC, case_number DESC);

-- a party is a person (id_number) or an enterprise (credit_code), never both
CREATE TABLE case_parties (
  case_number text NOT NULL REFERENCES cases (case_number),
  role        text NOT NULL,
  id_number   char(18),
  credit_code char(18),
  CHECK ((id_number IS NULL) <> (credit_code IS NULL))
);
CREATE INDEX case_parties_case ON case_parties (case_number);
CREATE INDEX case_parties_person ON case_parties (id_number) WHERE id_number IS NOT NULL;
CREATE INDEX case_parties_enterprise ON case_parties (credit_code) WHERE credit_code IS NOT NULL;

CREATE TABLE dishonest_debtors (
  case_number text NOT NULL REFERENCES cases (case_number),
  id_number   char(18),
  credit_code char(18),
  listed_at   date NOT NULL,
  CHECK ((id_number IS NULL) <> (credit_code IS NULL))
);
CREATE INDEX dishonest_debtors_person ON dishonest_debtors (id_number) WHERE id_number IS NOT NULL;
CREATE INDEX dishonest_debtors_enterprise ON dishonest_debtors (credit_code) WHERE credit_code IS NOT NULL;
