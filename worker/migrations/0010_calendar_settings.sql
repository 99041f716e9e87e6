-- The working-day calendar and escalation bookkeeping.
--
-- calendar_days: the days that differ from an ordinary week — statutory holidays (weekend days
-- inside a holiday included) and weekend days worked in lieu (调休). Seeded with the official 2025
-- and 2026 schedules (State Council General Office notices, as transcribed by the chinese-days
-- package 1.5.7; see scripts/build-calendar.ts); the district admin edits and imports further years
-- through PUT /api/calendar. One database per district (decision 0002), so no district column.
CREATE TABLE calendar_days (
  date TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
  name TEXT,
  -- NULL for the official seed; set when a district admin edits or imports the day.
  updated_at TEXT,
  updated_by TEXT
) WITHOUT ROWID;

INSERT INTO calendar_days (date, kind, name) VALUES
('2025-01-01', 'holiday', '元旦'),
('2025-01-26', 'workday', '春节'),
('2025-01-28', 'holiday', '春节'),
('2025-01-29', 'holiday', '春节'),
('2025-01-30', 'holiday', '春节'),
('2025-01-31', 'holiday', '春节'),
('2025-02-01', 'holiday', '春节'),
('2025-02-02', 'holiday', '春节'),
('2025-02-03', 'holiday', '春节'),
('2025-02-04', 'holiday', '春节'),
('2025-02-08', 'workday', '春节'),
('2025-04-04', 'holiday', '清明'),
('2025-04-05', 'holiday', '清明'),
('2025-04-06', 'holiday', '清明'),
('2025-04-27', 'workday', '劳动节'),
('2025-05-01', 'holiday', '劳动节'),
('2025-05-02', 'holiday', '劳动节'),
('2025-05-03', 'holiday', '劳动节'),
('2025-05-04', 'holiday', '劳动节'),
('2025-05-05', 'holiday', '劳动节'),
('2025-05-31', 'holiday', '端午'),
('2025-06-01', 'holiday', '端午'),
('2025-06-02', 'holiday', '端午'),
('2025-09-28', 'workday', '国庆节'),
('2025-10-01', 'holiday', '国庆节'),
('2025-10-02', 'holiday', '国庆节'),
('2025-10-03', 'holiday', '国庆节'),
('2025-10-04', 'holiday', '国庆节'),
('2025-10-05', 'holiday', '国庆节'),
('2025-10-06', 'holiday', '中秋'),
('2025-10-07', 'holiday', '国庆节'),
('2025-10-08', 'holiday', '国庆节'),
('2025-10-11', 'workday', '国庆节'),
('2026-01-01', 'holiday', '元旦'),
('2026-01-02', 'holiday', '元旦'),
('2026-01-03', 'holiday', '元旦'),
('2026-01-04', 'workday', '元旦'),
('2026-02-14', 'workday', '春节'),
('2026-02-15', 'holiday', '春节'),
('2026-02-16', 'holiday', '春节'),
('2026-02-17', 'holiday', '春节'),
('2026-02-18', 'holiday', '春节'),
('2026-02-19', 'holiday', '春节'),
('2026-02-20', 'holiday', '春节'),
('2026-02-21', 'holiday', '春节'),
('2026-02-22', 'holiday', '春节'),
('2026-02-23', 'holiday', '春节'),
('2026-02-28', 'workday', '春节'),
('2026-04-04', 'holiday', '清明'),
('2026-04-05', 'holiday', '清明'),
('2026-04-06', 'holiday', '清明'),
('2026-05-01', 'holiday', '劳动节'),
('2026-05-02', 'holiday', '劳动节'),
('2026-05-03', 'holiday', '劳动节'),
('2026-05-04', 'holiday', '劳动节'),
('2026-05-05', 'holiday', '劳动节'),
('2026-05-09', 'workday', '劳动节'),
('2026-06-19', 'holiday', '端午'),
('2026-06-20', 'holiday', '端午'),
('2026-06-21', 'holiday', '端午'),
('2026-09-20', 'workday', '国庆节'),
('2026-09-25', 'holiday', '中秋'),
('2026-09-26', 'holiday', '中秋'),
('2026-09-27', 'holiday', '中秋'),
('2026-10-01', 'holiday', '国庆节'),
('2026-10-02', 'holiday', '国庆节'),
('2026-10-03', 'holiday', '国庆节'),
('2026-10-04', 'holiday', '国庆节'),
('2026-10-05', 'holiday', '国庆节'),
('2026-10-06', 'holiday', '国庆节'),
('2026-10-07', 'holiday', '国庆节'),
('2026-10-10', 'workday', '国庆节');

-- The resolution due date of the current round (from receipt, or from the latest 不满意 rating),
-- kept by the sweep; reply_due and resolution_due stay counted from receipt (what scores use).
ALTER TABLE cases ADD COLUMN current_due TEXT;
-- Rule 5 looks up a reporter's earlier cases by household (address) as well as by phone.
CREATE INDEX cases_address ON cases (address, category);
-- Cases the sweep visits: not resolved, or rated 不满意 (reopened).
CREATE INDEX cases_open ON cases (resolved_on, satisfaction);
