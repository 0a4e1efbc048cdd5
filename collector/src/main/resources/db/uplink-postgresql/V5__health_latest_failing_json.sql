-- Each latest check's failing results as the JSON array the health document holds
-- (docs/scaling.md#fleet-health): the same column as the SQLite store's schema version 4, written
-- with each new latest check. Rows already there keep NULL, and the document reads their failures
-- from health_failures until the device's next check replaces them. Adding a nullable column without
-- a default rewrites no row.
ALTER TABLE health_latest ADD COLUMN failing_json TEXT;
