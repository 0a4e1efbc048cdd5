package dev.uplink.collector.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * Opens the collector's SQLite file with the durability settings the ack contract depends on:
 * WAL (readers such as {@code collector query} never block ingestion) and synchronous=FULL
 * (a committed transaction is fsynced before commit returns, so a 200 means "on disk").
 *
 * <p>The schema is versioned with {@code PRAGMA user_version}: 0 is a new file, and each older
 * version is upgraded step by step in one write transaction, so a crash or failure mid-upgrade
 * leaves the file as the older uplink wrote it. A version newer than {@link #SCHEMA_VERSION} was
 * written by a newer uplink and is refused rather than guessed at.
 */
final class Database {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    /**
     * 1: events keyed by event id alone (one device could suppress another's events).
     * 2: events keyed by (device_id, id): docs/behaviour.md#dedupe-at-the-collector.
     * 3: fleet health, sites and operators: docs/behaviour.md#fleet-health.
     * 4: each latest check's failing results as the health document's JSON: docs/scaling.md#fleet-health.
     */
    static final int SCHEMA_VERSION = 4;

    /** The name the 1 to 2 upgrade builds the new events table under before it replaces the old one. */
    static final String EVENTS_REBUILD_TABLE = "events_v2_rebuild";

    private static final String EVENTS_V2 = " (id TEXT NOT NULL, device_id TEXT NOT NULL, received_at INTEGER NOT NULL,"
            + " payload TEXT NOT NULL, PRIMARY KEY (device_id, id))";

    private static final String EVENTS_RECEIVED_INDEX = "CREATE INDEX events_received ON events(received_at)";

    /** The schema of version 2; new files get it and then {@link #UPGRADE_2_TO_3} and {@link #UPGRADE_3_TO_4}. */
    static final String[] SCHEMA = {
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        "CREATE TABLE events" + EVENTS_V2,
        EVENTS_RECEIVED_INDEX,
        "CREATE TABLE devices ("
                + " id TEXT PRIMARY KEY, name TEXT NOT NULL, secret_hash BLOB NOT NULL, token_id TEXT NOT NULL,"
                + " enrolled_at INTEGER NOT NULL, last_seen_at INTEGER, revoked_at INTEGER)",
        "CREATE TABLE enrollment_tokens ("
                + " id TEXT PRIMARY KEY, secret_hash BLOB NOT NULL, created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL,"
                + " used_at INTEGER, used_by TEXT, revoked_at INTEGER)",
    };

    /**
     * Version 1 to 2: rebuild events with the (device_id, id) key. Ids were unique, so every row fits
     * the new key; the rowid is copied so that arrival order (received_at, rowid) is unchanged.
     */
    private static final String[] UPGRADE_1_TO_2 = {
        "CREATE TABLE " + EVENTS_REBUILD_TABLE + EVENTS_V2,
        "INSERT INTO " + EVENTS_REBUILD_TABLE + "(rowid, id, device_id, received_at, payload)"
                + " SELECT rowid, id, device_id, received_at, payload FROM events",
        "DROP TABLE events",
        "ALTER TABLE " + EVENTS_REBUILD_TABLE + " RENAME TO events",
        EVENTS_RECEIVED_INDEX,
    };

    /**
     * Version 2 to 3: the tables of fleet health (docs/behaviour.md#fleet-health), sites and
     * dashboard operators; nothing existing changes. New files get the version 2 schema and then this
     * step, so that there is one definition of each table.
     */
    static final String[] UPGRADE_2_TO_3 = {
        "CREATE TABLE sites (name TEXT PRIMARY KEY, cidrs TEXT NOT NULL)",
        "CREATE TABLE health_checks (device_id TEXT NOT NULL, check_id TEXT NOT NULL, trigger TEXT,"
                + " started_at INTEGER NOT NULL, finished_at INTEGER, received_at INTEGER NOT NULL,"
                + " results INTEGER NOT NULL, failing INTEGER NOT NULL, failures TEXT NOT NULL,"
                + " PRIMARY KEY (device_id, check_id))",
        "CREATE INDEX health_checks_started ON health_checks(device_id, started_at)",
        "CREATE INDEX health_checks_received ON health_checks(received_at)",
        "CREATE TABLE health_latest (device_id TEXT PRIMARY KEY, check_id TEXT NOT NULL,"
                + " started_at INTEGER NOT NULL, received_at INTEGER NOT NULL, interval_ms INTEGER NOT NULL,"
                + " heartbeat_ms INTEGER NOT NULL, primary_address TEXT, dns_domain TEXT, proxy TEXT, site TEXT NOT NULL,"
                + " failing INTEGER NOT NULL, endpoint_set TEXT NOT NULL)",
        // The latest check in full, apart: health_latest stays narrow for the health document's scan.
        "CREATE TABLE health_documents (device_id TEXT PRIMARY KEY, check_json TEXT NOT NULL)",
        "CREATE INDEX health_latest_site ON health_latest(site)",
        "CREATE INDEX health_latest_received ON health_latest(received_at)",
        // The endpoints of each distinct set a check probed: the matrix's device counts.
        "CREATE TABLE health_endpoint_sets (set_id TEXT NOT NULL, endpoint TEXT NOT NULL,"
                + " PRIMARY KEY (set_id, endpoint))",
        // Only the failing (device, endpoint) pairs of the latest checks, the site copied in.
        "CREATE TABLE health_endpoints (device_id TEXT NOT NULL, endpoint TEXT NOT NULL, site TEXT NOT NULL,"
                + " diagnosis TEXT, PRIMARY KEY (device_id, endpoint))",
        "CREATE INDEX health_endpoints_cells ON health_endpoints(site, endpoint, diagnosis)",
        "CREATE TABLE health_failures (device_id TEXT NOT NULL, n INTEGER NOT NULL, url TEXT NOT NULL,"
                + " endpoint TEXT NOT NULL, method TEXT NOT NULL, route TEXT, diagnosis TEXT, detail TEXT,"
                + " remediation TEXT, issuer TEXT, proxy_error TEXT, http_status INTEGER, PRIMARY KEY (device_id, n))",
        "CREATE TABLE operators (name TEXT PRIMARY KEY, password_hash TEXT NOT NULL, created_at INTEGER NOT NULL)",
        "CREATE TABLE operator_tokens (token_hash BLOB PRIMARY KEY, operator TEXT NOT NULL,"
                + " created_at INTEGER NOT NULL)",
        "CREATE INDEX operator_tokens_operator ON operator_tokens(operator)",
    };

    /**
     * Version 3 to 4: the latest check's failing results as the JSON array the health document holds
     * (docs/scaling.md#fleet-health), written with each new latest check. The rows already there keep
     * NULL, and the document reads their failures from {@code health_failures} until the device's
     * next check replaces them: adding a column rewrites nothing.
     *
     * <p>With that text in it, {@code health_latest} is no longer narrow (SQLite keeps a row's text in
     * its page), so its scans (the sites' counts, the matrix's devices per site and endpoint set, which
     * devices the document lists) read an index that holds every column they need; it replaces the
     * index on the site alone, its prefix. Measured on 10,000 devices: the sites' count 30-40 ms
     * before, 9-14 ms with it; the matrix's 12-14 ms, 3-7 ms (docs/scaling.md#fleet-health).
     */
    static final String[] UPGRADE_3_TO_4 = {
        "ALTER TABLE health_latest ADD COLUMN failing_json TEXT",
        "CREATE INDEX health_latest_scan ON health_latest"
                + "(site, endpoint_set, failing, started_at, interval_ms, heartbeat_ms, device_id)",
        "DROP INDEX health_latest_site",
    };

    /**
     * The page size of a new file. With 16 KiB pages instead of SQLite's 4 KiB, storing an event
     * costs ~0.7 µs less CPU (a quarter of the WAL frames, system calls and b-tree page splits per
     * row; bench/sensor/README.md). An existing file keeps the size it was made with: changing it
     * takes a VACUUM, a rewrite of the whole file, not something to do on opening a store.
     */
    static final int NEW_FILE_PAGE_SIZE = 16_384;

    private Database() {}

    static Connection open(Path dbFile) throws SQLException {
        if (!Files.exists(dbFile)) {
            // The size is fixed when the first page is written, and switching to WAL writes it.
            try (Connection fresh = new SQLiteConfig().createConnection(jdbcUrl(dbFile));
                    Statement st = fresh.createStatement()) {
                st.executeUpdate("PRAGMA page_size = " + NEW_FILE_PAGE_SIZE);
                st.executeQuery("PRAGMA journal_mode = WAL").close();
            }
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.enforceForeignKeys(true);
        // Another process (the CLI revoking a device) may hold the write lock for a moment.
        config.setBusyTimeout(10_000);
        Connection c = config.createConnection(jdbcUrl(dbFile));
        try {
            migrate(c, dbFile);
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** Not a string concatenation: its first run is linked with method handles, milliseconds of a cold start (docs/scaling.md#fleet-health). */
    private static String jdbcUrl(Path dbFile) {
        return "jdbc:sqlite:".concat(dbFile.toAbsolutePath().toString());
    }

    private static void migrate(Connection c, Path dbFile) throws SQLException {
        if (userVersion(c) == SCHEMA_VERSION) {
            return;
        }
        try (Statement st = c.createStatement()) {
            // IMMEDIATE takes the write lock before the version is read again: when the service and
            // the CLI open an old file at once, one upgrades and the other then sees the new version.
            st.execute("BEGIN IMMEDIATE");
            try {
                int version = userVersion(c);
                if (version > SCHEMA_VERSION) {
                    throw new SQLException("database schema version " + version
                            + " is newer than this uplink understands (" + SCHEMA_VERSION
                            + "): it was written by a newer uplink; run that version on this data directory");
                }
                if (version == 0) {
                    run(st, SCHEMA);
                    run(st, UPGRADE_2_TO_3);
                    run(st, UPGRADE_3_TO_4);
                } else {
                    if (version == 1) {
                        run(st, UPGRADE_1_TO_2);
                        LOG.info("upgraded {} from schema version 1 to 2 (events deduplicated per device)", dbFile);
                    }
                    if (version <= 2) {
                        run(st, UPGRADE_2_TO_3);
                        LOG.info("upgraded {} to schema version 3 (fleet health, sites, operators)", dbFile);
                    }
                    run(st, UPGRADE_3_TO_4);
                    LOG.info("upgraded {} to schema version 4 (failing results kept as JSON)", dbFile);
                }
                st.executeUpdate("PRAGMA user_version = " + SCHEMA_VERSION);
                st.execute("COMMIT");
            } catch (SQLException | RuntimeException e) {
                try {
                    st.execute("ROLLBACK");
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            }
        }
    }

    private static void run(Statement st, String[] statements) throws SQLException {
        for (String sql : statements) {
            st.executeUpdate(sql);
        }
    }

    private static int userVersion(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            var rs = st.executeQuery("PRAGMA user_version");
            return rs.next() ? rs.getInt(1) : 0;
        }
    }
}
