-- Fleet health, sites and dashboard operators (docs/behaviour.md#fleet-health): the same tables as
-- the SQLite store's schema version 3. Times are epoch milliseconds. Nothing existing changes.
CREATE TABLE sites (name TEXT PRIMARY KEY, cidrs TEXT NOT NULL);

-- The history: one row per device and check id, so recording a resent check adds nothing.
CREATE TABLE health_checks (
    device_id TEXT NOT NULL, check_id TEXT NOT NULL, trigger TEXT,
    started_at BIGINT NOT NULL, finished_at BIGINT, received_at BIGINT NOT NULL,
    results INTEGER NOT NULL, failing INTEGER NOT NULL, failures TEXT NOT NULL,
    PRIMARY KEY (device_id, check_id)
);
CREATE INDEX health_checks_started ON health_checks(device_id, started_at);
CREATE INDEX health_checks_received ON health_checks(received_at);

-- Each device's latest check (by start time) and the site it places the device in.
CREATE TABLE health_latest (
    device_id TEXT PRIMARY KEY, check_id TEXT NOT NULL, started_at BIGINT NOT NULL, received_at BIGINT NOT NULL,
    interval_ms BIGINT NOT NULL, heartbeat_ms BIGINT NOT NULL, primary_address TEXT, dns_domain TEXT, proxy TEXT,
    site TEXT NOT NULL, failing INTEGER NOT NULL, endpoint_set TEXT NOT NULL
);
-- The latest check in full, apart: health_latest stays narrow for the health document's scan.
CREATE TABLE health_documents (device_id TEXT PRIMARY KEY, check_json TEXT NOT NULL);
CREATE INDEX health_latest_site ON health_latest(site);
CREATE INDEX health_latest_received ON health_latest(received_at);

-- The endpoints of each distinct set a check probed, once: the matrix counts devices per
-- (site, set) and multiplies out the set's endpoints (docs/scaling.md#fleet-health).
CREATE TABLE health_endpoint_sets (set_id TEXT NOT NULL, endpoint TEXT NOT NULL, PRIMARY KEY (set_id, endpoint));

-- Only the failing (device, endpoint) pairs of the latest checks, the site copied in.
CREATE TABLE health_endpoints (
    device_id TEXT NOT NULL, endpoint TEXT NOT NULL, site TEXT NOT NULL, diagnosis TEXT,
    PRIMARY KEY (device_id, endpoint)
);
CREATE INDEX health_endpoints_cells ON health_endpoints(site, endpoint, diagnosis);

-- The failed results of the latest check's unreachable URLs.
CREATE TABLE health_failures (
    device_id TEXT NOT NULL, n INTEGER NOT NULL, url TEXT NOT NULL, endpoint TEXT NOT NULL, method TEXT NOT NULL,
    route TEXT, diagnosis TEXT, detail TEXT, remediation TEXT, issuer TEXT, proxy_error TEXT, http_status INTEGER,
    PRIMARY KEY (device_id, n)
);

CREATE TABLE operators (name TEXT PRIMARY KEY, password_hash TEXT NOT NULL, created_at BIGINT NOT NULL);
CREATE TABLE operator_tokens (token_hash BYTEA PRIMARY KEY, operator TEXT NOT NULL, created_at BIGINT NOT NULL);
CREATE INDEX operator_tokens_operator ON operator_tokens(operator);
