-- The ledger kinds are declared once, in the ledger registry (shared/ledgers/index.ts): the Worker
-- accepts only a registered kind, so `submissions.kind` and `record_history.kind` no longer list
-- them, and a new ledger needs no rebuild of these tables. SQLite cannot drop a CHECK, so both
-- are rebuilt with the same columns, rows and indexes (no trigger or foreign key refers to them).
PRAGMA defer_foreign_keys = on;

CREATE TABLE submissions_new (
  id TEXT PRIMARY KEY,
  unit TEXT NOT NULL REFERENCES units (code),
  kind TEXT NOT NULL,
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
  kind TEXT NOT NULL,
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
