-- Dispatch and the department's clock (docs/decisions/0010).
--
-- dispatched_on, handler, plan: the case form's 派单日期, 承办人 and 办理方案 (定人定时定方案), as
-- written on a sheet or recorded by the district's dispatch.
ALTER TABLE cases ADD COLUMN dispatched_on TEXT;
ALTER TABLE cases ADD COLUMN handler TEXT;
ALTER TABLE cases ADD COLUMN plan TEXT;

-- dispatched_unit: the department the district dispatched the case to — the only thing that gives
-- a department access to a case. A 承办单位 written on a sheet or in an edit is data and grants
-- nothing, so no existing case is dispatched: the district dispatches again what a department
-- should see.
ALTER TABLE cases ADD COLUMN dispatched_unit TEXT;
-- first_dispatched_on: the first dispatch's date, kept through a reassignment (改派) and a send-back
-- (退单): a case dispatched before the receiving unit's resolution due date is no longer the
-- unit's to solve. NULL where it equals dispatched_on (a sheet's dispatch).
ALTER TABLE cases ADD COLUMN first_dispatched_on TEXT;
-- The extension (延期): the days a department asked for and why, then the days the district
-- granted (once per dispatch).
ALTER TABLE cases ADD COLUMN extension_asked INTEGER;
ALTER TABLE cases ADD COLUMN extension_reason TEXT;
ALTER TABLE cases ADD COLUMN extension_days INTEGER;
-- The department's due dates, counted from the dispatch date (the resolution moved by a granted
-- extension); filled and cleared with the other due dates.
ALTER TABLE cases ADD COLUMN dispatch_reply_due TEXT;
ALTER TABLE cases ADD COLUMN dispatch_resolution_due TEXT;

UPDATE cases SET dispatched_on = data ->> '$.dispatchedOn', handler = data ->> '$.handler',
                 plan = data ->> '$.plan';
CREATE INDEX cases_dispatched ON cases (dispatched_unit) WHERE dispatched_unit IS NOT NULL;
