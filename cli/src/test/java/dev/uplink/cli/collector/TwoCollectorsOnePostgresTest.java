package dev.uplink.cli.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.collector.auth.EnrollmentService;
import dev.uplink.collector.store.PostgresStore;
import dev.uplink.collector.store.StoreUrl;
import dev.uplink.collector.testing.PostgresCluster;
import dev.uplink.collector.testing.PostgresHarness;
import dev.uplink.collector.tls.SelfSignedCa;
import dev.uplink.core.protocol.EventEnvelope;
import dev.uplink.core.protocol.IdAndSecret;
import dev.uplink.core.tls.KeyAndChain;
import dev.uplink.core.tls.Pem;
import dev.uplink.core.tls.TrustMaterial;
import dev.uplink.sensor.delivery.CollectorSelector;
import dev.uplink.sensor.e2e.CollectorLab;
import dev.uplink.sensor.e2e.SensorLab;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code uplink collector run} processes on one PostgreSQL database and a sensor that lists
 * both (docs/behaviour.md#collector-failover, docs/behaviour.md#stores): the collector in use is
 * killed with SIGKILL while batches are in flight, the sensor moves to the other, the killed one
 * is started again and taken back into use — and every event the sensor acknowledged is stored
 * exactly once. On the way, {@code collector run} makes the day partitions and applies
 * {@code --retain} before it serves (docs/behaviour.md#partitions-and-retention).
 */
class TwoCollectorsOnePostgresTest {

    @RegisterExtension
    static final PostgresCluster pg = new PostgresCluster();

    @TempDir
    Path dir;

    @Test
    void aCollectorKilledWithSigkillAndRestartedLosesAndDoublesNothing() throws Exception {
        StoreUrl.Postgres url = pg.newDatabase();
        PostgresStore.migrate(url, PostgresHarness.PASSWORD);
        KeyAndChain ca = SelfSignedCa.create();
        KeyAndChain identity = SelfSignedCa.issueServer(ca, List.of(CollectorLab.NAME));
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Path password = dir.resolve("store-password");
        Files.writeString(cert, Pem.encodeCertificates(identity.chain()));
        Files.writeString(key, Pem.encodePrivateKey(identity.key()));
        Files.writeString(password, PostgresHarness.PASSWORD + "\n");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-------"));
        List<String> args = List.of(
                "--tls-cert",
                cert.toString(),
                "--tls-key",
                key.toString(),
                "--store",
                url.display(),
                "--store-password-file",
                password.toString());

        try (PostgresStore store = PostgresStore.open(url, PostgresHarness.PASSWORD)) {
            EnrollmentService enrollment = new EnrollmentService(store.tokens(), Clock.systemUTC());
            IdAndSecret device = enrollment
                    .enroll(enrollment.issue(Duration.ofHours(1)).token().reveal(), "two-collectors")
                    .credential();
            int portA = freePort();
            int portB = freePort();
            URI urlA = CollectorLab.eventsUrl(portA);
            URI urlB = CollectorLab.eventsUrl(portB);
            // A collector ran here 40 days ago: its day partitions hold an old event.
            Instant old = Instant.now().minus(Duration.ofDays(40));
            store.prepare(old);
            store.events().ingest(device.id(), List.of(new EventEnvelope("old", "{}", old)), old);
            List<String> bArgs = new ArrayList<>(args);
            bArgs.addAll(List.of("--retain", "30d"));
            CompletableFuture<CollectorProcess> startingB =
                    CompletableFuture.supplyAsync(() -> CollectorProcess.start(dir.resolve("b.log"), portB, bArgs));
            CollectorProcess a = CollectorProcess.start(dir.resolve("a-1.log"), portA, args);
            CollectorProcess b = startingB.get(90, TimeUnit.SECONDS);
            // Both made the coming days' partitions (one of them each day, the other found it made) and
            // B, with --retain 30d, dropped the old ones before it served.
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            List<String> days = new ArrayList<>();
            for (int d = -1; d <= 7; d++) {
                days.add("events_p" + DateTimeFormatter.BASIC_ISO_DATE.format(today.plusDays(d)));
            }
            assertEquals(days, store.dayPartitions());
            assertEquals(0, store.events().count(null), "the old event went with its partition");
            assertFalse(a.log().contains("housekeeping failed") || b.log().contains("housekeeping failed"));
            List<String> acked = Collections.synchronizedList(new ArrayList<>());
            try {
                CollectorSelector collectors =
                        new CollectorSelector(List.of(urlA, urlB), Clock.systemUTC(), Duration.ofSeconds(2));
                try (SensorLab sensor = SensorLab.start(
                        dir.resolve("state"),
                        dir.resolve("etc"),
                        collectors,
                        TrustMaterial.only(ca.certificate()),
                        "Bearer " + device.reveal(),
                        Duration.ofSeconds(2),
                        SensorLab.DEFAULT_SENSOR_JSON)) {
                    acked.addAll(sensor.send("before", 200));
                    awaitStored(store, device, acked);
                    assertEquals(urlA, collectors.inUse(), "the first collector of the list serves");

                    // Events keep coming while A is killed: some of its batches are in flight then. Rounds
                    // of 150 make batches large enough for the store's COPY path, whose retry after a
                    // lost answer fails on the key and falls back
                    // (docs/decisions/0008-postgresql-batches-copied-optimistically.md).
                    AtomicBoolean stop = new AtomicBoolean();
                    AtomicReference<Throwable> failed = new AtomicReference<>();
                    Thread producer = new Thread(() -> {
                        try {
                            for (int round = 0; !stop.get(); round++) {
                                acked.addAll(sensor.send("during-" + round, 150));
                                Thread.sleep(20);
                            }
                        } catch (Throwable e) {
                            failed.set(e);
                        }
                    });
                    producer.start();
                    Thread.sleep(700);
                    a.kill();
                    assertTrue(
                            SensorLab.await(
                                    Duration.ofSeconds(20),
                                    () -> collectors.heldBack().stream()
                                            .anyMatch(h -> h.collector().equals(urlA))),
                            "A is held back after SIGKILL: " + collectors.heldBack());
                    Thread.sleep(700); // B takes the load for a while
                    stop.set(true);
                    producer.join(30_000);
                    assertEquals(null, failed.get());
                    awaitStored(store, device, acked);
                    assertTrue(b.log().contains("events accepted"), "B took over");

                    CollectorProcess restarted = CollectorProcess.start(dir.resolve("a-2.log"), portA, args);
                    a = restarted;
                    Thread.sleep(2_100); // A's hold-back ends: it comes first again
                    acked.addAll(sensor.send("after", 200));
                    awaitStored(store, device, acked);
                    // Which collector answers a given batch races with the retries still under way; the
                    // collectors' own logs say who stored what.
                    assertTrue(
                            SensorLab.await(
                                    Duration.ofSeconds(10),
                                    () -> restarted.log().contains("events accepted")),
                            "the restarted A stores events again");
                }
            } finally {
                a.kill();
                b.kill();
            }

            Map<String, Long> copies = copiesPerId(store, device.id());
            List<String> doubled = copies.entrySet().stream()
                    .filter(e -> e.getValue() != 1)
                    .map(e -> e.getKey() + " x" + e.getValue())
                    .toList();
            assertEquals(List.of(), doubled, "an event stored more than once");
            Set<String> missing = new HashSet<>(acked);
            missing.removeAll(copies.keySet());
            assertEquals(Set.of(), missing, "acknowledged events not stored");
            assertTrue(acked.size() > 400, "events sent: " + acked.size());
        }
    }

    private static Map<String, Long> copiesPerId(PostgresStore store, String deviceId) {
        return store.read(c -> {
            Map<String, Long> copies = new TreeMap<>();
            try (var q = c.prepareStatement("SELECT id, count(*) FROM events WHERE device_id = ? GROUP BY id")) {
                q.setString(1, deviceId);
                ResultSet rs = q.executeQuery();
                while (rs.next()) {
                    copies.put(rs.getString(1), rs.getLong(2));
                }
            }
            return copies;
        });
    }

    private static void awaitStored(PostgresStore store, IdAndSecret device, List<String> acked)
            throws InterruptedException {
        List<String> expected;
        synchronized (acked) {
            expected = new ArrayList<>(acked);
        }
        AtomicReference<Set<String>> stored = new AtomicReference<>(Set.of());
        boolean ok = SensorLab.await(Duration.ofSeconds(30), () -> {
            stored.set(copiesPerId(store, device.id()).keySet());
            return stored.get().containsAll(expected);
        });
        assertTrue(ok, "stored " + stored.get().size() + " of " + expected.size() + " acknowledged events");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** {@code uplink collector run} as a separate JVM, as an operator runs it. */
    private record CollectorProcess(Process process, Path logFile) {

        static CollectorProcess start(Path log, int port, List<String> storeArgs) {
            try {
                return launch(log, port, storeArgs);
            } catch (Exception e) {
                throw new AssertionError("starting the collector on port " + port, e);
            }
        }

        String log() {
            try {
                return Files.readString(logFile);
            } catch (IOException e) {
                return "";
            }
        }

        private static CollectorProcess launch(Path log, int port, List<String> storeArgs) throws Exception {
            List<String> cmd = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx192m",
                    "-XX:TieredStopAtLevel=1",
                    "-XX:+UseSerialGC",
                    "-cp",
                    System.getProperty("java.class.path"),
                    "dev.uplink.cli.Main",
                    "collector",
                    "run",
                    "--listen",
                    "127.0.0.1:" + port));
            cmd.addAll(storeArgs);
            Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = CompletableFuture.supplyAsync(() -> {
                        try {
                            return out.readLine();
                        } catch (IOException e) {
                            return null;
                        }
                    })
                    .get(60, TimeUnit.SECONDS);
            if (line == null || !line.startsWith("collector listening on https://127.0.0.1:" + port)) {
                p.destroyForcibly();
                throw new AssertionError("collector did not start: " + line + "\n" + Files.readString(log));
            }
            return new CollectorProcess(p, log);
        }

        /** SIGKILL: no shutdown hook, no graceful stop, in-flight requests cut. */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
