-- Ratings reopen cases, and the top of the ladder is a decision (docs/rules.md, "The ladder" and
-- "Scores"; docs/decisions/0004).
--
-- reopen_due: for a case whose rating is 不满意, the resolution due again one resolution period
-- after the rating (dated by the return visit, else the resolution, reply or receipt). Filled with
-- the other due dates; cleared with them when the settings or the calendar change.
ALTER TABLE cases ADD COLUMN reopen_due TEXT;

-- stepped: the case has stored steps (edits, referrals): its figures walk its whole history in the
-- Worker instead of being counted from its columns in SQL.
ALTER TABLE cases ADD COLUMN stepped INTEGER NOT NULL DEFAULT 0;
UPDATE cases SET stepped = 1 WHERE id IN (SELECT case_id FROM case_events WHERE kind <> 'climb');

-- Automatic climbs stop at 区; only the district's referral (REFERRED) reaches 常委会. Every climb
-- so far was automatic and one level at a time, so the re-derivation is exact: the climbs into
-- 常委会 go, and the cases they took there stand at 区.
DELETE FROM case_events WHERE kind = 'climb' AND to_level = 3;
UPDATE cases SET level = 2 WHERE level = 3;
