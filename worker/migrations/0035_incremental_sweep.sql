-- The sweep does only the day's work (docs/decisions/0015). `sweep_on` is the next day the sweep
-- must look at a case: the day its escalation can next change with nothing new recorded, or a
-- mark (a value before every date: '' for a new row, '!' and random digits after a change) that
-- makes the next sweep look at it whatever the day. '9999-12-31': nothing will change by itself.
-- The marks are set here, by triggers, so every write path (submissions, returns, edits, dispatch,
-- referrals) marks what it changes without knowing about the sweep.
ALTER TABLE cases ADD COLUMN sweep_on TEXT NOT NULL DEFAULT '';
CREATE INDEX cases_sweep_on ON cases (sweep_on);

-- The rules the stored levels were computed under and the day they were computed for: another
-- set of rules (settings, calendar, units) or an earlier day makes the next sweep a full one.
CREATE TABLE sweep_state (
  district TEXT PRIMARY KEY REFERENCES units (code),
  rules TEXT NOT NULL,
  swept_on TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- A change to what escalation reads of a case marks the case.
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
  UPDATE cases SET sweep_on = '!' || hex(randomblob(6)) WHERE id = NEW.id;
END;

-- A counted case that leaves its reporter's history (another phone, household, category or
-- receipt date, or no longer current) may have made the reporter's later cases repeats (rule 5):
-- they are marked by the old values. (The new values' later cases are found by the sweep.)
CREATE TRIGGER cases_sweep_mark_repeats
AFTER UPDATE OF received_on, category, reporter_phone, address, current ON cases
WHEN OLD.current = 1 AND (OLD.received_on IS NOT NEW.received_on
  OR OLD.category IS NOT NEW.category OR OLD.reporter_phone IS NOT NEW.reporter_phone
  OR OLD.address IS NOT NEW.address OR NEW.current IS NOT 1)
BEGIN
  UPDATE cases SET sweep_on = '!' || hex(randomblob(6))
   WHERE reporter_phone = OLD.reporter_phone AND category = OLD.category
     AND received_on >= OLD.received_on AND id <> NEW.id;
  UPDATE cases SET sweep_on = '!' || hex(randomblob(6))
   WHERE address = OLD.address AND category = OLD.category
     AND received_on >= OLD.received_on AND id <> NEW.id;
END;

-- A dated step recorded for a case (an edit, a rating, a report up, a referral, a dispatch) marks
-- it; the sweep's own climbs do not.
CREATE TRIGGER case_events_sweep_mark AFTER INSERT ON case_events WHEN NEW.kind <> 'climb'
BEGIN
  UPDATE cases SET sweep_on = '!' || hex(randomblob(6)) WHERE id = NEW.case_id;
END;

CREATE TRIGGER case_events_sweep_unmark AFTER DELETE ON case_events WHEN OLD.kind <> 'climb'
BEGIN
  UPDATE cases SET sweep_on = '!' || hex(randomblob(6)) WHERE id = OLD.case_id;
END;

-- A quiet day's sweep must not read every case: the open cases are counted on an index, and the
-- due dates still to fill are found on partial indexes of the (few) rows that lack them.
CREATE INDEX cases_sweep_open ON cases (received_on, current, resolved_on, satisfaction);
CREATE INDEX cases_reopen_due_missing ON cases (satisfaction)
  WHERE satisfaction = '不满意' AND reopen_due IS NULL;
CREATE INDEX cases_dispatch_due_missing ON cases (dispatched_on)
  WHERE dispatched_on IS NOT NULL AND dispatch_resolution_due IS NULL;
