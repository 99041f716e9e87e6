-- The score counts read three per-case values that follow from the stored dates: the first reply
-- (a resolution counts as a reply), the date a rating is dated by and the first dispatch
-- (docs/rules.md, "Scores"; docs/decisions/0012). The index stores them, computed when a row is
-- written, so a count reads them from the index instead of working them out for each of a million
-- cases on every request. The expressions must stay exactly those of worker/src/scores-sql.ts
-- (REPLY_ON, RATED_ON, FIRST_DISPATCH): SQLite only reads an indexed expression it recognises, and a
-- test checks that the counts still read only this index.
DROP INDEX IF EXISTS cases_scores;
CREATE INDEX cases_scores ON cases (
  owner_unit, received_on, current, stepped,
  min(coalesce(replied_on, resolved_on), coalesce(resolved_on, replied_on)),
  resolved_on, reply_due, resolution_due, reopen_due, satisfaction,
  coalesce(revisit_on, resolved_on, replied_on, received_on),
  coalesce(first_dispatched_on, dispatched_on),
  first_receiver, assignee_unit, assignee, dispatched_on, dispatch_reply_due, dispatch_resolution_due
);

-- The cases with stored steps, walked in the Worker: found without scanning the scope's cases.
CREATE INDEX cases_stepped ON cases (owner_unit, received_on) WHERE stepped = 1;

-- Due dates are filled when a case is written (docs/decisions/0012): the rows still to fill are
-- found without a scan.
CREATE INDEX cases_reopen_unfilled ON cases (id) WHERE satisfaction = '不满意' AND reopen_due IS NULL;
CREATE INDEX cases_dispatch_unfilled ON cases (dispatched_on)
  WHERE dispatched_on IS NOT NULL AND dispatch_resolution_due IS NULL;

-- Whether any case has a due date in a year without a loaded holiday schedule (docs/decisions/0011)
-- is a few index look-ups; only then do the scores look for those years among their cases.
CREATE INDEX cases_reply_due ON cases (reply_due);
CREATE INDEX cases_reopen_due ON cases (reopen_due) WHERE reopen_due IS NOT NULL;
