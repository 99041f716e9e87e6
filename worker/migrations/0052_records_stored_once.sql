-- A record is stored once (docs/decisions/0013): every field of every ledger has its own column
-- (`area` included), written from the same values as `data`, so `data` keeps only the fields
-- without one — none today: `{}`. Readers rebuild the record from the columns
-- (worker/src/ledger-tables.ts: recordOfRow, and recordSql in SQL).
UPDATE cases SET data = '{}' WHERE data <> '{}';
UPDATE households SET data = '{}' WHERE data <> '{}';
UPDATE visits SET data = '{}' WHERE data <> '{}';
UPDATE evaluations SET data = '{}' WHERE data <> '{}';
UPDATE cadres SET data = '{}' WHERE data <> '{}';
