-- The due dates counted from receipt are only ever looked up by their year (is any due in a year
-- whose holiday schedule is not loaded, docs/decisions/0011) or for being still empty (the rows a
-- write left to fill, docs/decisions/0012) — never by the day: the lists sorted by due date find
-- their rows by unit first. Indexed by year, a new case's entries join their year's at the end,
-- where the indexes of whole dates put them at random places: two of the few indexes a 10,000-row
-- ledger's write scattered through thousands of pages more than its records needed.
DROP INDEX cases_reply_due;
DROP INDEX cases_resolution_due;
CREATE INDEX cases_reply_year ON cases (substr(reply_due, 1, 4));
CREATE INDEX cases_resolution_year ON cases (substr(resolution_due, 1, 4));
