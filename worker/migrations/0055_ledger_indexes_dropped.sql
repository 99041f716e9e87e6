-- Fewer indexes to keep up on every write (docs/decisions/0013, addendum "Indexes a ledger pays
-- for"). The `*_ledger` indexes (unit, period, current, natural_key) repeated what the records'
-- unique (unit, natural_key) index already finds: every statement that read them names the unit,
-- and a unit's ledger of one kind is read from that index's prefix. Together they were about a
-- twentieth of a district-year's database. Two partial indexes were exact twins of older ones
-- (cases_dispatch_unfilled, cases_reopen_unfilled) and go too.
DROP INDEX IF EXISTS cases_ledger;
DROP INDEX IF EXISTS households_ledger;
DROP INDEX IF EXISTS visits_ledger;
DROP INDEX IF EXISTS evaluations_ledger;
DROP INDEX IF EXISTS cadres_ledger;
DROP INDEX IF EXISTS cases_dispatch_due_missing;
DROP INDEX IF EXISTS cases_reopen_due_missing;
