-- The score counts read the dispatch columns too (the department's clock, docs/decisions/0010):
-- the index covers every column they read, so a count scans the index and never the rows, which
-- carry the whole record as JSON (a million cases: seconds instead of a second).
DROP INDEX IF EXISTS cases_scores;
CREATE INDEX cases_scores ON cases (
  owner_unit, received_on, current, stepped, replied_on, resolved_on, revisit_on, reply_due,
  resolution_due, reopen_due, satisfaction, area, first_receiver, assignee_unit, assignee,
  dispatched_on, first_dispatched_on, dispatch_reply_due, dispatch_resolution_due
);
