-- The collector's PostgreSQL schema (docs/behaviour.md#stores): the same tables as the SQLite store.
-- Times are epoch milliseconds, as in SQLite. seq keeps arrival order across batches and collectors.
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
-- The tenant is made here, once, so that concurrent collectors never race to create it.
INSERT INTO meta(key, value) VALUES ('tenant_id', gen_random_uuid()::text);

CREATE TABLE events (
    seq BIGINT GENERATED ALWAYS AS IDENTITY,
    id TEXT NOT NULL,
    device_id TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    payload TEXT NOT NULL,
    PRIMARY KEY (device_id, id)
);
CREATE INDEX events_received ON events(received_at, seq);

CREATE TABLE devices (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, secret_hash BYTEA NOT NULL, token_id TEXT NOT NULL,
    enrolled_at BIGINT NOT NULL, last_seen_at BIGINT, revoked_at BIGINT
);

CREATE TABLE enrollment_tokens (
    id TEXT PRIMARY KEY, secret_hash BYTEA NOT NULL, created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL,
    used_at BIGINT, used_by TEXT, revoked_at BIGINT
);
