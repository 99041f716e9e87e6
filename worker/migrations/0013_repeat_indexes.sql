-- Rule 5 (repeats) looks up a reporter's cases by phone or address, category and a date window:
-- with the date in the index, the lookup no longer prefers scanning a whole category.
DROP INDEX IF EXISTS cases_reporter_phone;
CREATE INDEX cases_reporter_phone ON cases (reporter_phone, category, received_on);
DROP INDEX IF EXISTS cases_address;
CREATE INDEX cases_address ON cases (address, category, received_on);
