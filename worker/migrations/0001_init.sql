-- Minqing schema: the organisation, accounts and sessions, submissions with their versions, the four
-- ledgers' records (one row per natural key per unit), their history, case events, per-district
-- settings, the audit log and idempotency keys. Times are ISO-8601 UTC text; dates ISO `YYYY-MM-DD`.

-- Organisation tree: district → sub-district → residential area, departments beside it.
CREATE TABLE units (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('district', 'subdistrict', 'residential', 'department')),
  parent TEXT REFERENCES units (code),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX units_parent ON units (parent);

CREATE TABLE accounts (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  unit TEXT NOT NULL REFERENCES units (code),
  -- JSON array of 'clerk' | 'reviewer' | 'admin'
  roles TEXT NOT NULL,
  -- PBKDF2-SHA256: hex salt, hex derived key, iteration count
  salt TEXT NOT NULL,
  hash TEXT NOT NULL,
  iterations INTEGER NOT NULL,
  password_changed_at TEXT NOT NULL,
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until TEXT,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);
CREATE INDEX accounts_unit ON accounts (unit);

-- Bearer tokens are stored only as their SHA-256 hash.
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts (id),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE INDEX sessions_account ON sessions (account_id, revoked_at);

-- Failed logins per client address, for the per-address rate limit.
CREATE TABLE login_failures (
  address TEXT PRIMARY KEY,
  window_start TEXT NOT NULL,
  failures INTEGER NOT NULL
);

-- One row per version of a unit's ledger for a period. The UNIQUE version makes the loser of two
-- concurrent submissions fail whole.
CREATE TABLE submissions (
  id TEXT PRIMARY KEY,
  unit TEXT NOT NULL REFERENCES units (code),
  kind TEXT NOT NULL CHECK (kind IN ('case', 'household', 'visit', 'evaluation')),
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
CREATE INDEX submissions_unit_period ON submissions (unit, period, status);
CREATE INDEX submissions_status ON submissions (status, submitted_at);

-- The canonical rows of a submission exactly as written, in chunks (what `GET /api/submissions/:id` returns).
CREATE TABLE submission_chunks (
  submission_id TEXT NOT NULL REFERENCES submissions (id),
  seq INTEGER NOT NULL,
  rows TEXT NOT NULL,
  PRIMARY KEY (submission_id, seq)
) WITHOUT ROWID;

-- The four ledgers. `unit` is the submitting unit, `area` the record's residential area,
-- `owner_unit` the unit whose subtree sees it (area, else unit). `data` is the canonical record.
CREATE TABLE cases (
  id INTEGER PRIMARY KEY,
  unit TEXT NOT NULL REFERENCES units (code),
  area TEXT,
  owner_unit TEXT NOT NULL,
  natural_key TEXT NOT NULL,
  period TEXT NOT NULL,
  case_no TEXT NOT NULL,
  received_on TEXT NOT NULL,
  channel TEXT,
  reporter_name TEXT NOT NULL,
  reporter_phone TEXT,
  address TEXT,
  category TEXT,
  summary TEXT NOT NULL,
  -- 首问负责制: set by the first submission, never changed afterwards.
  first_receiver TEXT NOT NULL,
  assignee TEXT,
  -- The department (or unit) code the assignee resolves to, when it names one.
  assignee_unit TEXT,
  status TEXT,
  replied_on TEXT,
  resolved_on TEXT,
  result TEXT,
  signed_off INTEGER,
  revisit_on TEXT,
  satisfaction TEXT,
  remarks TEXT,
  -- 0 居民区, 1 街道/镇, 2 区, 3 常委会
  level INTEGER NOT NULL DEFAULT 0 CHECK (level BETWEEN 0 AND 3),
  reply_due TEXT,
  resolution_due TEXT,
  data TEXT NOT NULL,
  submission_id TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (unit, natural_key)
);
CREATE INDEX cases_owner_received ON cases (owner_unit, received_on, id);
CREATE INDEX cases_received ON cases (received_on, id);
CREATE INDEX cases_owner_status ON cases (owner_unit, status);
CREATE INDEX cases_level ON cases (level, status);
CREATE INDEX cases_category ON cases (category, received_on);
CREATE INDEX cases_assignee ON cases (assignee_unit, received_on);
CREATE INDEX cases_resolution_due ON cases (resolution_due);
CREATE INDEX cases_reporter_phone ON cases (reporter_phone, category);
CREATE INDEX cases_submission ON cases (submission_id, version);

CREATE TABLE households (
  id INTEGER PRIMARY KEY,
  unit TEXT NOT NULL REFERENCES units (code),
  area TEXT,
  owner_unit TEXT NOT NULL,
  natural_key TEXT NOT NULL,
  period TEXT NOT NULL,
  household_no TEXT NOT NULL,
  address TEXT NOT NULL,
  head_name TEXT NOT NULL,
  phone TEXT,
  members INTEGER,
  household_type TEXT,
  needs TEXT,
  paired_cadre TEXT,
  paired_since TEXT,
  last_visit_on TEXT,
  data TEXT NOT NULL,
  submission_id TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (unit, natural_key)
);
CREATE INDEX households_owner ON households (owner_unit, household_no, id);
CREATE INDEX households_type ON households (household_type, owner_unit);
CREATE INDEX households_last_visit ON households (last_visit_on);
CREATE INDEX households_submission ON households (submission_id, version);

CREATE TABLE visits (
  id INTEGER PRIMARY KEY,
  unit TEXT NOT NULL REFERENCES units (code),
  area TEXT,
  owner_unit TEXT NOT NULL,
  natural_key TEXT NOT NULL,
  period TEXT NOT NULL,
  visit_on TEXT NOT NULL,
  cadre TEXT NOT NULL,
  rank TEXT,
  target TEXT,
  visit_type TEXT,
  content TEXT NOT NULL,
  -- JSON array of case numbers
  case_nos TEXT NOT NULL DEFAULT '[]',
  signed INTEGER,
  data TEXT NOT NULL,
  submission_id TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (unit, natural_key)
);
CREATE INDEX visits_owner_on ON visits (owner_unit, visit_on, id);
CREATE INDEX visits_cadre ON visits (cadre, visit_on);
CREATE INDEX visits_type ON visits (visit_type, visit_on);
CREATE INDEX visits_submission ON visits (submission_id, version);

CREATE TABLE evaluations (
  id INTEGER PRIMARY KEY,
  unit TEXT NOT NULL REFERENCES units (code),
  area TEXT,
  owner_unit TEXT NOT NULL,
  natural_key TEXT NOT NULL,
  period TEXT NOT NULL,
  eval_period TEXT NOT NULL,
  subject_kind TEXT NOT NULL,
  subject TEXT NOT NULL,
  evaluator_group TEXT NOT NULL,
  attendance REAL,
  spirit REAL,
  service_awareness REAL,
  problem_solving REAL,
  overall TEXT,
  veto INTEGER,
  veto_reason TEXT,
  data TEXT NOT NULL,
  submission_id TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (unit, natural_key)
);
CREATE INDEX evaluations_owner_period ON evaluations (owner_unit, eval_period, id);
CREATE INDEX evaluations_subject ON evaluations (subject, eval_period);
CREATE INDEX evaluations_submission ON evaluations (submission_id, version);

-- Every earlier value of every record: nothing is silently overwritten.
CREATE TABLE record_history (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('case', 'household', 'visit', 'evaluation')),
  record_id INTEGER NOT NULL,
  version INTEGER NOT NULL,
  before TEXT NOT NULL,
  after TEXT NOT NULL,
  submission_id TEXT,
  at TEXT NOT NULL,
  by TEXT NOT NULL
);
CREATE INDEX record_history_record ON record_history (kind, record_id, version);

-- What happened to a case: climbs (by the sweep), edits (PATCH), each with before and after.
-- The UNIQUE key makes a sweep run twice on the same day add nothing.
CREATE TABLE case_events (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES cases (id),
  at TEXT NOT NULL,
  kind TEXT NOT NULL,
  from_level INTEGER,
  to_level INTEGER,
  reason TEXT NOT NULL DEFAULT '',
  actor TEXT NOT NULL,
  before TEXT,
  after TEXT,
  created_at TEXT NOT NULL,
  UNIQUE (case_id, kind, at, reason)
);
CREATE INDEX case_events_at ON case_events (at);

CREATE TABLE settings (
  district TEXT PRIMARY KEY REFERENCES units (code),
  data TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT
);

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT,
  action TEXT NOT NULL,
  unit TEXT,
  target TEXT,
  detail TEXT
);
CREATE INDEX audit_log_unit_at ON audit_log (unit, at);
CREATE INDEX audit_log_action_at ON audit_log (action, at);

-- A repeated `Idempotency-Key` returns the first receipt; a different body under the same key is refused.
CREATE TABLE idempotency_keys (
  key TEXT NOT NULL,
  account_id INTEGER NOT NULL REFERENCES accounts (id),
  request_hash TEXT NOT NULL,
  receipt TEXT,
  created_at TEXT NOT NULL,
  PRIMARY KEY (account_id, key)
);
