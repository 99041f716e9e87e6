-- No query reads records by their submission any more: a submission counts the records it wrote
-- among its ledger's current ones (worker/src/submissions.ts, by the `*_ledger` indexes). Each of
-- these indexes held every record's submission id (36 characters) again, kept up on every write.
DROP INDEX IF EXISTS cases_submission;
DROP INDEX IF EXISTS households_submission;
DROP INDEX IF EXISTS visits_submission;
DROP INDEX IF EXISTS evaluations_submission;
DROP INDEX IF EXISTS cadres_submission;
