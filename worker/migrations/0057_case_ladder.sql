-- The sweep's results beside the case, not in it (docs/decisions/0018). What the sweep derives of
-- a case — its level, the due date of its current round, the next day to look at it and its
-- climbs — is one narrow row keyed by the case's id. A first sweep over a year's open cases writes
-- one such row a case, where it rewrote every wide case row (and its index entries) and inserted
-- each climb as an event row with its own unique-index entry.
CREATE TABLE case_ladder (
  case_id INTEGER PRIMARY KEY,
  -- NULL until the sweep has computed it: the case is at the level it was received at.
  level INTEGER CHECK (level BETWEEN 0 AND 3),
  current_due TEXT,
  -- As `cases.sweep_on` was (docs/decisions/0015): a day, a mark below '0', or '9999-12-31'.
  sweep_on TEXT NOT NULL,
  -- The climbs, in the order they were recorded: [[day, from, to, reason, actor], ...]. A climb
  -- is never taken back except by a re-derivation; (day, reason) is its key.
  climbs TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX case_ladder_sweep_on ON case_ladder (sweep_on);

INSERT INTO case_ladder (case_id, level, current_due, sweep_on, climbs)
SELECT c.id, c.level, c.current_due, c.sweep_on,
       coalesce((SELECT json_group_array(json_array(e.at, e.from_level, e.to_level, e.reason, e.actor))
                   FROM (SELECT * FROM case_events e
                          WHERE e.case_id = c.id AND e.kind = 'climb' ORDER BY e.at, e.id) e), '[]')
  FROM cases c;

DELETE FROM case_events WHERE kind = 'climb';

-- Every case existing now has its ladder row: the next sweep finds the new ones by id.
ALTER TABLE sweep_state ADD COLUMN seen_id INTEGER NOT NULL DEFAULT 0;
UPDATE sweep_state SET seen_id = (SELECT coalesce(max(id), 0) FROM cases);

DROP TRIGGER cases_sweep_mark;
DROP TRIGGER case_events_sweep_mark;
DROP TRIGGER case_events_sweep_unmark;
DROP INDEX cases_sweep_on;
DROP INDEX cases_level;
ALTER TABLE cases DROP COLUMN sweep_on;
ALTER TABLE cases DROP COLUMN current_due;
-- `level` was written at receipt and then by the sweep; the case keeps the first, the ladder the rest.
ALTER TABLE cases RENAME COLUMN level TO received_level;
UPDATE cases SET received_level = CASE (SELECT kind FROM units WHERE code = cases.unit)
  WHEN 'residential' THEN 0 WHEN 'subdistrict' THEN 1 ELSE 2 END;

-- A change to what escalation reads of a case marks it (its ladder row made if it has none).
CREATE TRIGGER cases_sweep_mark
AFTER UPDATE OF unit, received_on, status, replied_on, resolved_on, satisfaction, revisit_on,
  category, reporter_phone, address, current ON cases
WHEN OLD.unit IS NOT NEW.unit OR OLD.received_on IS NOT NEW.received_on
  OR OLD.status IS NOT NEW.status OR OLD.replied_on IS NOT NEW.replied_on
  OR OLD.resolved_on IS NOT NEW.resolved_on OR OLD.satisfaction IS NOT NEW.satisfaction
  OR OLD.revisit_on IS NOT NEW.revisit_on OR OLD.category IS NOT NEW.category
  OR OLD.reporter_phone IS NOT NEW.reporter_phone OR OLD.address IS NOT NEW.address
  OR OLD.current IS NOT NEW.current
BEGIN
  INSERT INTO case_ladder (case_id, sweep_on) VALUES (NEW.id, '!' || hex(randomblob(6)))
    ON CONFLICT (case_id) DO UPDATE SET sweep_on = excluded.sweep_on;
END;

-- A dated step recorded for a case (an edit, a rating, a report up, a referral, a dispatch) marks it.
CREATE TRIGGER case_events_sweep_mark AFTER INSERT ON case_events
BEGIN
  INSERT INTO case_ladder (case_id, sweep_on) VALUES (NEW.case_id, '!' || hex(randomblob(6)))
    ON CONFLICT (case_id) DO UPDATE SET sweep_on = excluded.sweep_on;
END;

CREATE TRIGGER case_events_sweep_unmark AFTER DELETE ON case_events
BEGIN
  INSERT INTO case_ladder (case_id, sweep_on) VALUES (OLD.case_id, '!' || hex(randomblob(6)))
    ON CONFLICT (case_id) DO UPDATE SET sweep_on = excluded.sweep_on;
END;

-- A case as the lists, the detail and the reports read it: its level and current round's due date
-- from the ladder once the sweep has computed them.
CREATE VIEW case_rows AS
SELECT c.*, coalesce(l.level, c.received_level) AS level, l.current_due AS current_due
  FROM cases c LEFT JOIN case_ladder l ON l.case_id = c.id;

-- Each climb as a row, as the case's events show it.
CREATE VIEW case_climbs AS
SELECT l.case_id, j.value ->> 0 AS at, j.value ->> 1 AS from_level, j.value ->> 2 AS to_level,
       j.value ->> 3 AS reason, j.value ->> 4 AS actor, j.key AS n
  FROM case_ladder l, json_each(l.climbs) j;
