package dev.uplink.collector.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.collector.health.HealthDocument;
import dev.uplink.collector.health.HealthJson;
import dev.uplink.collector.testing.CheckPayloads;
import dev.uplink.core.protocol.EventEnvelope;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data directories written by an older uplink open with this one: the schema is upgraded in place,
 * in one transaction, keeping every stored row; a database of a newer uplink is refused.
 */
class SchemaMigrationTest {

    /** The schema exactly as uplink wrote it at user_version 1 (event ids unique per collector). */
    static final String[] SCHEMA_V1 = {
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
        "PRAGMA user_version = 1",
    };

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;

    Path data;

    @BeforeEach
    void dataDir() throws Exception {
        data = Files.createDirectory(dir.resolve("data"));
    }

    Connection raw() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + data.resolve(CollectorStore.DB_FILE));
    }

    /** A version-1 data directory: a tenant, a device, and events from two devices (received out of id order). */
    void writeVersion1() throws SQLException {
        try (Connection c = raw();
                Statement st = c.createStatement()) {
            for (String ddl : SCHEMA_V1) {
                st.executeUpdate(ddl);
            }
            st.executeUpdate("INSERT INTO meta(key, value) VALUES ('tenant_id', 'tenant-v1')");
            st.executeUpdate("INSERT INTO devices(id, name, secret_hash, token_id, enrolled_at)"
                    + " VALUES ('dev-a', 'laptop', x'00', 'tok-1', 1)");
            try (PreparedStatement ins =
                    c.prepareStatement("INSERT INTO events(id, device_id, received_at, payload) VALUES (?, ?, ?, ?)")) {
                String[][] rows = {{"z1", "dev-a"}, {"a2", "dev-b"}, {"m3", "dev-a"}, {"b4", "dev-b"}};
                for (String[] row : rows) {
                    ins.setString(1, row[0]);
                    ins.setString(2, row[1]);
                    ins.setLong(3, T0.toEpochMilli()); // same arrival time: order is insertion order
                    ins.setString(4, "{\"v\":\"" + row[0] + "\"}");
                    ins.executeUpdate();
                }
            }
        }
    }

    int userVersion() throws SQLException {
        try (Connection c = raw();
                Statement st = c.createStatement()) {
            var rs = st.executeQuery("PRAGMA user_version");
            rs.next();
            return rs.getInt(1);
        }
    }

    static List<String> rows(CollectorStore store) {
        List<String> out = new ArrayList<>();
        store.events()
                .query(null, e -> out.add(e.deviceId() + "/" + e.id() + "@" + e.receivedAt() + " " + e.payloadJson()));
        return out;
    }

    @Test
    void aVersion2DatabaseGainsTheHealthTablesKeepingEveryRow() throws Exception {
        try (Connection c = raw();
                Statement st = c.createStatement()) {
            for (String ddl : Database.SCHEMA) {
                st.executeUpdate(ddl);
            }
            st.executeUpdate("PRAGMA user_version = 2");
            st.executeUpdate("INSERT INTO meta(key, value) VALUES ('tenant_id', 'tenant-v2')");
            st.executeUpdate("INSERT INTO devices(id, name, secret_hash, token_id, enrolled_at)"
                    + " VALUES ('dev-a', 'laptop', x'00', 'tok-1', 1)");
            st.executeUpdate("INSERT INTO events(id, device_id, received_at, payload) VALUES ('e1', 'dev-a', 5, '{}')");
        }
        try (CollectorStore store = CollectorStore.openExisting(data)) {
            assertEquals(List.of("dev-a/e1@" + Instant.ofEpochMilli(5) + " {}"), rows(store));
            assertEquals("tenant-v2", store.tenantId());
            store.health().setSite("hq", List.of("10.0.0.0/8"));
            assertTrue(store.operators().add("alice", "hash", T0));
        }
        assertEquals(Database.SCHEMA_VERSION, userVersion());
        try (CollectorStore store = CollectorStore.openExisting(data)) {
            assertEquals(List.of("alice"), store.operators().names());
            assertEquals(1, store.health().sites().size());
        }
    }

    @Test
    void aVersion1DatabaseIsUpgradedKeepingEveryEventAndThenDedupesPerDevice() throws Exception {
        writeVersion1();
        try (CollectorStore store = CollectorStore.openExisting(data)) {
            assertEquals(
                    List.of(
                            "dev-a/z1@" + T0 + " {\"v\":\"z1\"}",
                            "dev-b/a2@" + T0 + " {\"v\":\"a2\"}",
                            "dev-a/m3@" + T0 + " {\"v\":\"m3\"}",
                            "dev-b/b4@" + T0 + " {\"v\":\"b4\"}"),
                    rows(store));
            assertEquals("tenant-v1", store.tenantId());
            assertEquals(
                    List.of("dev-a"),
                    store.devices().list().stream().map(Device::id).toList());

            // dev-b's copy of dev-a's z1 is a different event; each device's own resend is still a duplicate.
            Instant t1 = T0.plusSeconds(1);
            assertEquals(
                    new IngestResult(1, 1),
                    store.events()
                            .ingest("dev-b", List.of(new EventEnvelope("z1", "1"), new EventEnvelope("b4", "1")), t1));
            assertEquals(
                    new IngestResult(0, 1), store.events().ingest("dev-a", List.of(new EventEnvelope("z1", "2")), t1));
            assertEquals(5, store.events().count(null));
        }
        assertEquals(Database.SCHEMA_VERSION, userVersion());
        // Opening again is a no-op: nothing lost, nothing duplicated.
        try (CollectorStore store = CollectorStore.openExisting(data)) {
            assertEquals(5, store.events().count(null));
        }
    }

    @Test
    void aFailedUpgradeLeavesTheVersion1DatabaseAsItWas() throws Exception {
        writeVersion1();
        try (Connection c = raw();
                Statement st = c.createStatement()) {
            // Occupies the name the upgrade builds its new table under, so the upgrade fails halfway.
            st.executeUpdate("CREATE TABLE " + Database.EVENTS_REBUILD_TABLE + " (x)");
        }
        var e = assertThrows(StoreException.class, () -> CollectorStore.openExisting(data));
        assertTrue(e.getMessage().contains(data.toString()), e.getMessage());
        assertEquals(1, userVersion());
        try (Connection c = raw();
                Statement st = c.createStatement()) {
            var rs = st.executeQuery("SELECT count(*) FROM events");
            rs.next();
            assertEquals(4, rs.getInt(1));
            // Still the version-1 table: ids unique per collector.
            assertThrows(
                    SQLException.class,
                    () -> st.executeUpdate(
                            "INSERT INTO events(id, device_id, received_at, payload) VALUES ('z1', 'dev-c', 1, '1')"));
        }
    }

    @Test
    void aDatabaseOfANewerUplinkIsRefusedNamingTheDataDirectoryAndLeftAlone() throws Exception {
        writeVersion1();
        int future = Database.SCHEMA_VERSION + 1;
        try (Connection c = raw();
                Statement st = c.createStatement()) {
            st.executeUpdate("PRAGMA user_version = " + future);
        }
        var e = assertThrows(StoreException.class, () -> CollectorStore.openExisting(data));
        assertTrue(e.getMessage().contains(data.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("schema version " + future), e.getMessage());
        assertTrue(e.getMessage().contains("newer"), e.getMessage());
        assertEquals(future, userVersion());
    }

    @Test
    void aNewDataDirectoryStartsAtTheCurrentVersion() throws Exception {
        try (CollectorStore store = CollectorStore.open(data)) {
            assertEquals(
                    new IngestResult(1, 0), store.events().ingest("dev-a", List.of(new EventEnvelope("x", "1")), T0));
            assertEquals(
                    new IngestResult(1, 0), store.events().ingest("dev-b", List.of(new EventEnvelope("x", "1")), T0));
        }
        assertEquals(Database.SCHEMA_VERSION, userVersion());
    }

    /**
     * A version-3 file (health tables without the kept failing text) gains the column; its latest
     * checks, recorded before, keep NULL and are listed with their failures from {@code
     * health_failures}, exactly as version 3 listed them; the next check keeps its text.
     */
    @Test
    void aVersion3DatabaseGainsTheFailingTextAndListsItsOlderChecksAsBefore() throws Exception {
        Instant at = T0.plusSeconds(30);
        String before;
        try (CollectorStore store = CollectorStore.open(data)) {
            try (Connection c = raw();
                    Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO devices(id, name, secret_hash, token_id, enrolled_at, last_seen_at)"
                        + " VALUES ('dev-a', 'laptop', x'00', 'tok-1', 1, " + T0.toEpochMilli() + ")");
            }
            store.events()
                    .ingest(
                            "dev-a",
                            List.of(CheckPayloads.check("c1", T0)
                                    .failed("pinned.example.com", "sensor", "tls-intercepted")
                                    .failed("denied.example.com", "1", "proxy-denied")
                                    .event("e1")),
                            T0);
            before = new String(
                    HealthJson.documentBytes(store.health().health(at, Optional.empty())), StandardCharsets.UTF_8);
        }
        try (Connection c = raw();
                Statement st = c.createStatement()) {
            // What uplink wrote at version 3: the same tables, without the column.
            st.executeUpdate("DROP INDEX health_latest_scan");
            st.executeUpdate("CREATE INDEX health_latest_site ON health_latest(site)");
            st.executeUpdate("ALTER TABLE health_latest DROP COLUMN failing_json");
            st.executeUpdate("PRAGMA user_version = 3");
        }
        try (CollectorStore store = CollectorStore.openExisting(data)) {
            HealthDocument doc = store.health().health(at, Optional.empty());
            assertEquals(Database.SCHEMA_VERSION, userVersion());
            assertEquals(null, doc.devices().get(0).failingJson(), "no text kept for the older check");
            assertEquals(2, doc.devices().get(0).failing().size());
            assertEquals(before, new String(HealthJson.documentBytes(doc), StandardCharsets.UTF_8));
            store.events()
                    .ingest(
                            "dev-a",
                            List.of(CheckPayloads.check("c2", at)
                                    .failed("pinned.example.com", "sensor", "tls-intercepted")
                                    .event("e2")),
                            at);
            assertTrue(
                    store.health().health(at, Optional.empty()).devices().get(0).failingJson() != null);
        }
    }
}
