-- Every read of case events is by case (the unique key's first column); none by date alone. The
-- index on `at` only cost each write an entry at a scattered place — half the time of writing a
-- full sweep's climbs, two a case (docs/decisions/0015).
DROP INDEX IF EXISTS case_events_at;
