package dev.uplink.cli.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.uplink.collector.auth.EnrollmentService;
import dev.uplink.collector.http.CollectorLimits;
import dev.uplink.collector.http.CollectorServer;
import dev.uplink.collector.store.PostgresStore;
import dev.uplink.collector.store.StoreUrl;
import dev.uplink.collector.testing.PostgresCluster;
import dev.uplink.collector.testing.PostgresHarness;
import dev.uplink.collector.tls.SelfSignedCa;
import dev.uplink.core.protocol.IdAndSecret;
import dev.uplink.core.tls.KeyAndChain;
import dev.uplink.core.tls.TrustMaterial;
import dev.uplink.sensor.delivery.CollectorSelector;
import dev.uplink.sensor.e2e.CollectorLab;
import dev.uplink.sensor.e2e.SensorLab;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real sensor against a collector whose PostgreSQL goes down and comes back
 * (docs/behaviour.md#store-outages): the collector's 503 + Retry-After keeps the events in the
 * sensor's spool, the sensor waits the Retry-After (not its short backoff), and once PostgreSQL is
 * back every acknowledged event is stored exactly once.
 */
class SensorThroughStoreOutageTest {

    @RegisterExtension
    static final PostgresCluster pg = new PostgresCluster();

    @TempDir
    Path dir;

    @Test
    void eventsWaitInTheSpoolWhileTheStoreIsDownAndArriveOnceAfter() throws Exception {
        StoreUrl.Postgres url = pg.newDatabase();
        PostgresStore.migrate(url, PostgresHarness.PASSWORD);
        KeyAndChain ca = SelfSignedCa.create();
        try (PostgresStore store = PostgresStore.open(url, PostgresHarness.PASSWORD);
                CollectorServer server = CollectorServer.start(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                        SelfSignedCa.issueServer(ca, List.of(CollectorLab.NAME)),
                        store,
                        CollectorLimits.defaults(),
                        Clock.systemUTC())) {
            store.prepare(Instant.now());
            EnrollmentService enrollment = new EnrollmentService(store.tokens(), Clock.systemUTC());
            IdAndSecret device = enrollment
                    .enroll(enrollment.issue(Duration.ofHours(1)).token().reveal(), "outage")
                    .credential();
            List<String> acked = new ArrayList<>();
            try (SensorLab sensor = SensorLab.start(
                    dir.resolve("state"),
                    dir.resolve("etc"),
                    CollectorSelector.single(
                            CollectorLab.eventsUrl(server.address().getPort())),
                    TrustMaterial.only(ca.certificate()),
                    "Bearer " + device.reveal(),
                    Duration.ofSeconds(2),
                    SensorLab.DEFAULT_SENSOR_JSON)) {
                acked.addAll(sensor.send("before", 100));
                awaitStored(store, device, acked);

                pg.stopAbruptly();
                acked.addAll(sensor.send("during", 100)); // the sensor's intake does not depend on the collector
                JsonNode status = awaitStatus(
                        sensor,
                        s -> s.path("lastDelivery").path("result").asText().startsWith("HTTP 503"));
                String result = status.path("lastDelivery").path("result").asText();
                assertTrue(result.contains("collector store unavailable"), result);
                assertTrue(result.endsWith("retry in 10000 ms"), "Retry-After, not the backoff: " + result);
                assertTrue(status.path("spool").path("depth").asLong() > 0, "the events wait in the spool: " + status);
                assertTrue(status.path("counters").path("retried").asLong() >= 1, status.toString());

                pg.startAgain();
                acked.addAll(sensor.send("after", 100));
                awaitStored(store, device, acked);
            }
            Map<String, Long> copies = copiesPerId(store, device.id());
            assertEquals(
                    List.of(),
                    copies.entrySet().stream()
                            .filter(e -> e.getValue() != 1)
                            .map(Map.Entry::getKey)
                            .toList(),
                    "events stored more than once");
            Set<String> missing = new HashSet<>(acked);
            missing.removeAll(copies.keySet());
            assertEquals(Set.of(), missing);
        }
    }

    private static JsonNode awaitStatus(SensorLab sensor, Predicate<JsonNode> condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode last;
        do {
            last = SensorLab.awaitStatus(sensor, condition);
            if (last != null && condition.test(last)) {
                return last;
            }
        } while (System.nanoTime() < deadline);
        throw new AssertionError("sensor status never matched; last: " + last);
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
        AtomicReference<Set<String>> stored = new AtomicReference<>(Set.of());
        boolean ok = SensorLab.await(Duration.ofSeconds(40), () -> {
            try {
                stored.set(copiesPerId(store, device.id()).keySet());
            } catch (RuntimeException e) {
                return false; // the store is still coming back
            }
            return stored.get().containsAll(acked);
        });
        assertTrue(ok, "stored " + stored.get().size() + " of " + acked.size() + " acknowledged events");
    }
}
