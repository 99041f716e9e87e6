-- The settings of each assessment year (docs/decisions/0009): weights, the total's weights and the
-- grade labels and thresholds the year's roll is computed with, so that 同比 compares each year
-- under its own settings. `data` is the whole resolved setting of the year.
CREATE TABLE assessment_settings (
  district TEXT NOT NULL REFERENCES units (code),
  year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  data TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT,
  PRIMARY KEY (district, year)
);
