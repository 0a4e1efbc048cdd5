package dev.uplink.collector.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.collector.testing.PostgresCluster;
import dev.uplink.collector.testing.PostgresHarness;
import dev.uplink.core.protocol.EventEnvelope;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Day partitions and retention in PostgreSQL (docs/behaviour.md#partitions-and-retention): partitions
 * made ahead, rows of the default partition moved into a new day's partition, old partitions
 * dropped whole, recent ones kept, and every kept event still a duplicate when sent again.
 */
class PostgresRetentionTest {

    @RegisterExtension
    static final PostgresCluster pg = new PostgresCluster();

    static final Instant NOW = Instant.parse("2026-03-15T12:00:00Z");

    private static PostgresStore fresh() throws Exception {
        StoreUrl.Postgres url = pg.newDatabase();
        PostgresStore.migrate(url, PostgresHarness.PASSWORD);
        return PostgresStore.open(url, PostgresHarness.PASSWORD);
    }

    private static List<EventEnvelope> at(Instant t, String... ids) {
        List<EventEnvelope> out = new ArrayList<>();
        for (String id : ids) {
            out.add(new EventEnvelope(id, "{\"id\":\"" + id + "\"}", t));
        }
        return out;
    }

    private static String day(Instant t) {
        return PostgresPartitions.name(LocalDate.ofInstant(t, ZoneOffset.UTC));
    }

    @Test
    void prepareMakesYesterdayToAWeekAheadOnceAndAnotherCollectorFindsThemMade() throws Exception {
        try (PostgresStore store = fresh()) {
            List<String> created = store.prepare(NOW);
            assertEquals(9, created.size(), created.toString());
            assertEquals("events_p20260314", created.get(0));
            assertEquals("events_p20260322", created.get(8));
            assertEquals(created, store.dayPartitions());
            assertEquals(List.of(), store.prepare(NOW), "prepare again: nothing to make");
            assertEquals(List.of("events_p20260323"), store.prepare(NOW.plus(Duration.ofDays(1))));
        }
    }

    @Test
    void retentionDropsOldPartitionsWholeKeepsRecentOnesAndDedupeStillHolds() throws Exception {
        try (PostgresStore store = fresh()) {
            // A collector that ran 40 days ago and 10 days ago made partitions then; one runs now.
            Instant old = NOW.minus(Duration.ofDays(40));
            Instant recent = NOW.minus(Duration.ofDays(10));
            store.prepare(old);
            store.prepare(recent);
            store.prepare(NOW);
            EventStore events = store.events();
            assertEquals(new IngestResult(2, 0), events.ingest("dev-a", at(old, "o1", "o2"), old));
            assertEquals(new IngestResult(2, 0), events.ingest("dev-a", at(recent, "r1", "r2"), recent));
            assertEquals(new IngestResult(1, 0), events.ingest("dev-b", at(NOW, "n1"), NOW));
            // 20 days ago: no partition was made for that day, the row waits in the default partition.
            Instant gap = NOW.minus(Duration.ofDays(20));
            assertEquals(new IngestResult(1, 0), events.ingest("dev-a", at(gap, "g1"), NOW));
            // Undated (no receivedAt, or a clock never set): kept by arrival time.
            assertEquals(
                    new IngestResult(2, 0),
                    events.ingest(
                            "dev-c",
                            List.of(
                                    new EventEnvelope("u-old", "{}"),
                                    new EventEnvelope("u-1970", "{}", Instant.parse("1970-01-02T00:00:00Z"))),
                            old));
            assertEquals(
                    new IngestResult(1, 0), events.ingest("dev-c", List.of(new EventEnvelope("u-new", "{}")), NOW));
            Map<String, Long> before = rowsPerPartition(store);
            assertEquals(2L, before.get(day(old)));
            assertEquals(2L, before.get(day(recent)));
            assertEquals(1L, before.get(day(NOW)));
            assertEquals(1L, before.get("events_default"));
            assertEquals(3L, before.get("events_undated"));

            Retained r = store.retain(NOW.minus(Duration.ofDays(30)));

            List<String> left = store.dayPartitions();
            for (String name : r.droppedPartitions()) {
                assertTrue(PostgresPartitions.dayOf(name).isBefore(LocalDate.of(2026, 2, 13)), name);
            }
            assertEquals(9, r.droppedPartitions().size(), "the nine days made 40 days ago: " + r);
            assertTrue(left.contains(day(recent)) && left.contains(day(NOW)), left.toString());
            assertEquals(2, r.deletedRows(), "the two undated rows that arrived 40 days ago");
            List<String> kept = new ArrayList<>();
            events.query(null, e -> kept.add(e.deviceId() + "/" + e.id()));
            assertEquals(List.of("dev-a/r1", "dev-a/r2", "dev-b/n1", "dev-a/g1", "dev-c/u-new"), kept);

            // Every kept event sent again, to this or another collector, is still a duplicate.
            try (PostgresStore other = PostgresStore.open(store.url(), PostgresHarness.PASSWORD)) {
                assertEquals(new IngestResult(0, 2), other.events().ingest("dev-a", at(recent, "r2", "r1"), NOW));
                assertEquals(new IngestResult(0, 1), other.events().ingest("dev-b", at(NOW, "n1"), NOW));
                assertEquals(new IngestResult(0, 1), other.events().ingest("dev-a", at(gap, "g1"), NOW));
                assertEquals(
                        new IngestResult(0, 1),
                        other.events().ingest("dev-c", List.of(new EventEnvelope("u-new", "{}")), NOW));
            }
            assertEquals(5, events.count(null));
        }
    }

    @Test
    void aNewDaysPartitionTakesOverItsRowsFromTheDefaultAndTheyStayDuplicates() throws Exception {
        try (PostgresStore store = fresh()) {
            store.prepare(NOW);
            // A device clock 12 days ahead: no partition for that day yet.
            Instant ahead = NOW.plus(Duration.ofDays(12));
            assertEquals(new IngestResult(2, 0), store.events().ingest("dev-a", at(ahead, "f1", "f2"), NOW));
            assertEquals(2L, rowsPerPartition(store).get("events_default"));
            List<String> made = store.prepare(ahead);
            assertTrue(made.contains(day(ahead)), made.toString());
            Map<String, Long> after = rowsPerPartition(store);
            assertEquals(2L, after.get(day(ahead)));
            assertEquals(null, after.get("events_default"));
            assertEquals(new IngestResult(0, 2), store.events().ingest("dev-a", at(ahead, "f1", "f2"), ahead));
            assertEquals(new IngestResult(1, 0), store.events().ingest("dev-a", at(ahead, "f3"), ahead));
            List<String> order = new ArrayList<>();
            store.events().query(null, e -> order.add(e.id()));
            assertEquals(List.of("f1", "f2", "f3"), order, "moved rows keep their arrival order");
        }
    }

    @Test
    void upgradingFromVersionOneKeepsEveryRowUndatedAndItsOrder() throws Exception {
        StoreUrl.Postgres url = pg.newDatabase();
        Flyway.configure()
                .dataSource(url.jdbcUrl(), PostgresHarness.USER, PostgresHarness.PASSWORD)
                .locations(PostgresStore.MIGRATIONS)
                .target("1")
                .load()
                .migrate();
        try (Connection c = DriverManager.getConnection(url.jdbcUrl(), PostgresHarness.USER, PostgresHarness.PASSWORD);
                var st = c.createStatement()) {
            st.execute("INSERT INTO events(id, device_id, received_at, payload) VALUES"
                    + " ('z', 'dev-a', 5, '{}'), ('a', 'dev-a', 5, '{}'), ('m', 'dev-b', 6, '{}')");
        }
        assertEquals(
                PostgresStore.MIGRATION_VERSIONS.size() - 1,
                PostgresStore.migrate(url, PostgresHarness.PASSWORD),
                "V2 to the last");
        try (PostgresStore store = PostgresStore.open(url, PostgresHarness.PASSWORD)) {
            List<String> order = new ArrayList<>();
            store.events().query(null, e -> order.add(e.deviceId() + "/" + e.id()));
            assertEquals(List.of("dev-a/z", "dev-a/a", "dev-b/m"), order);
            assertEquals(3L, rowsPerPartition(store).get("events_undated"));
            assertEquals(
                    new IngestResult(1, 1),
                    store.events()
                            .ingest(
                                    "dev-a",
                                    List.of(new EventEnvelope("a", "{}"), new EventEnvelope("new", "{}")),
                                    NOW));
            order.clear();
            store.events().query(null, e -> order.add(e.id()));
            assertEquals(List.of("z", "a", "m", "new"), order, "new rows come after the old ones");
        }
    }

    private static Map<String, Long> rowsPerPartition(PostgresStore store) {
        return store.read(c -> {
            Map<String, Long> rows = new TreeMap<>();
            try (var st = c.createStatement()) {
                ResultSet rs = st.executeQuery("SELECT tableoid::regclass::text, count(*) FROM events GROUP BY 1");
                while (rs.next()) {
                    rows.put(rs.getString(1), rs.getLong(2));
                }
            }
            return rows;
        });
    }
}
