package dev.uplink.collector.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;

/**
 * Opens the collector's SQLite file with the durability settings the ack contract depends on:
 * WAL (readers such as {@code collector query} never block ingestion) and synchronous=FULL
 * (a committed transaction is fsynced before commit returns, so a 200 means "on disk").
 */
final class Database {

    static final int SCHEMA_VERSION = 1;

    private static final String[] SCHEMA = {
        "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS events ("
                + " id TEXT PRIMARY KEY, device_id TEXT NOT NULL, received_at INTEGER NOT NULL, payload TEXT NOT NULL)",
        "CREATE INDEX IF NOT EXISTS events_received ON events(received_at)",
        "CREATE TABLE IF NOT EXISTS devices ("
                + " id TEXT PRIMARY KEY, name TEXT NOT NULL, secret_hash BLOB NOT NULL, token_id TEXT NOT NULL,"
                + " enrolled_at INTEGER NOT NULL, last_seen_at INTEGER, revoked_at INTEGER)",
        "CREATE TABLE IF NOT EXISTS enrollment_tokens ("
                + " id TEXT PRIMARY KEY, secret_hash BLOB NOT NULL, created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL,"
                + " used_at INTEGER, used_by TEXT, revoked_at INTEGER)",
    };

    private Database() {}

    static Connection open(Path dbFile) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.enforceForeignKeys(true);
        // Another process (the CLI revoking a device) may hold the write lock for a moment.
        config.setBusyTimeout(10_000);
        Connection c = config.createConnection("jdbc:sqlite:" + dbFile.toAbsolutePath());
        try {
            migrate(c);
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private static void migrate(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            var rs = st.executeQuery("PRAGMA user_version");
            int version = rs.next() ? rs.getInt(1) : 0;
            if (version > SCHEMA_VERSION) {
                throw new SQLException("database schema version " + version + " is newer than this uplink understands ("
                        + SCHEMA_VERSION + ")");
            }
            if (version == SCHEMA_VERSION) {
                return;
            }
            c.setAutoCommit(false);
            try {
                for (String ddl : SCHEMA) {
                    st.executeUpdate(ddl);
                }
                st.executeUpdate("PRAGMA user_version = " + SCHEMA_VERSION);
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }
}
