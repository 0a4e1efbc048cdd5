package dev.uplink.cli.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.collector.store.IngestResult;
import dev.uplink.collector.store.PostgresStore;
import dev.uplink.collector.store.StoreUrl;
import dev.uplink.collector.testing.PostgresCluster;
import dev.uplink.collector.testing.PostgresHarness;
import dev.uplink.collector.tls.SelfSignedCa;
import dev.uplink.core.protocol.EventEnvelope;
import dev.uplink.core.tls.KeyAndChain;
import dev.uplink.core.tls.Pem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The collector commands on a real PostgreSQL store (one cluster for the class). */
class CollectorPostgresCliTest {

    @RegisterExtension
    static final PostgresCluster pg = new PostgresCluster();

    @TempDir
    Path dir;

    private Path passwordFile(String password) throws Exception {
        Path f = dir.resolve("pw-" + password.length());
        Files.writeString(f, password + "\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        return f;
    }

    @Test
    void migrateTwiceThenTheOtherCommandsUseTheStore() throws Exception {
        StoreUrl.Postgres url = pg.newDatabase();
        String pw = passwordFile(PostgresHarness.PASSWORD).toString();
        CliRun first = CliRun.of("collector", "migrate", "--store", url.display(), "--store-password-file", pw);
        assertEquals(0, first.exit(), first.err());
        // V1-V5 (collector/src/main/resources/db/uplink-postgresql).
        assertTrue(first.out().contains("5 migration(s) applied"), first.out());
        CliRun second = CliRun.of("collector", "migrate", "--store", url.display(), "--store-password-file", pw);
        assertEquals(0, second.exit(), second.err());
        assertTrue(second.out().contains("nothing to migrate"), second.out());

        CliRun onboard = CliRun.of(
                "collector",
                "onboarding-package",
                "--store",
                url.display(),
                "--store-password-file",
                pw,
                "--url",
                "https://collector.test:8443",
                "--out",
                dir.resolve("dev.json").toString());
        assertEquals(0, onboard.exit(), onboard.err());
        assertTrue(onboard.err().contains("no --ca-file"), onboard.err());
        CliRun tokens = CliRun.of(
                "collector", "devices", "--tokens", "--json", "--store", url.display(), "--store-password-file", pw);
        assertEquals(0, tokens.exit(), tokens.err());
        assertTrue(tokens.out().contains("tok-"), tokens.out());
        CliRun count =
                CliRun.of("collector", "query", "--count", "--store", url.display(), "--store-password-file", pw);
        assertEquals(0, count.exit(), count.err());
        assertEquals("0", count.out().strip());
    }

    @Test
    void retainDropsWholeOldDayPartitions() throws Exception {
        StoreUrl.Postgres url = pg.newDatabase();
        String pw = passwordFile(PostgresHarness.PASSWORD).toString();
        assertEquals(
                0,
                CliRun.of("collector", "migrate", "--store", url.display(), "--store-password-file", pw)
                        .exit());
        Instant now = Instant.now();
        Instant old = now.minus(Duration.ofDays(40));
        try (PostgresStore store = PostgresStore.open(url, PostgresHarness.PASSWORD)) {
            store.prepare(old); // as a collector running 40 days ago did
            store.events().ingest("dev-a", List.of(new EventEnvelope("old", "{}", old)), old);
            store.events().ingest("dev-a", List.of(new EventEnvelope("new", "{}", now)), now);
        }
        CliRun r = CliRun.of(
                "collector", "retain", "--store", url.display(), "--store-password-file", pw, "--retain", "30d");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains(": 9 partition(s) dropped (events_p"), r.out());
        assertTrue(r.out().contains(", 0 row(s) deleted"), r.out());
        CliRun q = CliRun.of("collector", "query", "--store", url.display(), "--store-password-file", pw);
        assertTrue(q.out().contains("\"id\":\"new\"") && !q.out().contains("\"id\":\"old\""), q.out());
        try (PostgresStore store = PostgresStore.open(url, PostgresHarness.PASSWORD)) {
            List<String> days = store.dayPartitions();
            // The retain pass made today's and the coming days' partitions too.
            assertEquals(9, days.size(), days.toString());
            assertEquals(
                    new IngestResult(0, 1),
                    store.events().ingest("dev-a", List.of(new EventEnvelope("new", "{}", now)), now),
                    "the kept event is still a duplicate");
        }
    }

    @Test
    void runRefusesAnUnmigratedDatabaseNamingMigrate() throws Exception {
        StoreUrl.Postgres url = pg.newDatabase();
        KeyAndChain server = SelfSignedCa.issueServer(SelfSignedCa.create(), List.of("127.0.0.1"));
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Files.writeString(cert, Pem.encodeCertificates(server.chain()));
        Files.writeString(key, Pem.encodePrivateKey(server.key()));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        String pw = passwordFile(PostgresHarness.PASSWORD).toString();
        CliRun r = assertTimeoutPreemptively(
                Duration.ofSeconds(30),
                () -> CliRun.of(
                        "collector",
                        "run",
                        "--listen",
                        "127.0.0.1:" + freePort(),
                        "--tls-cert",
                        cert.toString(),
                        "--tls-key",
                        key.toString(),
                        "--store",
                        url.display(),
                        "--store-password-file",
                        pw));
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("uplink collector migrate --store " + url.display()), r.err());
    }

    private static int freePort() throws java.io.IOException {
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void aWrongPasswordIsAClearErrorWithoutThePassword() throws Exception {
        StoreUrl.Postgres url = pg.newDatabase();
        String wrong = "Wrong-Password-8812";
        String pw = passwordFile(wrong).toString();
        for (String sub : List.of("migrate", "query")) {
            CliRun r = CliRun.of("collector", sub, "--store", url.display(), "--store-password-file", pw);
            assertEquals(1, r.exit(), r.out() + r.err());
            assertTrue(r.err().contains("password authentication failed"), r.err());
            assertTrue(r.err().contains(url.display()), r.err());
            assertFalse((r.out() + r.err()).contains(wrong), r.err());
        }
    }
}
