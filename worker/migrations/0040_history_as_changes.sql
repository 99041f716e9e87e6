-- History as changes (docs/decisions/0013): each row of a ledger's versions is stored once, for the
-- run of consecutive versions that has it exactly — from version `since` up to (not including)
-- `until` (NULL: still in the latest version). A new version adds only the rows it adds or alters
-- and closes the ones it alters or removes; version v is the rows with since <= v < until.
-- `item` is the row as it travelled: {"k": key, "r": sheet row, "d": canonical values, "x": extras}.
CREATE TABLE version_rows (
  id INTEGER PRIMARY KEY,
  unit TEXT NOT NULL,
  kind TEXT NOT NULL,
  period TEXT NOT NULL,
  natural_key TEXT NOT NULL,
  since INTEGER NOT NULL,
  until INTEGER,
  item TEXT NOT NULL
);
CREATE UNIQUE INDEX version_rows_ledger_key ON version_rows (unit, kind, period, natural_key, since);

-- Existing versions were full copies in submission_chunks: each run of identical rows becomes one row.
CREATE TABLE version_rows_staging AS
  SELECT s.unit, s.kind, s.period, s.version, j.value ->> '$.k' AS natural_key, j.value AS item
    FROM submissions AS s
    JOIN submission_chunks AS c ON c.submission_id = s.id, json_each(c.rows) AS j;
CREATE INDEX version_rows_staging_key ON version_rows_staging (unit, kind, period, natural_key, version);

INSERT INTO version_rows (unit, kind, period, natural_key, since, until, item)
SELECT a.unit, a.kind, a.period, a.natural_key, a.version,
       (SELECT min(s.version) FROM submissions AS s
         WHERE s.unit = a.unit AND s.kind = a.kind AND s.period = a.period AND s.version > a.version
           AND NOT EXISTS (SELECT 1 FROM version_rows_staging AS b
                            WHERE b.unit = a.unit AND b.kind = a.kind AND b.period = a.period
                              AND b.natural_key = a.natural_key AND b.version = s.version
                              AND b.item = a.item)),
       a.item
  FROM version_rows_staging AS a
 WHERE NOT EXISTS (SELECT 1 FROM version_rows_staging AS p
                    WHERE p.unit = a.unit AND p.kind = a.kind AND p.period = a.period
                      AND p.natural_key = a.natural_key AND p.version = a.version - 1
                      AND p.item = a.item);

DROP TABLE version_rows_staging;
DROP TABLE submission_chunks;
