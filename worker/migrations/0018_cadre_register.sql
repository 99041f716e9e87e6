-- The cadre register (干部名册, docs/decisions/0009): a fifth ledger kind. Its records are kept
-- like the other four (one row per natural key per submitting unit, history in record_history,
-- `current` per docs/decisions/0007). `cadre_unit` is the cadre's own unit, `contact_area` his
-- 联系点; `unit` stays the submitting unit, as everywhere.
CREATE TABLE cadres (
  id INTEGER PRIMARY KEY,
  unit TEXT NOT NULL REFERENCES units (code),
  area TEXT,
  owner_unit TEXT NOT NULL,
  natural_key TEXT NOT NULL,
  period TEXT NOT NULL,
  cadre_no TEXT NOT NULL,
  name TEXT NOT NULL,
  cadre_unit TEXT,
  post TEXT,
  rank TEXT,
  contact_area TEXT,
  data TEXT NOT NULL,
  submission_id TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  current INTEGER NOT NULL DEFAULT 1,
  UNIQUE (unit, natural_key)
);
CREATE INDEX cadres_owner ON cadres (owner_unit, cadre_no, id);
CREATE INDEX cadres_name ON cadres (name, current);
CREATE INDEX cadres_submission ON cadres (submission_id, version);
CREATE INDEX cadres_ledger ON cadres (unit, period, current, natural_key);

-- `submissions.kind` and `record_history.kind` were checked against the four kinds: SQLite cannot
-- alter a CHECK, so both tables are rebuilt with the same columns and indexes. submission_chunks
-- refers to submissions by name; the foreign keys are checked at the end of the migration.
PRAGMA defer_foreign_keys = on;

CREATE TABLE submissions_new (
  id TEXT PRIMARY KEY,
  unit TEXT NOT NULL REFERENCES units (code),
  kind TEXT NOT NULL CHECK (kind IN ('case', 'household', 'visit', 'evaluation', 'cadre')),
  period TEXT NOT NULL,
  version INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('submitted', 'accepted', 'returned', 'forwarded')),
  source_name TEXT,
  row_count INTEGER NOT NULL,
  inserted INTEGER NOT NULL DEFAULT 0,
  updated INTEGER NOT NULL DEFAULT 0,
  unchanged INTEGER NOT NULL DEFAULT 0,
  submitted_by TEXT NOT NULL,
  submitted_at TEXT NOT NULL,
  reviewed_by TEXT,
  reviewed_at TEXT,
  return_reason TEXT,
  forwarded_by TEXT,
  forwarded_at TEXT,
  receipt TEXT,
  UNIQUE (unit, kind, period, version)
);
INSERT INTO submissions_new (id, unit, kind, period, version, status, source_name, row_count,
    inserted, updated, unchanged, submitted_by, submitted_at, reviewed_by, reviewed_at,
    return_reason, forwarded_by, forwarded_at, receipt)
  SELECT id, unit, kind, period, version, status, source_name, row_count, inserted, updated,
         unchanged, submitted_by, submitted_at, reviewed_by, reviewed_at, return_reason,
         forwarded_by, forwarded_at, receipt
    FROM submissions;
DROP TABLE submissions;
ALTER TABLE submissions_new RENAME TO submissions;
CREATE INDEX submissions_unit_period ON submissions (unit, period, status);
CREATE INDEX submissions_status ON submissions (status, submitted_at);

CREATE TABLE record_history_new (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('case', 'household', 'visit', 'evaluation', 'cadre')),
  record_id INTEGER NOT NULL,
  version INTEGER NOT NULL,
  before TEXT NOT NULL,
  after TEXT NOT NULL,
  submission_id TEXT,
  at TEXT NOT NULL,
  by TEXT NOT NULL
);
INSERT INTO record_history_new (id, kind, record_id, version, before, after, submission_id, at, by)
  SELECT id, kind, record_id, version, before, after, submission_id, at, by FROM record_history;
DROP TABLE record_history;
ALTER TABLE record_history_new RENAME TO record_history;
CREATE INDEX record_history_record ON record_history (kind, record_id, version);
