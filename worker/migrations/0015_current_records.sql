-- What counts (docs/decisions/0007): a ledger is (unit, kind, period) and its current records are
-- those of its latest version that is not returned. `current` says whether a record is one of them;
-- every figure, the sweep, the supervision list, compliance and the lists read current rows only.
-- A record leaving the current records keeps its row and its history: a later version (or the
-- return of the one that dropped it) brings it back.
ALTER TABLE cases ADD COLUMN current INTEGER NOT NULL DEFAULT 1;
ALTER TABLE households ADD COLUMN current INTEGER NOT NULL DEFAULT 1;
ALTER TABLE visits ADD COLUMN current INTEGER NOT NULL DEFAULT 1;
ALTER TABLE evaluations ADD COLUMN current INTEGER NOT NULL DEFAULT 1;

-- The records of existing ledgers: current when the latest non-returned version of a ledger of
-- their unit has their key (its rows are archived in submission_chunks). Records written without
-- a submission (no archived version) stay current.
UPDATE cases SET current = 0
 WHERE submission_id IN (SELECT id FROM submissions)
   AND (unit, natural_key) NOT IN (
     SELECT s.unit, j.value ->> '$.k'
       FROM submissions AS s
       JOIN submission_chunks AS c ON c.submission_id = s.id, json_each(c.rows) AS j
      WHERE s.kind = 'case' AND s.status <> 'returned'
        AND NOT EXISTS (SELECT 1 FROM submissions AS l
                         WHERE l.unit = s.unit AND l.kind = s.kind AND l.period = s.period
                           AND l.status <> 'returned' AND l.version > s.version));
UPDATE households SET current = 0
 WHERE submission_id IN (SELECT id FROM submissions)
   AND (unit, natural_key) NOT IN (
     SELECT s.unit, j.value ->> '$.k'
       FROM submissions AS s
       JOIN submission_chunks AS c ON c.submission_id = s.id, json_each(c.rows) AS j
      WHERE s.kind = 'household' AND s.status <> 'returned'
        AND NOT EXISTS (SELECT 1 FROM submissions AS l
                         WHERE l.unit = s.unit AND l.kind = s.kind AND l.period = s.period
                           AND l.status <> 'returned' AND l.version > s.version));
UPDATE visits SET current = 0
 WHERE submission_id IN (SELECT id FROM submissions)
   AND (unit, natural_key) NOT IN (
     SELECT s.unit, j.value ->> '$.k'
       FROM submissions AS s
       JOIN submission_chunks AS c ON c.submission_id = s.id, json_each(c.rows) AS j
      WHERE s.kind = 'visit' AND s.status <> 'returned'
        AND NOT EXISTS (SELECT 1 FROM submissions AS l
                         WHERE l.unit = s.unit AND l.kind = s.kind AND l.period = s.period
                           AND l.status <> 'returned' AND l.version > s.version));
UPDATE evaluations SET current = 0
 WHERE submission_id IN (SELECT id FROM submissions)
   AND (unit, natural_key) NOT IN (
     SELECT s.unit, j.value ->> '$.k'
       FROM submissions AS s
       JOIN submission_chunks AS c ON c.submission_id = s.id, json_each(c.rows) AS j
      WHERE s.kind = 'evaluation' AND s.status <> 'returned'
        AND NOT EXISTS (SELECT 1 FROM submissions AS l
                         WHERE l.unit = s.unit AND l.kind = s.kind AND l.period = s.period
                           AND l.status <> 'returned' AND l.version > s.version));

-- A new version marks the rows of its ledger it no longer has: found by (unit, period, current).
CREATE INDEX cases_ledger ON cases (unit, period, current, natural_key);
CREATE INDEX households_ledger ON households (unit, period, current, natural_key);
CREATE INDEX visits_ledger ON visits (unit, period, current, natural_key);
CREATE INDEX evaluations_ledger ON evaluations (unit, period, current, natural_key);

-- The score counts read only the index: it carries `current` too.
DROP INDEX IF EXISTS cases_scores;
CREATE INDEX cases_scores ON cases (
  owner_unit, received_on, replied_on, resolved_on, revisit_on, reply_due, resolution_due,
  reopen_due, satisfaction, area, first_receiver, current, stepped
);
-- Scores read the evaluations of the subjects asked for, current ones only.
DROP INDEX IF EXISTS evaluations_subject;
CREATE INDEX evaluations_subject ON evaluations (subject, eval_period, current);
