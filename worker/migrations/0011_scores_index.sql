-- Scores count over a unit's cases received in a period: this index covers the columns they read,
-- so the count scans the index and never the rows (which carry the whole record as JSON).
CREATE INDEX cases_scores ON cases (
  owner_unit, received_on, replied_on, resolved_on, reply_due, resolution_due, satisfaction, area,
  first_receiver
);
