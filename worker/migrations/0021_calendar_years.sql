-- The years whose holiday schedule is loaded (docs/decisions/0011). A due date in any other year
-- is counted on weekends alone and flagged (`calendarGap`, `calendarGaps`) until a district admin
-- imports that year's schedule (PUT /api/calendar). The official seed holds 2025 and 2026.
CREATE TABLE calendar_years (
  year INTEGER PRIMARY KEY,
  -- NULL for the official seed; set when a district admin imports the year.
  loaded_at TEXT,
  loaded_by TEXT
);

INSERT INTO calendar_years (year) VALUES (2025), (2026);
