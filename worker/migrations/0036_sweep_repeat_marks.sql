-- A counted case that leaves its reporter's history marks the reporter (by phone or address, and
-- category) with the span of receipt dates it left, once per reporter — not every later case of
-- the reporter once per leaving row, which grew with the square of a reporter's cases when a new
-- version replaced many of them at once. The next sweep looks at the reporter's open cases within
-- the repeat window of that span and clears the marks (docs/decisions/0015).
DROP TRIGGER cases_sweep_mark_repeats;

CREATE TABLE sweep_repeat_marks (
  by TEXT NOT NULL CHECK (by IN ('phone', 'address')),
  value TEXT NOT NULL,
  category TEXT NOT NULL,
  since TEXT NOT NULL,
  until TEXT NOT NULL,
  PRIMARY KEY (by, value, category)
) WITHOUT ROWID;

CREATE TRIGGER cases_sweep_mark_repeats
AFTER UPDATE OF received_on, category, reporter_phone, address, current ON cases
WHEN OLD.current = 1 AND OLD.category IS NOT NULL AND (OLD.received_on IS NOT NEW.received_on
  OR OLD.category IS NOT NEW.category OR OLD.reporter_phone IS NOT NEW.reporter_phone
  OR OLD.address IS NOT NEW.address OR NEW.current IS NOT 1)
BEGIN
  INSERT INTO sweep_repeat_marks (by, value, category, since, until)
    SELECT 'phone', OLD.reporter_phone, OLD.category, OLD.received_on, OLD.received_on
     WHERE OLD.reporter_phone IS NOT NULL
    ON CONFLICT (by, value, category) DO UPDATE
      SET since = min(since, excluded.since), until = max(until, excluded.until);
  INSERT INTO sweep_repeat_marks (by, value, category, since, until)
    SELECT 'address', OLD.address, OLD.category, OLD.received_on, OLD.received_on
     WHERE OLD.address IS NOT NULL
    ON CONFLICT (by, value, category) DO UPDATE
      SET since = min(since, excluded.since), until = max(until, excluded.until);
END;
