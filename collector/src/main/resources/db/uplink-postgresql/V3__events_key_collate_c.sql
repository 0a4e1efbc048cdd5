-- The events key compares bytes (docs/scaling.md#postgresql-sizing): device and event ids are opaque
-- strings, only ever compared for equality, never sorted for display, so the database's locale
-- collation buys nothing on them and costs a locale-aware comparison at every step of every key
-- lookup. Under "C" the key index compares with memcmp. Equality is unchanged (a deterministic
-- collation already treats only byte-identical strings as equal), so no stored row becomes a
-- duplicate of another and every string accepted before is accepted now.
--
-- Changing only the collation rewrites no table: PostgreSQL keeps the rows of every partition and
-- rebuilds the indexes that use the columns (the key, per partition), under the table's lock.
-- Running it on a database already at "C" changes nothing.
ALTER TABLE events
    ALTER COLUMN id TYPE TEXT COLLATE "C",
    ALTER COLUMN device_id TYPE TEXT COLLATE "C";
