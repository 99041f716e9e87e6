-- A unit can be removed (撤销): its records stay, its accounts lose access at once.
ALTER TABLE units ADD COLUMN removed_at TEXT;
