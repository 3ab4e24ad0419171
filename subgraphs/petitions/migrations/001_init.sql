-- 信访 / 矛调中心: 信访件, 矛盾纠纷
CREATE TABLE petitions (
  id                   text PRIMARY KEY,
  received_at          timestamptz NOT NULL,
  channel              text NOT NULL,
  category             text NOT NULL,
  content              text NOT NULL,
  status               text NOT NULL,
  handling_unit        text NOT NULL,
  petitioner_id_number char(18) NOT NULL,
  respondent           text NOT NULL,
  repeat_count         integer NOT NULL DEFAULT 0,
  district             char(6) NOT NULL
);
CREATE INDEX petitions_page ON petitions (received_at DESC, id DESC);
CREATE INDEX petitions_district_page ON petitions (district, received_at DESC, id DESC);
CREATE INDEX petitions_petitioner ON petitions (petitioner_id_number);

CREATE TABLE disputes (
  id               text PRIMARY KEY,
  registered_at    timestamptz NOT NULL,
  module           text NOT NULL,
  complexity_grade text NOT NULL,
  summary          text NOT NULL,
  mediator         text NOT NULL,
  outcome          text NOT NULL,
  district         char(6) NOT NULL
);
CREATE INDEX disputes_page ON disputes (registered_at DESC, id DESC);

CREATE TABLE dispute_parties (
  dispute_id text NOT NULL REFERENCES disputes (id),
  id_number  char(18) NOT NULL,
  role       text NOT NULL,
  PRIMARY KEY (dispute_id, id_number)
);
CREATE INDEX dispute_parties_person ON dispute_parties (id_number);
