-- A ledger's version rows name their ledger by a small number (docs/decisions/0013, addendum
-- "Indexes a ledger pays for"): `ledgers` numbers each unit's ledger of a kind for a period once,
-- and every version row carries that number instead of the three texts — about seventeen bytes
-- less on each of a district-year's hundreds of thousands of rows. Every read answers as before.
CREATE TABLE ledgers (
  id INTEGER PRIMARY KEY,
  unit TEXT NOT NULL,
  kind TEXT NOT NULL,
  period TEXT NOT NULL,
  UNIQUE (unit, kind, period)
);
INSERT INTO ledgers (unit, kind, period)
  SELECT DISTINCT unit, kind, period FROM submissions ORDER BY unit, kind, period;
CREATE TABLE version_rows_by_ledger (
  ledger INTEGER NOT NULL,
  natural_key TEXT NOT NULL,
  since INTEGER NOT NULL,
  until INTEGER,
  item TEXT NOT NULL,
  PRIMARY KEY (ledger, natural_key, since)
) WITHOUT ROWID;
INSERT INTO version_rows_by_ledger (ledger, natural_key, since, until, item)
  SELECT l.id, v.natural_key, v.since, v.until, v.item
    FROM version_rows AS v
    JOIN ledgers AS l ON l.unit = v.unit AND l.kind = v.kind AND l.period = v.period;
DROP TABLE version_rows;
ALTER TABLE version_rows_by_ledger RENAME TO version_rows;
