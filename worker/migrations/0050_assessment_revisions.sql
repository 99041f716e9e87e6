-- The finalised year-end roll (定稿) and its appeals (申诉), docs/decisions/0014. A revision is the
-- roll of a district's year and kind frozen as it was signed off: its rows, where each row belongs
-- (`owners`, for reading one unit's part), and the settings it was computed with. Revision 1 is the
-- finalisation; every later one a correction with its reason, or the answer to an upheld appeal.
-- Nothing here is ever updated but an appeal's answer.
CREATE TABLE assessment_revisions (
  id INTEGER PRIMARY KEY,
  district TEXT NOT NULL REFERENCES units (code),
  year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  of TEXT NOT NULL CHECK (of IN ('units', 'departments', 'cadres')),
  revision INTEGER NOT NULL CHECK (revision >= 1),
  as_of TEXT NOT NULL,
  rows TEXT NOT NULL,
  owners TEXT NOT NULL,
  settings TEXT NOT NULL,
  reason TEXT,
  appeal_id INTEGER,
  signed_by TEXT NOT NULL,
  signed_at TEXT NOT NULL,
  UNIQUE (district, year, of, revision)
);

CREATE TABLE assessment_appeals (
  id INTEGER PRIMARY KEY,
  district TEXT NOT NULL REFERENCES units (code),
  year INTEGER NOT NULL,
  of TEXT NOT NULL CHECK (of IN ('units', 'departments', 'cadres')),
  subject TEXT NOT NULL,
  figure TEXT NOT NULL,
  -- The revision appealed against, and the unit that filed it (the subject's, or the cadre's unit).
  revision INTEGER NOT NULL,
  unit TEXT NOT NULL REFERENCES units (code),
  reason TEXT NOT NULL,
  records TEXT NOT NULL,
  filed_by TEXT NOT NULL,
  filed_at TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'upheld', 'rejected')),
  answer TEXT,
  answered_by TEXT,
  answered_at TEXT,
  -- The revision an upheld appeal led to.
  answer_revision INTEGER
);
CREATE INDEX assessment_appeals_year ON assessment_appeals (district, year, of, status);
-- One open appeal per row and figure: a second one waits for the answer to the first.
CREATE UNIQUE INDEX assessment_appeals_open ON assessment_appeals (district, year, of, subject, figure)
  WHERE status = 'open';
