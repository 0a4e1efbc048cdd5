package dev.uplink.collector.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.collector.auth.AuthException;
import dev.uplink.collector.auth.EnrollmentService;
import dev.uplink.collector.auth.Secrets;
import dev.uplink.collector.testing.PostgresHarness;
import dev.uplink.core.protocol.EventEnvelope;
import dev.uplink.core.testing.Seeded;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The PostgreSQL store against a real PostgreSQL: the {@link EventStoreContract} (on both ways a
 * batch is written: COPY and the one statement), migrations, refusals.
 */
class PostgresEventStoreTest extends EventStoreContract {

    static PostgresHarness pg;

    PostgresStore store;
    StoreUrl.Postgres url;

    @BeforeAll
    static void startPostgres() throws Exception {
        pg = PostgresHarness.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (pg != null) {
            pg.close();
        }
    }

    @Override
    protected EventStore openEmpty() throws Exception {
        url = pg.newDatabase();
        PostgresStore.migrate(url, PostgresHarness.PASSWORD);
        store = PostgresStore.open(url, PostgresHarness.PASSWORD);
        return store.events();
    }

    @Override
    protected Store store() {
        return store;
    }

    @Override
    protected void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void migrateTwiceIsHarmlessAndKeepsTheData() throws Exception {
        StoreUrl.Postgres url = pg.newDatabase();
        assertEquals(
                PostgresStore.MIGRATION_VERSIONS.size(),
                PostgresStore.migrate(url, PostgresHarness.PASSWORD),
                "V1 to the last");
        String tenant;
        try (PostgresStore s = PostgresStore.open(url, PostgresHarness.PASSWORD)) {
            s.events().ingest("dev-a", batch("e1"), T0);
            tenant = s.tenantId();
        }
        assertEquals(0, PostgresStore.migrate(url, PostgresHarness.PASSWORD));
        try (PostgresStore s = PostgresStore.open(url, PostgresHarness.PASSWORD)) {
            assertEquals(1, s.events().count(null));
            assertEquals(tenant, s.tenantId());
        }
    }

    @Test
    void openRefusesAnUnmigratedDatabaseNamingTheMigrateCommand() throws Exception {
        StoreUrl.Postgres url = pg.newDatabase();
        var e = assertThrows(StoreException.class, () -> PostgresStore.open(url, PostgresHarness.PASSWORD));
        assertTrue(e.getMessage().contains("uplink collector migrate --store " + url.display()), e.getMessage());
    }

    @Test
    void openRefusesASchemaNewerThanThisUplink() throws Exception {
        StoreUrl.Postgres url = pg.newDatabase();
        PostgresStore.migrate(url, PostgresHarness.PASSWORD);
        try (Connection c = DriverManager.getConnection(url.jdbcUrl(), PostgresHarness.USER, PostgresHarness.PASSWORD);
                var st = c.createStatement()) {
            st.execute("INSERT INTO flyway_schema_history(installed_rank, version, description, type, script,"
                    + " installed_by, execution_time, success) VALUES (99, '99', 'future', 'SQL', 'V99__future.sql',"
                    + " 'test', 0, true)");
        }
        var e = assertThrows(StoreException.class, () -> PostgresStore.open(url, PostgresHarness.PASSWORD));
        assertTrue(e.getMessage().contains("newer than this uplink"), e.getMessage());
    }

    @Test
    void openRefusesASchemaOlderThanThisUplinkNamingTheMigrateCommand() throws Exception {
        StoreUrl.Postgres url = pg.newDatabase();
        PostgresStore.migrate(url, PostgresHarness.PASSWORD);
        sql(
                url,
                "DELETE FROM flyway_schema_history WHERE version = '"
                        + PostgresStore.MIGRATION_VERSIONS.get(PostgresStore.MIGRATION_VERSIONS.size() - 1) + "'");

        var e = assertThrows(StoreException.class, () -> PostgresStore.open(url, PostgresHarness.PASSWORD));
        assertTrue(e.getMessage().contains("older than this uplink's"), e.getMessage());
        assertTrue(e.getMessage().contains("uplink collector migrate --store " + url.display()), e.getMessage());
    }

    @Test
    void theQuickSchemaCheckPassesOnlyAHistoryOfExactlyThisUplinksMigrations() throws Exception {
        StoreUrl.Postgres url = pg.newDatabase();
        var ds = new org.postgresql.ds.PGSimpleDataSource();
        ds.setUrl(url.jdbcUrl());
        ds.setUser(PostgresHarness.USER);
        ds.setPassword(PostgresHarness.PASSWORD);
        assertFalse(PostgresStore.schemaIsCurrent(ds), "no history table");
        PostgresStore.migrate(url, PostgresHarness.PASSWORD);
        assertTrue(PostgresStore.schemaIsCurrent(ds), "migrated");
        sql(url, "UPDATE flyway_schema_history SET success = false WHERE version = '3'");
        assertFalse(PostgresStore.schemaIsCurrent(ds), "a failed migration");
        sql(url, "UPDATE flyway_schema_history SET success = true WHERE version = '3'");
        sql(
                url,
                "INSERT INTO flyway_schema_history(installed_rank, version, description, type, script,"
                        + " installed_by, execution_time, success) VALUES (99, '99', 'future', 'SQL', 'V99__future.sql',"
                        + " 'test', 0, true)");
        assertFalse(PostgresStore.schemaIsCurrent(ds), "a version this uplink does not know");
        sql(url, "DELETE FROM flyway_schema_history WHERE version IN ('99', '2')");
        assertFalse(PostgresStore.schemaIsCurrent(ds), "a version missing");
    }

    /** The quick check's list of versions is the migrations this uplink ships. */
    @Test
    void migrationVersionsAreTheMigrationsOnTheClassPath() throws Exception {
        var dir = java.nio.file.Path.of(PostgresStore.class
                .getResource("/" + PostgresStore.MIGRATIONS.substring("classpath:".length()))
                .toURI());
        List<String> versions;
        try (var files = java.nio.file.Files.list(dir)) {
            versions = files.map(f -> f.getFileName().toString())
                    .filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .map(n -> n.substring(1, n.indexOf("__")))
                    .sorted(java.util.Comparator.comparingInt(Integer::parseInt))
                    .toList();
        }
        assertEquals(versions, PostgresStore.MIGRATION_VERSIONS);
    }

    private static void sql(StoreUrl.Postgres url, String statement) throws Exception {
        try (Connection c = DriverManager.getConnection(url.jdbcUrl(), PostgresHarness.USER, PostgresHarness.PASSWORD);
                var st = c.createStatement()) {
            st.execute(statement);
        }
    }

    @Test
    void aWrongPasswordIsAClearErrorWithoutThePassword() throws Exception {
        StoreUrl.Postgres url = pg.newDatabase();
        String wrong = "not-the-password-5521";
        var e = assertThrows(StoreException.class, () -> PostgresStore.open(url, wrong));
        assertTrue(e.getMessage().contains("password authentication failed"), e.getMessage());
        assertTrue(e.getMessage().contains(url.display()), e.getMessage());
        assertFalse(e.getMessage().contains(wrong), e.getMessage());
        var m = assertThrows(StoreException.class, () -> PostgresStore.migrate(url, wrong));
        assertFalse(m.getMessage().contains(wrong), m.getMessage());
    }

    /**
     * A command's store on one connection (docs/scaling.md#cli-start-up) refuses what the pooled one
     * refuses, in the same words: a wrong password, no schema, an older one, a newer one.
     */
    @Test
    void theOneConnectionOpenRefusesWhatThePooledOpenRefusesInTheSameWords() throws Exception {
        StoreUrl.Postgres url = pg.newDatabase();
        String wrong = "not-the-password-7719";
        var pooled = assertThrows(StoreException.class, () -> PostgresStore.open(url, wrong));
        var one = assertThrows(StoreException.class, () -> PostgresStore.openForCommand(url, wrong));
        assertEquals(pooled.getMessage(), one.getMessage());
        assertFalse(one.getMessage().contains(wrong), one.getMessage());

        List<String> unmigrated = refusals(url);
        assertTrue(unmigrated.get(0).contains("has no uplink schema"), unmigrated.get(0));
        assertEquals(unmigrated.get(0), unmigrated.get(1));

        PostgresStore.migrate(url, PostgresHarness.PASSWORD);
        String last = PostgresStore.MIGRATION_VERSIONS.get(PostgresStore.MIGRATION_VERSIONS.size() - 1);
        sql(url, "DELETE FROM flyway_schema_history WHERE version = '" + last + "'");
        List<String> older = refusals(url);
        assertTrue(older.get(0).contains("older than this uplink's"), older.get(0));
        assertEquals(older.get(0), older.get(1));

        StoreUrl.Postgres future = pg.newDatabase();
        PostgresStore.migrate(future, PostgresHarness.PASSWORD);
        sql(
                future,
                "INSERT INTO flyway_schema_history(installed_rank, version, description, type, script,"
                        + " installed_by, execution_time, success) VALUES (99, '99', 'future', 'SQL', 'V99__future.sql',"
                        + " 'test', 0, true)");
        List<String> newer = refusals(future);
        assertTrue(newer.get(0).contains("newer than this uplink"), newer.get(0));
        assertEquals(newer.get(0), newer.get(1));
    }

    /** The refusal of the pooled open, then of the one-connection open. */
    private static List<String> refusals(StoreUrl.Postgres url) {
        return List.of(
                assertThrows(StoreException.class, () -> PostgresStore.open(url, PostgresHarness.PASSWORD))
                        .getMessage(),
                assertThrows(StoreException.class, () -> PostgresStore.openForCommand(url, PostgresHarness.PASSWORD))
                        .getMessage());
    }

    /**
     * The one-connection open sends its session settings in the start-up message (no SET after the
     * login): the session is the one the pool's connections get, setting for setting.
     */
    @Test
    void theOneConnectionSessionHasThePoolsSettings() throws Exception {
        StoreUrl.Postgres url = pg.newDatabase();
        PostgresStore.migrate(url, PostgresHarness.PASSWORD);
        String settings = "SELECT current_setting('application_name'), current_setting('extra_float_digits'),"
                + " current_setting('DateStyle'), current_setting('client_encoding'), current_setting('TimeZone')";
        Transactor.SqlWork<List<String>> read = c -> {
            try (var st = c.createStatement();
                    var rs = st.executeQuery(settings)) {
                assertTrue(rs.next());
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= 5; i++) {
                    values.add(rs.getString(i));
                }
                return values;
            }
        };
        List<String> one;
        try (PostgresStore s = PostgresStore.openForCommand(url, PostgresHarness.PASSWORD)) {
            one = s.read(read);
        }
        try (PostgresStore pooled = PostgresStore.open(url, PostgresHarness.PASSWORD)) {
            assertEquals(pooled.read(read), one);
        }
        assertEquals("PostgreSQL JDBC Driver", one.get(0), "the name the driver used to SET after the login");
    }

    /**
     * On its one connection the store still commits each transaction, rolls back a failed one and
     * goes on with the next piece of work (its autocommit restored), as on the pool's connections.
     */
    @Test
    void theOneConnectionStoreCommitsRollsBackAndGoesOn() throws Exception {
        StoreUrl.Postgres url = pg.newDatabase();
        PostgresStore.migrate(url, PostgresHarness.PASSWORD);
        try (PostgresStore s = PostgresStore.openForCommand(url, PostgresHarness.PASSWORD)) {
            assertEquals(new IngestResult(2, 0), s.events().ingest("dev-a", batch("e1", "e2"), T0));
            var failed = assertThrows(
                    StoreException.class,
                    () -> s.inTransaction(c -> {
                        try (var st = c.createStatement()) {
                            st.execute("DELETE FROM events");
                            st.execute("SELECT no_such_column FROM events");
                        }
                        return null;
                    }));
            assertTrue(failed.getMessage().contains("no_such_column"), failed.getMessage());
            assertEquals(2, s.events().count(null), "the failed transaction's delete was rolled back");
            boolean autoCommit = s.read(c -> c.getAutoCommit());
            assertTrue(autoCommit, "autocommit restored after the failed transaction");
            String tenant = s.tenantId();
            try (PostgresStore pooled = PostgresStore.open(url, PostgresHarness.PASSWORD)) {
                assertEquals(2, pooled.events().count(null), "committed: another connection sees it");
                assertEquals(tenant, pooled.tenantId());
            }
        }
    }

    @Test
    void twoCollectorsShareEventsDedupeAndTheTenant() throws Exception {
        // A second store on the same database is a second collector: its resent batch is a duplicate.
        try (PostgresStore other = PostgresStore.open(url, PostgresHarness.PASSWORD)) {
            assertEquals(new IngestResult(2, 0), store.events().ingest("dev-a", batch("e1", "e2"), T0));
            assertEquals(new IngestResult(0, 2), other.events().ingest("dev-a", batch("e1", "e2"), T0.plusSeconds(1)));
            assertEquals(store.tenantId(), other.tenantId());
            assertTrue(other.isHealthy());
            store.tokens().insert("tok1", new byte[] {1, 2}, T0, T0.plusSeconds(3600));
            assertEquals(
                    TokenStore.Redemption.ENROLLED,
                    other.tokens()
                            .redeem(
                                    "tok1",
                                    new byte[] {1, 2},
                                    new TokenStore.NewDevice("d1", "laptop", new byte[] {3}),
                                    T0)
                            .result());
            assertEquals(
                    TokenStore.Redemption.ALREADY_USED,
                    store.tokens()
                            .redeem(
                                    "tok1",
                                    new byte[] {1, 2},
                                    new TokenStore.NewDevice("d2", "other", new byte[] {4}),
                                    T0)
                            .result());
            assertEquals(1, store.devices().list().size());
            assertTrue(store.devices().revoke("d1", Instant.EPOCH));
            assertTrue(other.devices().credential("d1").orElseThrow().revoked());
        }
    }

    @Test
    void anEnrollmentRetriedOnASecondCollectorGetsTheSameDevice() throws Exception {
        // The first collector redeemed the token, then its answer was lost; the device retries elsewhere.
        try (PostgresStore other = PostgresStore.open(url, PostgresHarness.PASSWORD)) {
            String token = enrollment(store).issue(Duration.ofHours(1)).token().reveal();
            String secret = Secrets.newSecret();
            String first = enrollment(store)
                    .enroll(token, "laptop", null, secret)
                    .credential()
                    .id();
            EnrollmentService.Enrolled retry = enrollment(other).enroll(token, "laptop", null, secret);
            assertTrue(retry.retried());
            assertEquals(first, retry.credential().id());
            var e = assertThrows(
                    AuthException.class, () -> enrollment(other).enroll(token, "x", null, Secrets.newSecret()));
            assertEquals(403, e.status());
            assertEquals(1, other.devices().list().size());
        }
    }

    @Test
    void theSameAttemptRacingOnTwoCollectorsGetsOneDeviceForBoth() throws Exception {
        // Both requests may reach the UPDATE at once: the second waits for the first's commit and must
        // then recognise its own attempt rather than answer "already used".
        try (PostgresStore other = PostgresStore.open(url, PostgresHarness.PASSWORD)) {
            for (int round = 0; round < 5; round++) {
                String token =
                        enrollment(store).issue(Duration.ofHours(1)).token().reveal();
                String secret = Secrets.newSecret();
                CountDownLatch go = new CountDownLatch(1);
                ExecutorService pool = Executors.newFixedThreadPool(2);
                try {
                    List<Future<EnrollmentService.Enrolled>> answers = new ArrayList<>();
                    for (PostgresStore s : List.of(store, other)) {
                        answers.add(pool.submit(() -> {
                            go.await();
                            return enrollment(s).enroll(token, "laptop", null, secret);
                        }));
                    }
                    go.countDown();
                    String a = answers.get(0).get().credential().id();
                    String b = answers.get(1).get().credential().id();
                    assertEquals(a, b, "round " + round);
                } finally {
                    pool.shutdownNow();
                }
            }
            assertEquals(5, store.devices().list().size());
        }
    }

    /** The contract again with every batch, even one event, taking the COPY path first. */
    @Nested
    class EveryBatchCopied extends EventStoreContract {
        PostgresStore copyStore;

        @Override
        protected EventStore openEmpty() throws Exception {
            StoreUrl.Postgres u = pg.newDatabase();
            PostgresStore.migrate(u, PostgresHarness.PASSWORD);
            copyStore = PostgresStore.open(u, PostgresHarness.PASSWORD);
            return new PostgresEventStore(copyStore, 1);
        }

        @Override
        protected Store store() {
            return copyStore;
        }

        @Override
        protected void closeStore() {
            if (copyStore != null) {
                copyStore.close();
            }
        }
    }

    /** Ids as devices may choose them: any string, including COPY's delimiters, escapes and non-ASCII. */
    static final String[] ODD_IDS = {
        "tab\there",
        "new\nline",
        "cr\rhere",
        "back\\slash",
        "\\N",
        "",
        " ",
        "ünïcødé-✓",
        "emoji-\uD83D\uDE00",
        "a'quote\"",
        "x".repeat(300),
        "550e8400-e29b-41d4-a716-446655440000",
        "550E8400-E29B-41D4-A716-446655440000"
    };

    /**
     * A random history of batches (fresh events, resends, partial resends, repeats within a batch, one
     * id with two event times, odd ids, undated events) written through COPY and through the one
     * statement into two databases: the same results, the same rows in the same order.
     */
    @Test
    @ExtendWith(Seeded.class)
    void copyAndTheOneStatementStoreTheSameRows(Random rnd) throws Exception {
        StoreUrl.Postgres other = pg.newDatabase();
        PostgresStore.migrate(other, PostgresHarness.PASSWORD);
        try (PostgresStore second = PostgresStore.open(other, PostgresHarness.PASSWORD)) {
            // Day partitions for part of the history, the default partition for the rest.
            store.prepare(T0.plus(Duration.ofDays(1)));
            second.prepare(T0.plus(Duration.ofDays(1)));
            EventStore copied = new PostgresEventStore(store, 1);
            EventStore statement = new PostgresEventStore(second, Integer.MAX_VALUE);
            List<EventEnvelope> sent = new ArrayList<>();
            for (int b = 0; b < 30; b++) {
                String device = "dev-" + rnd.nextInt(3);
                List<EventEnvelope> batch = new ArrayList<>();
                int size = 1 + rnd.nextInt(b % 5 == 0 ? 400 : 20);
                for (int i = 0; i < size; i++) {
                    int kind = rnd.nextInt(10);
                    if (kind < 2 && !sent.isEmpty()) {
                        batch.add(sent.get(rnd.nextInt(sent.size()))); // a resend
                    } else if (kind == 2 && !batch.isEmpty()) {
                        batch.add(batch.get(rnd.nextInt(batch.size()))); // a repeat within the batch
                    } else if (kind == 3 && !batch.isEmpty()) {
                        EventEnvelope e = batch.get(rnd.nextInt(batch.size()));
                        Instant later = (e.receivedAt() == null ? T0 : e.receivedAt()).plusMillis(1);
                        batch.add(new EventEnvelope(e.id(), "{\"again\":1}", later)); // same id, another time
                    } else {
                        String id = kind == 4 ? ODD_IDS[rnd.nextInt(ODD_IDS.length)] + b : "e" + b + "-" + i;
                        Instant at = kind == 5 ? null : T0.plusSeconds(rnd.nextInt(3 * 86_400));
                        batch.add(new EventEnvelope(id, "{\"b\":" + b + ",\"i\":" + i + "}", at));
                    }
                }
                sent.addAll(batch);
                Instant arrival = T0.plusSeconds(b);
                assertEquals(
                        statement.ingest(device, batch, arrival), copied.ingest(device, batch, arrival), "batch " + b);
            }
            List<StoredEvent> viaCopy = new ArrayList<>();
            copied.query(null, viaCopy::add);
            List<StoredEvent> viaStatement = new ArrayList<>();
            statement.query(null, viaStatement::add);
            assertEquals(viaStatement, viaCopy);
        }
    }

    /** A batch large enough for COPY: fresh it is copied, resent it fails COPY's key check and is refused whole. */
    @Test
    void aLargeBatchIsCopiedAndItsResendRefusedByTheKey() throws Exception {
        List<EventEnvelope> batch = new ArrayList<>();
        for (int i = 0; i < PostgresEventStore.COPY_MIN_EVENTS; i++) {
            batch.add(new EventEnvelope("e" + i, "{\"i\":" + i + "}", T0.plusMillis(i)));
        }
        long[] times =
                batch.stream().mapToLong(e -> EventTime.of(e.receivedAt())).toArray();
        int copied = store.inTransaction(c -> CopyBatch.copy(c, "dev-a", batch, times, T0.toEpochMilli()));
        assertEquals(batch.size(), copied);
        var e = assertThrows(
                StoreException.class,
                () -> store.inTransaction(c -> CopyBatch.copy(c, "dev-a", batch, times, T0.toEpochMilli())));
        assertTrue(CopyBatch.fallsBack(e), e.getMessage());
        // Through the store: the resend and a half-new batch take the fallback, in batch order.
        assertEquals(new IngestResult(0, batch.size()), events.ingest("dev-a", batch, T0.plusSeconds(1)));
        List<EventEnvelope> mixed = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            mixed.add(new EventEnvelope("n" + i, "{}", T0.plusMillis(i)));
            mixed.add(batch.get(i));
        }
        assertEquals(new IngestResult(batch.size(), batch.size()), events.ingest("dev-a", mixed, T0.plusSeconds(2)));
        List<String> ids = all().stream().map(StoredEvent::id).toList();
        assertEquals(2 * batch.size(), ids.size());
        assertEquals("e0", ids.get(0));
        assertEquals("n0", ids.get(batch.size()));
        assertEquals("n" + (batch.size() - 1), ids.get(ids.size() - 1));
    }

    /**
     * The same large batches sent to two collectors at the same moment (a retry racing the original):
     * one COPY waits for the other's commit, fails on the key and falls back; each event is stored
     * once and the two answers add up to the batch.
     */
    @Test
    void theSameLargeBatchOnTwoCollectorsAtOnceIsStoredOnce() throws Exception {
        int size = 2000;
        try (PostgresStore other = PostgresStore.open(url, PostgresHarness.PASSWORD)) {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                for (int round = 0; round < 5; round++) {
                    List<EventEnvelope> batch = new ArrayList<>();
                    for (int i = 0; i < size; i++) {
                        batch.add(new EventEnvelope("r" + round + "-" + i, "{}", T0.plusMillis(i)));
                    }
                    CountDownLatch go = new CountDownLatch(1);
                    List<Future<IngestResult>> answers = new ArrayList<>();
                    for (PostgresStore s : List.of(store, other)) {
                        answers.add(pool.submit(() -> {
                            go.await();
                            return s.events().ingest("dev-a", batch, T0);
                        }));
                    }
                    go.countDown();
                    IngestResult a = answers.get(0).get();
                    IngestResult b = answers.get(1).get();
                    assertEquals(size, a.accepted() + b.accepted(), "round " + round + ": " + a + " " + b);
                    assertEquals(size, a.accepted() + a.duplicates(), "round " + round);
                    assertEquals(size, b.accepted() + b.duplicates(), "round " + round);
                    assertEquals((long) size * (round + 1), events.count(null), "round " + round);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /**
     * A database migrated by the previous uplink (V2) and holding events in every kind of partition
     * is upgraded to V3 in place: every row kept, the key still refusing resends, the key columns now
     * compared bytewise.
     */
    @Test
    void anUpgradeFromVersion2KeepsTheEventsAndTheirDedupe() throws Exception {
        StoreUrl.Postgres old = pg.newDatabase();
        try (Connection c = DriverManager.getConnection(old.jdbcUrl(), PostgresHarness.USER, PostgresHarness.PASSWORD);
                var st = c.createStatement()) {
            Flyway.configure()
                    .dataSource(old.jdbcUrl(), PostgresHarness.USER, PostgresHarness.PASSWORD)
                    .locations(PostgresStore.MIGRATIONS)
                    .target("2")
                    .load()
                    .migrate();
            Instant day = Instant.parse("2026-03-01T12:00:00Z");
            st.execute("CREATE TABLE events_p20260301 PARTITION OF events FOR VALUES FROM ("
                    + day.minusSeconds(12 * 3600).toEpochMilli() + ") TO ("
                    + day.plusSeconds(12 * 3600).toEpochMilli() + ")");
            // A dated row in its day's partition, one in the default partition, one undated; two devices.
            st.execute("INSERT INTO events(id, device_id, event_at, received_at, payload) VALUES"
                    + " ('d1', 'dev-a', " + day.toEpochMilli() + ", 1, '{\"p\":1}'),"
                    + " ('d2', 'dev-a', " + day.plusSeconds(86_400 * 30).toEpochMilli() + ", 2, '{\"p\":2}'),"
                    + " ('u1', 'dev-b', 0, 3, '{\"p\":3}'),"
                    + " ('ünï', 'dev-b', 0, 4, '{\"p\":4}')");
        }
        assertEquals(
                PostgresStore.MIGRATION_VERSIONS.size() - 2,
                PostgresStore.migrate(old, PostgresHarness.PASSWORD),
                "V3 to the last");
        assertEquals(0, PostgresStore.migrate(old, PostgresHarness.PASSWORD));
        try (PostgresStore s = PostgresStore.open(old, PostgresHarness.PASSWORD)) {
            List<String> rows = new ArrayList<>();
            s.events().query(null, e -> rows.add(e.deviceId() + "/" + e.id() + " " + e.payloadJson()));
            assertEquals(
                    List.of("dev-a/d1 {\"p\":1}", "dev-a/d2 {\"p\":2}", "dev-b/u1 {\"p\":3}", "dev-b/ünï {\"p\":4}"),
                    rows);
            Instant day = Instant.parse("2026-03-01T12:00:00Z");
            assertEquals(
                    new IngestResult(1, 2), // u1 is dev-b's: dev-a's u1 is another event
                    s.events()
                            .ingest(
                                    "dev-a",
                                    List.of(
                                            new EventEnvelope("d1", "{}", day),
                                            new EventEnvelope("d2", "{}", day.plusSeconds(86_400 * 30)),
                                            new EventEnvelope("u1", "{}", day)),
                                    T0));
            assertEquals(
                    new IngestResult(0, 2),
                    s.events()
                            .ingest(
                                    "dev-b",
                                    List.of(new EventEnvelope("u1", "{}"), new EventEnvelope("ünï", "{}")),
                                    T0));
            assertEquals(5, s.events().count(null));
            List<String> collations = s.read(c -> {
                List<String> out = new ArrayList<>();
                try (var q =
                        c.prepareStatement("SELECT c.relname || '.' || a.attname || '=' || coalesce(co.collname, '-')"
                                + " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
                                + " LEFT JOIN pg_collation co ON co.oid = a.attcollation"
                                + " WHERE c.relname LIKE 'events%' AND c.relkind IN ('r', 'p') AND a.attname IN ('id', 'device_id')"
                                + " ORDER BY 1")) {
                    var rs = q.executeQuery();
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
                return out;
            });
            assertEquals(
                    List.of(
                            "events.device_id=C", "events.id=C",
                            "events_default.device_id=C", "events_default.id=C",
                            "events_p20260301.device_id=C", "events_p20260301.id=C",
                            "events_undated.device_id=C", "events_undated.id=C"),
                    collations);
        }
    }
}
