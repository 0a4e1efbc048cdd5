package dev.uplink.collector.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.collector.auth.AuthException;
import dev.uplink.collector.auth.EnrollmentService;
import dev.uplink.collector.auth.Secrets;
import dev.uplink.collector.testing.PostgresHarness;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The PostgreSQL store against a real PostgreSQL: the {@link EventStoreContract}, migrations, refusals. */
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
        assertEquals(3, PostgresStore.migrate(url, PostgresHarness.PASSWORD), "V1, V2 and V4");
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
}
