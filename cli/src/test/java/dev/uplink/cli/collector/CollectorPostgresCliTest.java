package dev.uplink.cli.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.collector.store.StoreUrl;
import dev.uplink.collector.testing.PostgresHarness;
import dev.uplink.collector.tls.SelfSignedCa;
import dev.uplink.core.tls.KeyAndChain;
import dev.uplink.core.tls.Pem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The collector commands on a real PostgreSQL store (one cluster for the class). */
class CollectorPostgresCliTest {

    static PostgresHarness pg;

    @TempDir
    Path dir;

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
        assertTrue(first.out().contains("1 migration(s) applied"), first.out());
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
