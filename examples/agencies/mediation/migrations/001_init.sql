-- 司法局 人民调解: the cases people's mediation committees took over from the dispute-mediation centre.
CREATE TABLE mediations (
  dispute_id           text PRIMARY KEY,         -- the 矛调中心's dispute id the case was referred under
  case_number          text NOT NULL UNIQUE,     -- the committee's own file number
  committee            text NOT NULL,
  accepted_on          date NOT NULL,
  status               text NOT NULL CHECK (status IN ('调解中', '调解成功', '调解不成', '终止调解')),
  mediator_name        text NOT NULL,
  agreement            text,
  settlement_amount    numeric(14, 2),
  judicially_confirmed boolean NOT NULL DEFAULT false,
  district             char(6) NOT NULL
);
CREATE INDEX mediations_district ON mediations (district);
