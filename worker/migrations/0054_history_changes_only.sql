-- Record history keeps only what each change made (docs/decisions/0013): `before` and `after` hold
-- the values that differ between them, nothing else. A case's history is rebuilt from its current
-- record backwards (worker/src/cases-sql.ts), so every version reads as before. Rows written
-- earlier kept whole records in `after` (and, for edits, in `before`): they are trimmed the same way.
UPDATE record_history SET
  before = (SELECT json_group_object(o.key, record_history.before -> ('$.' || o.key))
              FROM json_each(record_history.before) AS o
             WHERE (record_history.before -> ('$.' || o.key))
                   IS NOT (record_history.after -> ('$.' || o.key))),
  after = (SELECT json_group_object(o.key, record_history.after -> ('$.' || o.key))
             FROM json_each(record_history.before) AS o
            WHERE (record_history.before -> ('$.' || o.key))
                  IS NOT (record_history.after -> ('$.' || o.key)));
